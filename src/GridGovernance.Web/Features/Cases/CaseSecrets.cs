using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// Encrypts what a case holds about the resident (their phone) and the copy of their tracking token, with ASP.NET Core
/// Data Protection (keys live where the host configures them; the accounts feature keeps them in the database).
/// </summary>
internal sealed class CaseSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _phone = provider.CreateProtector("GridGovernance.ReporterPhone");
    private readonly IDataProtector _token = provider.CreateProtector("GridGovernance.TrackingToken");

    public byte[]? ProtectPhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : _phone.Protect(Encoding.UTF8.GetBytes(phone.Trim()));

    public string UnprotectPhone(byte[] cipher) => Encoding.UTF8.GetString(_phone.Unprotect(cipher));

    public byte[] ProtectToken(string token) => _token.Protect(Encoding.ASCII.GetBytes(token));

    public string UnprotectToken(byte[] cipher) => Encoding.ASCII.GetString(_token.Unprotect(cipher));
}
