namespace GridGovernance.Domain.Cases;

/// <summary>The five request types of 12345 hotlines.</summary>
public enum RequestType
{
    Consult,    // 咨询
    Help,       // 求助
    Complaint,  // 投诉
    Report,     // 举报
    Suggestion, // 建议
}

public static class RequestTypes
{
    public static IReadOnlyList<RequestType> All { get; } = Enum.GetValues<RequestType>();

    public static string Chinese(this RequestType type) => type switch
    {
        RequestType.Consult => "咨询",
        RequestType.Help => "求助",
        RequestType.Complaint => "投诉",
        RequestType.Report => "举报",
        RequestType.Suggestion => "建议",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The value stored in the database and sent by forms and the API.</summary>
    public static string Code(this RequestType type) => type.ToString().ToLowerInvariant();

    public static RequestType? FromCode(string? code) =>
        All.Cast<RequestType?>().FirstOrDefault(t => string.Equals(t!.Value.Code(), code, StringComparison.Ordinal));
}
