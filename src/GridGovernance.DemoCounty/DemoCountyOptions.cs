namespace GridGovernance.DemoCounty;

/// <summary>What the generator needs besides the division list. <see cref="Lingyun"/> makes the committed demo.</summary>
public sealed record DemoCountyOptions(
    string CountyCode,
    string CountyName,
    double SeatLongitude,
    double SeatLatitude,
    double AreaSquareKilometres,
    ulong Seed)
{
    /// <summary>凌云县, Guangxi: its seat 泗城镇 lies near 106.56°E 24.35°N; the real county covers ≈ 2,000 km².</summary>
    public static DemoCountyOptions Lingyun { get; } = new("451027", "凌云县", 106.56, 24.35, 2000, Seed: 451027_2023);

    /// <summary>Households of a rural village (村委会), drawn uniformly; at least 150 so every grid holds 150–300.</summary>
    public (int Min, int Max) VillageHouseholds { get; init; } = (165, 380);

    /// <summary>Households of a town community (居委会/社区).</summary>
    public (int Min, int Max) CommunityHouseholds { get; init; } = (800, 1300);
}
