namespace GridGovernance.DemoCounty.Divisions;

/// <summary>Real division codes and names (the generator's input); only the geometry around them is invented.</summary>
public sealed record DivisionCounty(string Code, string Name, IReadOnlyList<DivisionTownship> Townships)
{
    public int VillageCount => Townships.Sum(t => t.Villages.Count);
}

public sealed record DivisionTownship(string Code, string Name, IReadOnlyList<DivisionVillage> Villages);

public sealed record DivisionVillage(string Code, string Name)
{
    /// <summary>Statistical code rule: village segment 001–199 is a 居委会/社区, 2xx and above a 村委会.</summary>
    public bool IsCommunity => int.Parse(Code.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) < 200;
}
