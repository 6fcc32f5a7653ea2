using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Departments;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Departments;

/// <summary>How a department was resolved to a unit for the case's position.</summary>
public enum UnitMatch
{
    /// <summary>The unit's jurisdiction contains the position (e.g. the 派出所 of the place).</summary>
    Jurisdiction,

    /// <summary>No jurisdiction contains it; the department's county-wide unit answers.</summary>
    CountyWide,

    /// <summary>Neither: the unit with the nearest jurisdiction (a point in a sliver between townships, 属地兜底).</summary>
    Nearest,
}

public enum RoutingOutcome
{
    Routed,
    UnknownCategory,
    OutsideCounty,
    CaseNotFound,
}

public sealed record RoutingCategory(string Code, CaseKind Kind, string MajorName, string Name);

/// <summary>One suggested unit, in the order a dispatcher should consider them (<see cref="Rank"/> 1 first).</summary>
public sealed record RoutedUnit(
    int Rank, ResponsibilityParty Party,
    string DepartmentCode, string DepartmentName, string DepartmentShortName, string DepartmentKind,
    string UnitCode, string UnitName, string? UnitPhone, bool UnitHasJurisdiction, UnitMatch Match);

public sealed record RoutingResult(
    RoutingOutcome Outcome, RoutingCategory? Category, string? CountyCode, string? TownshipCode, double? Lng, double? Lat,
    IReadOnlyList<RoutedUnit> Units);

/// <summary>
/// Which units should handle a case: the routing rules of its 小类 in force in its county (<see cref="RulesInForce"/>: the
/// county's own rule for a department before the installation's; the most specific level that has rules: 小类, else 大类,
/// else kind), ordered by party as the domain says (<see cref="ResponsibilityOrder"/>: 部件 owner first, 事件 territory
/// first) and by priority, each department resolved in PostGIS to its unit whose jurisdiction contains the position (the
/// smallest such area when several do), else its county-wide unit, else the nearest jurisdiction. One query; departments
/// without a unit in the county are left out.
/// </summary>
public static class UnitRouting
{
    /// <summary>Routes a 小类 at a WGS-84 point, which must lie inside <paramref name="countyCode"/> (else <see cref="RoutingOutcome.OutsideCounty"/>).</summary>
    public static async Task<RoutingResult> RouteAsync(NpgsqlConnection connection, string categoryCode, double lng, double lat,
        string countyCode, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(PointInput + Routing, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("category", categoryCode));
        command.Parameters.Add(new NpgsqlParameter<double>("lng", lng));
        command.Parameters.Add(new NpgsqlParameter<double>("lat", lat));
        command.Parameters.Add(new NpgsqlParameter<string>("county", countyCode));
        AddPartyOrder(command);
        return await ReadAsync(command, caseVariant: false, cancellationToken);
    }

    public static async Task<RoutingResult> RouteAsync(NpgsqlDataSource dataSource, string categoryCode, double lng, double lat,
        string countyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RouteAsync(connection, categoryCode, lng, lat, countyCode, cancellationToken);
    }

    /// <summary>
    /// Routes an existing case by its 小类 and reported position (a case without one: a point inside its grid). Only a case
    /// <paramref name="staff"/> may see (<see cref="StaffScopeSql.SeesCase"/>) is routed; another answers
    /// <see cref="RoutingOutcome.CaseNotFound"/>, like a missing one. Runs in the connection's transaction.
    /// </summary>
    internal static async Task<RoutingResult> RouteCaseAsync(NpgsqlConnection connection, long caseId, CurrentStaff staff,
        CancellationToken cancellationToken = default)
    {
        await using var command = StaffScopeSql.Command(connection, null, staff, CaseInput + Routing);
        command.Parameters.Add(new NpgsqlParameter<long>("case_id", caseId));
        AddPartyOrder(command);
        return await ReadAsync(command, caseVariant: true, cancellationToken);
    }

    internal static async Task<RoutingResult> RouteCaseAsync(NpgsqlDataSource dataSource, long caseId, CurrentStaff staff,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RouteCaseAsync(connection, caseId, staff, cancellationToken);
    }

    // The point must lie in the county.
    private const string PointInput = """
        WITH input AS (
            SELECT c.code AS category, c.kind, c.major_code, c.major_name, c.name,
                   ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS pt, @county::text AS county_code, true AS must_lie_inside,
                   c.code IS NOT NULL AS found
            FROM (SELECT 1) AS one LEFT JOIN case_category c ON c.code = @category AND c.active)
        """;

    // A case keeps its county even when its position was reported outside it.
    private static readonly string CaseInput = $"""
        WITH input AS (
            SELECT c.code AS category, c.kind, c.major_code, c.major_name, c.name,
                   coalesce(f.geom, ST_PointOnSurface(g.geom)) AS pt, f.county_code, false AS must_lie_inside,
                   f.id IS NOT NULL AS found
            FROM (SELECT 1) AS one
            LEFT JOIN case_file f ON f.id = @case_id AND {StaffScopeSql.SeesCase("f")}
            LEFT JOIN grid g ON g.code = f.grid_code
            LEFT JOIN case_category c ON c.code = f.category)
        """;

    /// <summary>
    /// The routing rules in force for cases of county <paramref name="county"/> (an SQL expression), as a subquery: per level
    /// (kind, 大类, 小类) and department, the county's own rule (county_code set, migration 0059) where it has one, else the
    /// installation's (county_code NULL). Inactive rows are kept — an inactive county rule takes its department out of that
    /// level in the county — so callers filter on <c>active</c>. <paramref name="filter"/> narrows the rules read (an SQL
    /// condition on alias <c>x</c>). The one reading of rules: routing and the 权责清单 both use it.
    /// </summary>
    internal static string RulesInForce(string county, string filter = "true") => $"""
        (SELECT DISTINCT ON (x.kind, x.major_code, x.category_code, x.department_code) x.*
         FROM routing_rule x
         WHERE (x.county_code IS NULL OR x.county_code = {county}) AND ({filter})
         ORDER BY x.kind, x.major_code, x.category_code, x.department_code, x.county_code NULLS LAST)
        """;

    /// <summary>How specific rule <paramref name="r"/> is: 小类 3, 大类 2, kind 1. The most specific level that has active rules wins.</summary>
    internal static string Specificity(string r) =>
        $"CASE WHEN {r}.category_code IS NOT NULL THEN 3 WHEN {r}.major_code IS NOT NULL THEN 2 ELSE 1 END";

    // @component_first / @event_first: the party that comes first for 部件 / 事件, from ResponsibilityOrder.
    private static readonly string Routing = $$"""
        , place AS (
            SELECT i.*,
                   CASE WHEN NOT i.must_lie_inside THEN i.county_code
                        ELSE (SELECT co.code FROM county co WHERE co.code = i.county_code AND ST_Covers(co.geom, i.pt)) END AS in_county,
                   (SELECT t.code FROM township t WHERE t.county_code = i.county_code AND ST_Covers(t.geom, i.pt)
                    ORDER BY t.code LIMIT 1) AS township_code
            FROM input i),
        candidate AS (
            SELECT r.*, {{Specificity("r")}} AS specificity
            FROM place p
            CROSS JOIN LATERAL {{RulesInForce("p.county_code",
                "x.kind = p.kind AND (x.major_code IS NULL OR x.major_code = p.major_code) AND (x.category_code IS NULL OR x.category_code = p.category)")}} r
            JOIN department d ON d.code = r.department_code AND d.active
            WHERE r.active AND p.in_county IS NOT NULL),
        routed AS (
            SELECT row_number() OVER (
                       ORDER BY r.party <> CASE p.kind WHEN 'C' THEN @component_first ELSE @event_first END, r.priority, d.sort_order, d.code) AS rank,
                   r.party, d.code AS department_code, d.name AS department_name, d.short_name, d.kind AS department_kind,
                   u.code AS unit_code, u.name AS unit_name, u.phone, u.jurisdiction IS NOT NULL AS has_jurisdiction, u.match
            FROM place p
            CROSS JOIN candidate r
            JOIN department d ON d.code = r.department_code
            JOIN LATERAL (
                SELECT u.code, u.name, u.phone, u.jurisdiction,
                       CASE WHEN u.jurisdiction IS NULL THEN 'county' WHEN u.covers THEN 'jurisdiction' ELSE 'nearest' END AS match
                FROM (
                    -- A unit that follows a township has that township's polygon (kept so by department_units_sync), so the
                    -- township found above answers for it: testing ~500-vertex polygons again would cost ~0.5 ms each.
                    SELECT u.*, CASE WHEN u.township_code IS NOT NULL THEN u.township_code = p.township_code
                                     ELSE u.jurisdiction IS NOT NULL AND ST_Covers(u.jurisdiction, p.pt) END AS covers
                    FROM department_unit u
                    WHERE u.department_code = d.code AND u.county_code = p.county_code AND u.active) u
                ORDER BY CASE WHEN u.covers THEN 0 WHEN u.jurisdiction IS NULL THEN 1 ELSE 2 END,
                         CASE WHEN u.covers THEN u.jurisdiction_area END,
                         CASE WHEN NOT u.covers AND u.jurisdiction IS NOT NULL THEN u.jurisdiction <-> p.pt END, u.code
                LIMIT 1) u ON true
            WHERE r.specificity = (SELECT max(specificity) FROM candidate))
        SELECT p.found, p.category, p.kind, p.major_name, p.name, p.in_county, p.township_code, ST_X(p.pt), ST_Y(p.pt),
               r.rank, r.party, r.department_code, r.department_name, r.short_name, r.department_kind,
               r.unit_code, r.unit_name, r.phone, r.has_jurisdiction, r.match
        FROM place p LEFT JOIN routed r ON true
        ORDER BY r.rank
        """;

    private static void AddPartyOrder(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("component_first", ResponsibilityOrder.FirstParty(CaseKind.Component).DatabaseName()));
        command.Parameters.Add(new NpgsqlParameter<string>("event_first", ResponsibilityOrder.FirstParty(CaseKind.Event).DatabaseName()));
    }

    private static async Task<RoutingResult> ReadAsync(NpgsqlCommand command, bool caseVariant, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        RoutingCategory? category = null;
        string? county = null, township = null;
        double? lng = null, lat = null;
        var found = false;
        var units = new List<RoutedUnit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found = reader.GetBoolean(0);
            if (!reader.IsDBNull(1))
                category = new RoutingCategory(reader.GetString(1), CaseKindExtensions.FromLetter(reader.GetChar(2)) ?? CaseKind.Event,
                    reader.GetString(3), reader.GetString(4));
            county = reader.IsDBNull(5) ? null : reader.GetString(5);
            township = reader.IsDBNull(6) ? null : reader.GetString(6);
            lng = reader.IsDBNull(7) ? null : reader.GetDouble(7);
            lat = reader.IsDBNull(8) ? null : reader.GetDouble(8);
            if (reader.IsDBNull(9)) continue;
            units.Add(new RoutedUnit(
                (int)reader.GetInt64(9), ResponsibilityOrder.Parse(reader.GetString(10)) ?? ResponsibilityParty.Territory,
                reader.GetString(11), reader.GetString(12), reader.GetString(13), reader.GetString(14),
                reader.GetString(15), reader.GetString(16), reader.IsDBNull(17) ? null : reader.GetString(17), reader.GetBoolean(18),
                reader.GetString(19) switch { "jurisdiction" => UnitMatch.Jurisdiction, "county" => UnitMatch.CountyWide, _ => UnitMatch.Nearest }));
        }

        var outcome = (caseVariant, found) switch
        {
            (true, false) => RoutingOutcome.CaseNotFound,
            (false, false) => RoutingOutcome.UnknownCategory,
            _ when county is null => RoutingOutcome.OutsideCounty,
            _ => RoutingOutcome.Routed,
        };
        return new RoutingResult(outcome, category, county, township, lng, lat, units);
    }
}
