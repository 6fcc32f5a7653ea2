namespace GridGovernance.DemoCounty.Scaled;

/// <summary>
/// Size of a synthetic province for benchmarks. The defaults give ≈ 150 grids and ≈ 31,000 households per county
/// (measured over 4 counties), so ≈ 650 counties make ≈ 100,000 grids and ≈ 20 million households; 400 km² counties keep
/// the province's extent nearer a real one's.
/// </summary>
public sealed record ScaledTerritoryOptions(int Counties)
{
    public ulong Seed { get; init; } = 99_2025;

    /// <summary>Centre of the first county (the lattice runs east, then south).</summary>
    public double OriginLongitude { get; init; } = 106.0;

    public double OriginLatitude { get; init; } = 26.0;

    public double CountyAreaSquareKilometres { get; init; } = 400;

    public (int Min, int Max) TownshipsPerCounty { get; init; } = (6, 12);

    public (int Min, int Max) VillagesPerTownship { get; init; } = (6, 22);
}
