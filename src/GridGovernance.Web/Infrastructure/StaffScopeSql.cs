using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// The one scope rule (<see cref="ScopeGrants"/> in the domain) as SQL: fragments for WHERE and ON clauses over the caller's
/// grants, passed as named parameters (@scope_…) by <see cref="AddTo"/>. A grant the role does not hold is NULL, which makes its
/// test NULL, never true — so use the fragments only where NULL counts as "no" (WHERE, ON, EXISTS), never under NOT.
/// Every staff query and action filters by these and by nothing else; the authorization matrix test holds them to it.
/// </summary>
internal static class StaffScopeSql
{
    /// <summary>May the caller read case <paramref name="c"/>: its territory, an order of its unit (any state), or its own report.</summary>
    public static string SeesCase(string c) => $"""
        (starts_with({c}.grid_code, @scope_case_territory)
         OR {c}.reported_by_account_id = @scope_reporter
         OR EXISTS (SELECT 1 FROM work_order scope_o
                    WHERE scope_o.case_id = {c}.id AND scope_o.unit_code = @scope_unit AND scope_o.state = ANY(@scope_read_states)))
        """;

    /// <summary>May the caller act on case <paramref name="c"/>: its territory, or an order of its unit that still binds it (not returned or withdrawn).</summary>
    public static string ActsOnCase(string c) => $"""
        (starts_with({c}.grid_code, @scope_case_territory)
         OR EXISTS (SELECT 1 FROM work_order scope_o
                    WHERE scope_o.case_id = {c}.id AND scope_o.unit_code = @scope_unit AND scope_o.state = ANY(@scope_act_states)))
        """;

    /// <summary>May the caller read or act on work order <paramref name="o"/> of case <paramref name="c"/>: its own unit's, or in its territory.</summary>
    public static string SeesOrder(string o, string c) =>
        $"({o}.unit_code = @scope_unit OR starts_with({c}.grid_code, @scope_case_territory))";

    /// <summary>An order of the caller's own unit (the department's inbox lists these, not the territory's).</summary>
    public static string UnitOrder(string o) => $"{o}.unit_code = @scope_unit";

    /// <summary>May the caller see household <paramref name="h"/>: its grid in the territory, or (联户长) its 十联户 unit.</summary>
    public static string SeesHousehold(string h) =>
        $"(starts_with({h}.grid_code, @scope_territory) OR starts_with({h}.link_unit_code, @scope_territory))";

    /// <summary>Is the territory code <paramref name="code"/> (township, village, grid…) inside the caller's territory.</summary>
    public static string CoversTerritory(string code) => $"starts_with({code}, @scope_territory)";

    /// <summary>
    /// A notification for the caller: addressed to a place in its territory, or to its unit. Unit codes ("451027-chengguan")
    /// start with their county's digits, so the territory part takes only territory codes.
    /// </summary>
    public static string ReceivesNotice(string n) =>
        $"(({n}.recipient_scope ~ '^[0-9]+$' AND starts_with({n}.recipient_scope, @scope_territory)) OR {n}.recipient_scope = @scope_unit)";

    private static readonly string[] ReadStates = ScopeGrants.OrderStatesGrantingCaseRead.Select(s => s.Code()).ToArray();
    private static readonly string[] ActStates = ScopeGrants.OrderStatesGrantingCaseAction.Select(s => s.Code()).ToArray();

    /// <summary>Adds the caller's grants as the named parameters that <paramref name="sql"/> uses (Npgsql is given no others).</summary>
    public static void AddTo(NpgsqlParameterCollection parameters, CurrentStaff staff, string sql)
    {
        var grants = ScopeGrants.Of(staff.Scope, staff.Id);
        void Add(string name, NpgsqlDbType type, object? value)
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
                parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        }
        Add("scope_territory", NpgsqlDbType.Text, grants.Territory);
        Add("scope_case_territory", NpgsqlDbType.Text, grants.CaseTerritory);
        Add("scope_unit", NpgsqlDbType.Text, grants.Unit);
        Add("scope_reporter", NpgsqlDbType.Bigint, grants.OwnReportsOf);
        Add("scope_read_states", NpgsqlDbType.Array | NpgsqlDbType.Text, ReadStates);
        Add("scope_act_states", NpgsqlDbType.Array | NpgsqlDbType.Text, ActStates);
    }

    /// <summary>A command of <paramref name="dataSource"/> with the caller's grants already added.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, CurrentStaff staff, string sql)
    {
        var command = dataSource.CreateCommand(sql);
        AddTo(command.Parameters, staff, sql);
        return command;
    }

    /// <summary>A command on <paramref name="connection"/> in <paramref name="tx"/> with the caller's grants already added.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, CurrentStaff staff, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        AddTo(command.Parameters, staff, sql);
        return command;
    }

    /// <summary>A batch command with the caller's grants already added.</summary>
    public static NpgsqlBatchCommand BatchCommand(CurrentStaff staff, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddTo(command.Parameters, staff, sql);
        return command;
    }
}
