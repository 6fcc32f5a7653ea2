namespace GridGovernance.Domain.Cases;

/// <summary>Where a case came in (信息采集渠道).</summary>
public enum CaseSource
{
    QrScan,     // 扫码: a resident scanned a grid placard
    GridWorker, // 网格员 patrol
    LinkLeader, // 联户长 on behalf of households
    Hotline,    // 12345 hand-over
    External,   // another system (Open311-style API)
    Phone,      // 电话: a call taken at the township's desk
}

public static class CaseSources
{
    public static string Chinese(this CaseSource source) => source switch
    {
        CaseSource.QrScan => "扫码上报",
        CaseSource.GridWorker => "网格员上报",
        CaseSource.LinkLeader => "联户长上报",
        CaseSource.Hotline => "12345 热线",
        CaseSource.External => "外部系统",
        CaseSource.Phone => "电话",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public static string Code(this CaseSource source) => source switch
    {
        CaseSource.QrScan => "qr",
        CaseSource.GridWorker => "grid_worker",
        CaseSource.LinkLeader => "link_leader",
        CaseSource.Hotline => "hotline",
        CaseSource.External => "external",
        CaseSource.Phone => "phone",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public static CaseSource? FromCode(string? code) =>
        Enum.GetValues<CaseSource>().Cast<CaseSource?>().FirstOrDefault(s => s!.Value.Code() == code);
}
