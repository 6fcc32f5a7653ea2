namespace GridGovernance.Domain.Accounts;

/// <summary>What a new password must satisfy; the Chinese reason when it does not.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 128;

    public static string? Problem(string username, string? newPassword, string? confirmation)
    {
        if (string.IsNullOrEmpty(newPassword)) return "请输入新密码。";
        if (newPassword != confirmation) return "两次输入的新密码不一致。";
        if (newPassword.Length < MinimumLength) return $"新密码至少 {MinimumLength} 个字符。";
        if (newPassword.Length > MaximumLength) return $"新密码不能超过 {MaximumLength} 个字符。";
        if (string.Equals(newPassword.Trim(), username, StringComparison.OrdinalIgnoreCase)) return "新密码不能与用户名相同。";
        return null;
    }
}
