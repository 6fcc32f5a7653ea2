namespace GridGovernance.Web.Features.Admin;

/// <summary>How an administrative change ended.</summary>
internal enum AdminStatus
{
    Ok,
    /// <summary>Input refused; <see cref="AdminOutcome.Errors"/> names each field's problem in Chinese.</summary>
    Invalid,
    /// <summary>The caller's role may not do this at all.</summary>
    Forbidden,
    /// <summary>The record is missing or outside the caller's scope (the two answer alike).</summary>
    NotFound,
    /// <summary>The caller's own account changed (disabled, re-scoped, password changed) since the page opened.</summary>
    SignedOut,
}

/// <summary>
/// The answer of an administrative change: nothing was written unless <see cref="Status"/> is Ok. A one-time password is
/// carried only back to the page that asked for it, to be shown once; it is never stored in clear or logged.
/// </summary>
internal sealed record AdminOutcome(AdminStatus Status, string? Message, IReadOnlyDictionary<string, string> Errors,
    long? Id = null, string? OneTimePassword = null)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public bool Ok => Status == AdminStatus.Ok;

    public static AdminOutcome Done(string message, long? id = null, string? oneTimePassword = null) =>
        new(AdminStatus.Ok, message, None, id, oneTimePassword);

    public static AdminOutcome Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(AdminStatus.Invalid, "请按提示修改后再保存。", errors);

    public static AdminOutcome Invalid(string field, string message) =>
        new(AdminStatus.Invalid, message, new Dictionary<string, string> { [field] = message });

    public static AdminOutcome Forbidden(string message) => new(AdminStatus.Forbidden, message, None);

    public static AdminOutcome NotFound(string message = "该记录不存在或不在您的管理范围内。") => new(AdminStatus.NotFound, message, None);

    public static AdminOutcome SignedOut { get; } = new(AdminStatus.SignedOut, "登录已失效（账号已变更），请刷新页面重新登录。", None);
}
