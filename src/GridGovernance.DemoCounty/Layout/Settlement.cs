using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>A house: where it stands (metres), the index of its hamlet, and its door number there.</summary>
public sealed record House(Coordinate Position, int Hamlet, int Number);

/// <summary>A village's hamlets (屯; streets in a town community) and houses.</summary>
public sealed record Settlement(IReadOnlyList<string> HamletNames, IReadOnlyList<House> Houses);
