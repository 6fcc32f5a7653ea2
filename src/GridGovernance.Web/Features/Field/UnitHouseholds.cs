using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>A household of the 联户长's unit, as the "代哪一户上报" list shows it (the leader knows these neighbours by name).</summary>
public sealed record UnitHousehold(string Code, string Label);

internal static class UnitHouseholds
{
    public const string HouseholdField = "household";

    /// <summary>The choice "整个联户单元": a 联户长 reports for the whole unit (a blocked lane, a broken lamp) without naming a household.</summary>
    public const string WholeUnit = "unit";

    /// <summary>The households of the caller's 十联户 unit; empty for anyone who is not a 联户长.</summary>
    public static async Task<IReadOnlyList<UnitHousehold>> OfAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct)
    {
        if (staff.LinkUnitCode() is not { } unitCode) return [];
        await using var command = dataSource.CreateCommand("""
            SELECT code, head_name || coalesce('（' || address || '）', '') FROM household WHERE link_unit_code = $1 ORDER BY code
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<UnitHousehold>();
        while (await reader.ReadAsync(ct)) list.Add(new UnitHousehold(reader.GetString(0), reader.GetString(1)));
        return list;
    }
}
