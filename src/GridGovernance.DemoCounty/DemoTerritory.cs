using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty;

/// <summary>A generated territory, ready to write in the geodata format (geodata/FORMAT.md). Lists are ordered by code.</summary>
public sealed record DemoTerritory(
    AreaFeature County,
    IReadOnlyList<AreaFeature> Townships,
    IReadOnlyList<AreaFeature> Villages,
    IReadOnlyList<AreaFeature> Grids,
    IReadOnlyList<LinkUnitFeature> LinkUnits,
    IReadOnlyList<HouseholdRow> Households,
    IReadOnlyList<GridStaffRow> GridStaff);

/// <summary>County, township, village or grid: WGS-84 shape with coordinates on the 1e-6° grid.</summary>
public sealed record AreaFeature(string Code, string Name, string? Parent, MultiPolygon Shape);

/// <summary>A 十联户 unit at the centre of its households; <paramref name="Leader"/> is its 联户长's household code.</summary>
public sealed record LinkUnitFeature(string Code, string Name, string Parent, string Leader, Coordinate Location);

public sealed record HouseholdRow(
    string Code, string GridCode, string LinkUnitCode, string HeadName, int Members, string Phone, string Address, Coordinate Location);

public sealed record GridStaffRow(string GridCode, string Role, string Name, string Phone)
{
    public const string GridHead = "grid_head";
    public const string GridWorker = "grid_worker";
}
