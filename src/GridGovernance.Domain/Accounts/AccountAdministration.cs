using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GridGovernance.Domain.Accounts;

/// <summary>
/// Who may manage whose account, and what an account's fields must look like (issue 12, /admin/accounts). A county
/// administrator manages every account of the county; a township dispatcher only the grid workers and 联户长 of their
/// township (the people they work with every day). Messages are Chinese and name the field's problem.
/// </summary>
public static partial class AccountAdministration
{
    public const int DisplayNameMaxLength = 50;

    /// <summary>The roles <paramref name="actor"/> may create, edit and reset; empty for roles that manage no accounts.</summary>
    public static IReadOnlyList<StaffRole> ManageableRoles(StaffRole actor) => actor switch
    {
        StaffRole.CountyAdmin => StaffRoles.All,
        StaffRole.TownshipDispatcher => [StaffRole.GridWorker, StaffRole.LinkLeader],
        _ => [],
    };

    public static bool ManagesAccounts(StaffRole actor) => ManageableRoles(actor).Count > 0;

    /// <summary>
    /// May <paramref name="actor"/> hold an account of <paramref name="role"/> serving <paramref name="scopeCode"/>: the role is
    /// one it manages and the scope lies in its own (a unit code starts with its county's code, so the county covers its units).
    /// </summary>
    public static bool Covers(Scope actor, StaffRole role, string scopeCode) =>
        ManageableRoles(actor.Role).Contains(role) && scopeCode.StartsWith(actor.Code, StringComparison.Ordinal);

    public static string? DisplayNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "请填写姓名。";
        if (name.Trim().Length > DisplayNameMaxLength) return $"姓名不能超过 {DisplayNameMaxLength} 个字。";
        if (name.Any(char.IsControl)) return "姓名不能含有控制字符。";
        return null;
    }

    /// <summary>A mainland mobile number (11 digits, 1[3-9]…), as the database checks it; empty is allowed where optional.</summary>
    public static string? PhoneProblem(string? phone, bool required)
    {
        if (string.IsNullOrWhiteSpace(phone)) return required ? "请填写手机号。" : null;
        return MobilePattern().IsMatch(phone.Trim()) ? null : "手机号应为 11 位数字，以 13–19 开头。";
    }

    /// <summary>Usernames are stored lower-case: 2–32 of a–z, 0–9, “_”, “.”, “-”, starting with a letter or digit.</summary>
    public static string? UsernameProblem(string? username)
    {
        if (string.IsNullOrWhiteSpace(username)) return "请填写用户名。";
        return UsernamePattern().IsMatch(username.Trim().ToLowerInvariant())
            ? null
            : "用户名为 2–32 位小写英文字母、数字或 _ . -，以字母或数字开头（可用手机号）。";
    }

    public static string NormaliseUsername(string username) => username.Trim().ToLowerInvariant();

    // No 0/O, 1/l/I: the password is read off a screen and typed on a phone.
    private const string OneTimeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>
    /// A one-time password an administrator hands over (new account, reset): 12 characters, ≈ 68 bits, in three groups of
    /// four for reading aloud. The account must change it at its next login.
    /// </summary>
    public static string NewOneTimePassword()
    {
        Span<char> chars = stackalloc char[14];
        var j = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i is 4 or 8) chars[j++] = '-';
            chars[j++] = OneTimeAlphabet[RandomNumberGenerator.GetInt32(OneTimeAlphabet.Length)];
        }
        return new string(chars);
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
