using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Departments;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Field;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>One unit's work order as the dispatcher follows it.</summary>
public sealed record DrawerOrder(
    long Id, string UnitCode, string UnitName, WorkOrderState State, DateTimeOffset DispatchedAt, DeadlineReading? Deadline,
    WhistleKind? Whistle, DateTimeOffset? ArrivalDeadline, DateTimeOffset? ArrivedAt, DateTimeOffset? SignedAt,
    DateTimeOffset? FedBackAt, string? FeedbackNote, string? ReturnedReason, ExtensionStatus Extension, DateTimeOffset? ExtensionUntil,
    string? ExtensionReason, int ReworkCount)
{
    /// <summary>Where the unit reported in was beyond the radius (位置不符), by <see cref="ArrivalDistanceMetres"/>.</summary>
    public bool PlaceMismatch { get; init; }

    public double? ArrivalDistanceMetres { get; init; }

    public long? WhistleId { get; init; }
}

/// <summary>A unit the whistle dialog offers: suggested by routing (with its party) or any other unit of the county.</summary>
public sealed record DrawerUnit(string Code, string Name, string? PartyName, bool Suggested, bool PreChecked);

/// <summary>Everything the case drawer shows and offers.</summary>
public sealed record CaseDrawer(
    FieldCase Facts, CaseSource? Source, DeadlineReading? Deadline, DateTimeOffset? AcceptedAt, string? ClosureName, int ReworkCount,
    int Supervisions, IReadOnlyList<DrawerOrder> Orders, IReadOnlyList<DuplicateHint> Duplicates, IReadOnlyList<CaseAction> Actions,
    IReadOnlyList<DrawerUnit> Units, ClosureType DefaultClosure, TimeSpan RoutineArrival, TimeSpan ToughArrival, DateTimeOffset Now)
{
    /// <summary>The case's whistles as the summoned units see them (note, meeting place, units with contacts and arrival).</summary>
    public IReadOnlyList<WhistleTeam> Teams { get; init; } = [];

    /// <summary>The county's other townships, for 转办 (empty when the case cannot be passed on or the caller may not).</summary>
    public IReadOnlyList<(string Code, string Name)> TransferTargets { get; init; } = [];
}

internal static class CaseDrawerQuery
{
    /// <summary>Actions a console form never offers: the grid worker's own (with photos) and the ones the system applies.</summary>
    private static readonly CaseAction[] NotFromConsole = [CaseAction.ResolveOnSpot, CaseAction.AllOrdersDone, CaseAction.AllOrdersReturned];

    /// <summary>What the caller's role may do to a case in <paramref name="state"/>: the state machine's moves the permissions table allows.</summary>
    public static IReadOnlyList<CaseAction> ActionsFor(CurrentStaff staff, CaseState state) =>
        CaseStateMachine.ActionsFrom(state).Where(a => CasePermissions.Allows(staff.Role, a) && !NotFromConsole.Contains(a)).Distinct().ToList();

    /// <summary>The drawer of a case within the caller's scope, or null (missing and out of scope read alike).</summary>
    public static async Task<CaseDrawer?> FindAsync(NpgsqlDataSource dataSource, CaseSecrets secrets, CurrentStaff staff, long caseId,
        DateTimeOffset now, CancellationToken ct)
    {
        var facts = await FieldCaseQueries.FindAsync(dataSource, secrets, staff, caseId, ct);
        if (facts is null) return null;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        string county, township, unitCode;
        CaseSource? source;
        DateTimeOffset? acceptedAt, deadlineAt;
        string? closure;
        int rework, supervisions;
        await using (var command = StaffScopeSql.Command(connection, null, staff, $"""
            SELECT c.source, c.accepted_at, c.deadline_at, c.time_unit, c.closure_type, c.rework_count, c.county_code, c.township_code,
                   (SELECT count(*) FROM supervision s WHERE s.case_id = c.id)::int
            FROM case_file c JOIN case_category k ON k.code = c.category
            WHERE c.id = @id AND {StaffScopeSql.SeesCase("c")}
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            source = CaseSources.FromCode(reader.GetString(0));
            acceptedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            deadlineAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            unitCode = reader.GetString(3);
            closure = reader.IsDBNull(4) ? null : reader.GetString(4);
            rework = reader.GetInt32(5);
            county = reader.GetString(6);
            township = reader.GetString(7);
            supervisions = reader.GetInt32(8);
        }
        var unit = DeadlineUnits.FromCode(unitCode) ?? DeadlineUnit.WorkDay;
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, county, ct);
        var deadline = facts.State.IsOpen() && acceptedAt is { } start && deadlineAt is { } due
            ? DeadlineText.Of(calendar, start, due, now, unit) : null;

        var orders = await OrdersAsync(connection, caseId, calendar, unit, now, ct);
        var actions = ActionsFor(staff, facts.State);
        IReadOnlyList<DrawerUnit> units = [];
        if (actions.Any(a => a is CaseAction.Dispatch or CaseAction.Whistle))
            units = await UnitsAsync(connection, staff, caseId, county, township, ct);
        var settings = await LoadSettingsAsync(connection, county, ct);

        var teams = new List<WhistleTeam>();
        foreach (var first in orders.Where(o => o.WhistleId is not null).GroupBy(o => o.WhistleId).Select(g => g.First()))
            if (await WhistleTeamQuery.OfOrderAsync(dataSource, staff, first.Id, ct) is { } team) teams.Add(team);

        return new CaseDrawer(facts, source, deadline, acceptedAt, closure is null ? null : ClosureTypes.FromCode(closure)?.Chinese(), rework,
            supervisions, orders, facts.State.IsOpen() ? await DuplicateHints.ForCaseAsync(dataSource, staff, caseId, ct) : [], actions, units,
            deadlineAt is { } d && now > d ? ClosureType.Overdue : ClosureType.Normal, settings.RoutineArrival, settings.ToughArrival, now)
        {
            Teams = teams,
            TransferTargets = CaseDeskService.MayUse(staff.Role) && CaseDeskService.MovableStates.Contains(facts.State)
                ? await TownshipsAsync(connection, county, township, ct) : [],
        };
    }

    private static async Task<IReadOnlyList<(string, string)>> TownshipsAsync(NpgsqlConnection connection, string county, string township,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT code, name FROM township WHERE county_code = $1 AND code <> $2 ORDER BY code", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = township });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    private static async Task<DispatchSettings> LoadSettingsAsync(NpgsqlConnection connection, string county, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var settings = await DispatchSettings.LoadAsync(connection, tx, county, ct);
        await tx.CommitAsync(ct);
        return settings;
    }

    private static async Task<IReadOnlyList<DrawerOrder>> OrdersAsync(NpgsqlConnection connection, long caseId, WorkCalendar calendar,
        DeadlineUnit unit, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT o.id, o.unit_code, u.name, o.state, o.dispatched_at, o.deadline_at, w.kind, o.arrival_deadline_at, o.arrived_at,
                   o.signed_at, o.fed_back_at, o.feedback_note, o.returned_reason, o.extension_status, o.extension_until,
                   o.extension_reason, o.rework_count, o.arrival_mismatch, o.arrival_distance_m, o.whistle_id
            FROM work_order o JOIN department_unit u ON u.code = o.unit_code LEFT JOIN whistle w ON w.id = o.whistle_id
            WHERE o.case_id = @id
            ORDER BY o.id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var orders = new List<DrawerOrder>();
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(ct))
        {
            var state = WorkOrderStates.FromCode(reader.GetString(3)) ?? WorkOrderState.Pending;
            var dispatchedAt = reader.GetFieldValue<DateTimeOffset>(4);
            var due = reader.GetFieldValue<DateTimeOffset>(5);
            var arrivalDue = At(7);
            var arrived = At(8);
            orders.Add(new DrawerOrder(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), state, dispatchedAt,
                state.IsActive() ? DeadlineText.Of(calendar, dispatchedAt, due, now, unit) : null,
                Text(6) is { } kind ? WhistleKinds.FromCode(kind) : null, arrivalDue, arrived, At(9), At(10), Text(11), Text(12),
                ExtensionStatuses.FromCode(reader.GetString(13)) ?? ExtensionStatus.None, At(14), Text(15), reader.GetInt32(16))
            {
                PlaceMismatch = reader.GetBoolean(17), ArrivalDistanceMetres = reader.IsDBNull(18) ? null : reader.GetDouble(18),
                WhistleId = reader.IsDBNull(19) ? null : reader.GetInt64(19),
            });
        }
        return orders;
    }

    /// <summary>Routing's suggestions first (the first unit of each party pre-checked), then every other active unit of the county.</summary>
    private static async Task<IReadOnlyList<DrawerUnit>> UnitsAsync(NpgsqlConnection connection, CurrentStaff staff, long caseId,
        string county, string township, CancellationToken ct)
    {
        var routed = await UnitRouting.RouteCaseAsync(connection, caseId, staff, ct);
        var units = new List<DrawerUnit>();
        var partiesSeen = new HashSet<ResponsibilityParty>();
        foreach (var unit in routed.Units)
        {
            if (units.Any(u => u.Code == unit.UnitCode)) continue;
            units.Add(new DrawerUnit(unit.UnitCode, unit.UnitName, unit.Party.Chinese(), true,
                partiesSeen.Add(unit.Party)));
        }
        foreach (var (code, name) in await CountyUnitsAsync(connection, county, township, ct))
            if (!units.Any(u => u.Code == code)) units.Add(new DrawerUnit(code, name, null, false, false));
        return units;
    }

    /// <summary>The county's active units, those of <paramref name="township"/> and the county-wide ones first (batch 派遣 offers them too).</summary>
    public static async Task<IReadOnlyList<(string Code, string Name)>> CountyUnitsAsync(NpgsqlConnection connection, string county, string township,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT code, name FROM department_unit
            WHERE county_code = @county AND active
            ORDER BY township_code IS NOT NULL AND township_code <> @township, township_code NULLS FIRST, code
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("county", county));
        command.Parameters.Add(new NpgsqlParameter<string>("township", township));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var units = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) units.Add((reader.GetString(0), reader.GetString(1)));
        return units;
    }
}
