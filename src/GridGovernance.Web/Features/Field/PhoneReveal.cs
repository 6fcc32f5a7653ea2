using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// 查看/拨打 (POST /field/cases/{id}/phone): the reporter's full number, for territorial staff whose scope covers the case, as a
/// tel: link on the case page. Each reveal writes an audit row (who, which case, when — never the number) in the transaction
/// that reads it, and settles the resident's 希望回电: someone is calling now. Outside the scope it reads as a missing case.
/// </summary>
internal static class PhoneReveal
{
    public static void MapPhoneReveal(this RouteGroupBuilder field) =>
        field.MapPost("/cases/{caseId:long}/phone", RevealAsync).DisableAntiforgery();

    private static async Task<IResult> RevealAsync(long caseId, HttpContext context, CurrentStaff staff, NpgsqlDataSource dataSource,
        CaseSecrets secrets, IAntiforgery antiforgery, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return await FieldCaseEndpoints.PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers,
                StatusCodes.Status400BadRequest, ct, notice: "页面已过期，请再点一次“查看/拨打”。");
        string? phone = null;
        if (staff.Role.IsTerritorial())
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            string? number = null;
            byte[]? cipher = null;
            await using (var read = StaffScopeSql.Command(connection, tx, staff,
                $"SELECT c.number, c.reporter_phone_encrypted FROM case_file c WHERE c.id = @id AND {StaffScopeSql.SeesCase("c")} FOR UPDATE OF c"))
            {
                read.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
                await using var reader = await read.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    number = reader.GetString(0);
                    cipher = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
                }
            }
            if (number is not null && cipher is not null)
            {
                phone = secrets.UnprotectPhone(cipher);
                await AuditTrail.RecordAsync(connection, tx, new AuditEntry(staff.Id, staff.DisplayName, "phone.reveal", "case_file",
                    caseId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"查看案件 {number} 反映人的完整手机号（拨打）"), ct);
                await using var settle = new NpgsqlCommand(
                    "UPDATE case_file SET callback_done_at = now() WHERE id = $1 AND callback_requested AND callback_done_at IS NULL", connection, tx);
                settle.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
                await settle.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
        // Not found, out of scope and a case without a phone: the page itself answers (404, or the case without a number).
        return await FieldCaseEndpoints.PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers, StatusCodes.Status200OK, ct,
            revealedPhone: phone);
    }
}
