using System.Security.Cryptography;
using System.Text;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// 凭编号查询 (GET/POST /t): a resident who lost the tracking link finds the case by its number and the mobile number it was filed
/// with, as the placard promises. Public, so it tells nothing to a guesser: an unknown number, a case filed without a phone and
/// a wrong phone get the same words and status, after the same work (every candidate's phone is decrypted; with no candidate a
/// decoy is); counted per client IP like every public submission (GridGov:RateLimits:PerClientPerMinute).
/// </summary>
internal static partial class CaseLookup
{
    public const string NotFoundText = "未查到与该案件编号和手机号相符的案件。请核对案件编号（如 E0102202612020001）和提交时填写的手机号；未留手机号的案件只能凭查询链接查看。";


    public static void MapCaseLookup(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t", (HttpContext context, IAntiforgery antiforgery) => Page(context, antiforgery, null, null, null, StatusCodes.Status200OK));
        app.MapPost("/t", LookUpAsync).WithMetadata(PublicSubmissionMetadata.Instance).DisableAntiforgery();
    }

    /// <summary>
    /// What the look-ups of this instance did: phones decrypted and compared. A hit, a wrong phone and an unknown number must each
    /// do the same work (one decryption and one constant-time comparison per candidate, a decoy when there is none), so that the
    /// answer's time tells nothing; the tests read these counts instead of timing the answers.
    /// </summary>
    internal sealed class Work
    {
        private long _decryptions;
        private long _comparisons;
        public long Decryptions => Interlocked.Read(ref _decryptions);
        public long Comparisons => Interlocked.Read(ref _comparisons);
        public void Decrypted() => Interlocked.Increment(ref _decryptions);
        public void Compared() => Interlocked.Increment(ref _comparisons);

        private byte[]? _decoy;

        /// <summary>
        /// Decrypted in place of a real reporter's phone when no case has the number, so that a miss costs what a wrong phone
        /// costs. Kept per app instance (this singleton), never in a static: it must be protected with this app's own keys.
        /// </summary>
        public byte[] Decoy(CaseSecrets secrets) => _decoy ??= secrets.ProtectPhone("10000000000")!;
    }

    private static async Task<IResult> LookUpAsync(IFormCollection form, HttpContext context, IAntiforgery antiforgery, NpgsqlDataSource dataSource,
        CaseSecrets secrets, Work work, CancellationToken ct)
    {
        ReportEndpoints.NoStore(context);
        var number = FormReading.Text(form, "number")?.ToUpperInvariant();
        var phone = FormReading.Text(form, "phone");
        if (!await antiforgery.IsRequestValidAsync(context))
            return Page(context, antiforgery, number, phone, "页面已过期，请重新查询。", StatusCodes.Status400BadRequest);
        if (CaseNumber.TryParse(number) is null)
            return Page(context, antiforgery, number, phone, "请填写 17 位案件编号（E 或 C 开头，如 E0102202612020001）。", StatusCodes.Status400BadRequest);
        if (phone is null || ReportRules.PhoneProblem(phone) is not null)
            return Page(context, antiforgery, number, phone, "请填写提交时留下的 11 位手机号。", StatusCodes.Status400BadRequest);

        // A number is unique per county: two counties may share one, each with its own reporter.
        var candidates = new List<(byte[] Phone, byte[] Token)>();
        await using (var command = dataSource.CreateCommand(
            "SELECT reporter_phone_encrypted, tracking_token_encrypted FROM case_file WHERE number = $1 AND reporter_phone_encrypted IS NOT NULL LIMIT 10"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
        }
        if (candidates.Count == 0) candidates.Add((work.Decoy(secrets), []));

        string? token = null;
        var given = Encoding.UTF8.GetBytes(phone);
        foreach (var (cipher, tokenCipher) in candidates)
        {
            var stored = Encoding.UTF8.GetBytes(secrets.UnprotectPhone(cipher));
            work.Decrypted();
            var same = CryptographicOperations.FixedTimeEquals(stored, given);
            work.Compared();
            if (same && tokenCipher.Length > 0) token ??= secrets.UnprotectToken(tokenCipher);
        }
        return token is null
            ? Page(context, antiforgery, number, phone, NotFoundText, StatusCodes.Status404NotFound)
            : FieldPages.SeeOther($"/t/{token}");
    }


    private static RazorComponentResult<LookupPage> Page(HttpContext context, IAntiforgery antiforgery, string? number, string? phone,
        string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<LookupPage>(new Dictionary<string, object?>
        {
            [nameof(LookupPage.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(LookupPage.AntiforgeryToken)] = tokens.RequestToken!,
            [nameof(LookupPage.Number)] = number,
            [nameof(LookupPage.Phone)] = phone,
            [nameof(LookupPage.Message)] = message,
        }) { StatusCode = status };
    }
}
