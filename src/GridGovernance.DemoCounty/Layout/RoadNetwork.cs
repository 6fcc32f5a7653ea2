using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// A plausible road network for placing hamlets: trunk roads between the seats of neighbouring townships, and the
/// shortest tree of village roads that joins every village seat to them. Roads wind (midpoint displacement), as
/// mountain roads do. They are not part of the output: only the houses strung along them are.
/// </summary>
public static class RoadNetwork
{
    private static readonly ulong TrunkSalt = StableHash.Of("trunk-road");
    private static readonly ulong VillageRoadSalt = StableHash.Of("village-road");

    public static IReadOnlyList<LineString> Build(
        IReadOnlyList<Coordinate> sites,
        IReadOnlyList<int> townshipSeatCells,
        IReadOnlyList<(int A, int B)> neighbouringTownships,
        GeometryFactory factory)
    {
        var roads = new List<LineString>();
        var parent = Enumerable.Range(0, sites.Count).ToArray();

        foreach (var (a, b) in neighbouringTownships)
        {
            var (from, to) = (townshipSeatCells[a], townshipSeatCells[b]);
            Join(parent, from, to);
            roads.Add(factory.CreateLineString(Meander.Path(sites[from], sites[to], 0.08, 200, TrunkSalt)));
        }

        var pairs = new List<(double Length, int A, int B)>();
        for (var i = 0; i < sites.Count; i++)
        {
            for (var j = i + 1; j < sites.Count; j++)
            {
                pairs.Add((sites[i].Distance(sites[j]), i, j));
            }
        }

        foreach (var (_, a, b) in pairs.OrderBy(p => p.Length).ThenBy(p => p.A).ThenBy(p => p.B))
        {
            if (Join(parent, a, b))
            {
                roads.Add(factory.CreateLineString(Meander.Path(sites[a], sites[b], 0.13, 150, VillageRoadSalt)));
            }
        }

        return roads;
    }

    /// <returns>Whether the two were in different components (union–find).</returns>
    private static bool Join(int[] parent, int a, int b)
    {
        var (ra, rb) = (Root(parent, a), Root(parent, b));
        if (ra == rb)
        {
            return false;
        }

        parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        return true;
    }

    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
