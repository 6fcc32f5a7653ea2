using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>
/// 查看/拨打 on the household card (POST /api/staff/households/{code}/phone): the household's full number, for territorial
/// staff whose scope covers the household (the one rule, <see cref="StaffScopeSql.SeesHousehold"/>), as {phone}; the field map
/// turns it into a tel: link. Each reveal writes its audit row (phone.reveal: who, which household, when — never the number) in
/// the transaction that reads it. Outside the scope it reads as a missing household (404).
/// </summary>
internal static class HouseholdPhoneReveal
{
    public static async Task<IResult> RevealAsync(string code, HttpContext context, CurrentStaff staff, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "页面已过期，请刷新页面后再点“查看/拨打”。");
        if (TerritoryCode.Problem(code, TerritoryLevel.Household) is not null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "住户编码应为 19 位数字。");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        string? phone = null;
        var found = false;
        await using (var read = StaffScopeSql.Command(connection, tx, staff,
            $"SELECT h.phone FROM household h WHERE h.code = @code AND {StaffScopeSql.SeesHousehold("h")}"))
        {
            read.Parameters.Add(new NpgsqlParameter<string>("code", code));
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                found = true;
                phone = reader.IsDBNull(0) ? null : reader.GetString(0);
            }
        }
        if (!found)
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"没有编码为 {code} 的住户，或该住户不在您的管辖范围内。");
        context.Response.Headers.CacheControl = "no-store";
        // No number registered: nothing was revealed, nothing to record.
        if (phone is null) return Results.Ok(new { phone = (string?)null });

        await AuditTrail.RecordAsync(connection, tx, new AuditEntry(staff.Id, staff.DisplayName, "phone.reveal", "household", code,
            $"查看住户 {code} 的完整手机号（拨打）"), ct);
        await tx.CommitAsync(ct);
        return Results.Ok(new { phone });
    }
}
