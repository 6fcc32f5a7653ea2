using GridGovernance.Domain.Privacy;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

public sealed record HouseholdLinkUnit(string Code, string Name, string? LeaderName, string? LeaderPhone);

public sealed record HouseholdCard(
    string Code, string HeadName, int Members, string? Phone, string? Address,
    string GridCode, string GridName, HouseholdLinkUnit? LinkUnit);

/// <summary>
/// GET /api/staff/households/{code}: a household card for staff, scoped in SQL to the caller's territory, as JSON; GET
/// /field/households/{code}: the same card as the field map shows it (<see cref="HouseholdCardContent"/>, put into the page by
/// field-map.js). A household outside the scope answers exactly like an unknown one (404), so codes cannot be probed; the
/// attempt is logged without personal data.
/// </summary>
internal static class HouseholdCardEndpoint
{
    // Households are coded under their grid; a link leader's 18-digit scope is matched against the household's link unit.
    public static readonly string Sql = $"""
        SELECT h.code, h.head_name, h.members, h.phone, h.address, g.code, g.name, u.code, u.name, lh.head_name, lh.phone
        FROM household h
        JOIN grid g ON g.code = h.grid_code
        LEFT JOIN link_unit u ON u.code = h.link_unit_code
        LEFT JOIN household lh ON lh.code = u.leader_household_code
        WHERE h.code = @code AND {StaffScopeSql.SeesHousehold("h")}
        """;

    public static Task<IResult> GetAsync(string code, CurrentStaff staff, NpgsqlDataSource dataSource, ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        AnswerAsync(code, staff, dataSource, loggers, card => Results.Ok(card), cancellationToken);

    public static Task<IResult> GetHtmlAsync(string code, CurrentStaff staff, NpgsqlDataSource dataSource, ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        AnswerAsync(code, staff, dataSource, loggers, card => new RazorComponentResult<HouseholdCardContent>(new { Card = card }), cancellationToken);

    private static async Task<IResult> AnswerAsync(string code, CurrentStaff staff, NpgsqlDataSource dataSource, ILoggerFactory loggers,
        Func<HouseholdCard, IResult> answer, CancellationToken cancellationToken)
    {
        if (TerritoryCode.Problem(code, TerritoryLevel.Household) is not null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "住户编码应为 19 位数字。");

        // One connection for the read and its audit row.
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = StaffScopeSql.Command(connection, null, staff, Sql))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("code", code));
            HouseholdCard? card = null;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                    card = new HouseholdCard(
                        reader.GetString(0), reader.GetString(1), reader.GetInt16(2), PhoneMask.Mask(Text(3)), Text(4),
                        reader.GetString(5), reader.GetString(6),
                        Text(7) is { } unitCode ? new HouseholdLinkUnit(unitCode, reader.GetString(8), Text(9), PhoneMask.Mask(Text(10))) : null);
                }
            }
            if (card is not null)
            {
                // A household card is personal data: every view is on the audit trail (who, whose, when), before it is shown.
                await AuditTrail.RecordAsync(connection, null, new AuditEntry(
                    staff.Id, staff.DisplayName, "household.card.view", "household", card.Code,
                    $"查看住户卡 {card.Code}（{card.GridName}）"), cancellationToken);
                return answer(card);
            }
        }

        // Only a miss costs this second look, which tells a probe outside the scope apart from a mistyped code in the log.
        await using var exists = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM household WHERE code = $1)");
        exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                "Out-of-scope household request: account {AccountId} (scope {ScopeCode}) asked for household {HouseholdCode}",
                staff.Id, staff.ScopeCode, code);
        return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"没有编码为 {code} 的住户，或该住户不在您的管辖范围内。");
    }
}
