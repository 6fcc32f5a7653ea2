using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>One 督办 raised on a case: its level, when, the deadline it was raised against, and the unit when it concerns an order.</summary>
public sealed record PaperSupervision(SupervisionLevel Level, DateTimeOffset RaisedAt, DateTimeOffset DueAt, string? UnitName);

/// <summary>
/// Paper for a case (issue 14): GET /dispatch/cases/{id}/file, the printable 案卷 (facts, photos, work orders, timeline,
/// signature lines; A4), and GET /dispatch/cases/{id}/supervision-sheet, the 督办单. Scoped like the case drawer
/// (<see cref="CaseDrawerQuery.FindAsync"/>: a case outside the caller's territory reads as missing), for the console's roles.
/// </summary>
internal static class CasePaperEndpoints
{
    public static void MapCasePaper(this RouteGroupBuilder pages)
    {
        pages.MapGet("/cases/{caseId:long}/file", (long caseId, HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource,
            CaseSecrets secrets, IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct) =>
            PaperAsync(caseId, supervisionSheet: false, new(http, staff, dataSource, secrets, antiforgery, clock, loggers), ct));
        pages.MapGet("/cases/{caseId:long}/supervision-sheet", (long caseId, HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource,
            CaseSecrets secrets, IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct) =>
            PaperAsync(caseId, supervisionSheet: true, new(http, staff, dataSource, secrets, antiforgery, clock, loggers), ct));
    }

    private static async Task<IResult> PaperAsync(long caseId, bool supervisionSheet, ConsolePageEndpoints.ConsoleContext context, CancellationToken ct)
    {
        if (!context.Staff.UsesConsole()) return ConsolePageEndpoints.NotForRole(context);
        var now = context.Clock.GetUtcNow();
        var drawer = await CaseDrawerQuery.FindAsync(context.DataSource, context.Secrets, context.Staff, caseId, now, ct);
        if (drawer is null)
        {
            context.Loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                "Case {CaseId} not found in scope of account {AccountId} (scope {ScopeCode})", caseId, context.Staff.Id, context.Staff.ScopeCode);
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "该案件不存在，或不在您的管辖范围内。");
        }
        var (township, supervisions) = await ReadAsync(context.DataSource, caseId, ct);
        var parameters = new Dictionary<string, object?>
        {
            ["Drawer"] = drawer,
            ["Township"] = township,
            ["Supervisions"] = supervisions,
            ["PrintedBy"] = context.Staff.DisplayName,
            ["Now"] = now,
        };
        return supervisionSheet
            ? new RazorComponentResult<SupervisionSheetPage>(parameters)
            : new RazorComponentResult<CaseFilePage>(parameters);
    }

    /// <summary>The case's township name and its 督办 records (the case was found in scope just before).</summary>
    private static async Task<(string Township, IReadOnlyList<PaperSupervision> Supervisions)> ReadAsync(NpgsqlDataSource dataSource, long caseId,
        CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT t.name FROM case_file c JOIN township t ON t.code = c.township_code WHERE c.id = $1")
        {
            Parameters = { new NpgsqlParameter<long> { TypedValue = caseId } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT s.level, s.raised_at, s.due_at, u.name
            FROM supervision s LEFT JOIN work_order o ON o.id = s.work_order_id LEFT JOIN department_unit u ON u.code = o.unit_code
            WHERE s.case_id = $1 ORDER BY s.raised_at, s.id
            """)
        {
            Parameters = { new NpgsqlParameter<long> { TypedValue = caseId } },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var township = await reader.ReadAsync(ct) ? reader.GetString(0) : "";
        await reader.NextResultAsync(ct);
        var list = new List<PaperSupervision>();
        while (await reader.ReadAsync(ct))
        {
            if (SupervisionLevels.FromCode(reader.GetString(0)) is not { } level) continue;
            list.Add(new PaperSupervision(level, reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return (township, list);
    }
}
