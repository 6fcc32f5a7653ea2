using GridGovernance.DemoCounty.Spatial;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Builds the published shapes in degrees. Village borders and grid cuts are noded together once on the 1e-6° grid
/// (snap-rounding), the faces are labelled by village and grid, and every level is the dissolve of its faces: grids
/// tile their village exactly, villages their township, townships the county, with identical shared vertices and
/// nothing for rounding to break later.
/// </summary>
public static class FinalCoverage
{
    /// <summary>Six decimals of a degree, the published precision.</summary>
    public static readonly PrecisionModel Microdegrees = new(1_000_000);

    public sealed record Result(Geometry[][] Grids, Geometry[] Villages, Geometry[] Townships, Geometry County);

    public static Result Build(
        IReadOnlyList<Geometry> villageAreas,
        IReadOnlyList<GridCutTree> cuts,
        IReadOnlyList<int> townshipOfVillage,
        int townshipCount,
        LocalProjection projection,
        GeometryFactory factory)
    {
        var lines = new List<LineString>();
        foreach (var area in villageAreas)
        {
            foreach (var polygon in Arrangement.Polygons(area))
            {
                lines.Add(projection.ToDegrees(polygon.ExteriorRing, factory));
                lines.AddRange(polygon.InteriorRings.Select(h => projection.ToDegrees(h, factory)));
            }
        }

        lines.AddRange(cuts.SelectMany(c => c.Chords).Select(c => projection.ToDegrees(c, factory)));
        var faces = Arrangement.Faces(lines, Microdegrees, factory);

        var locateVillage = VillageLocator(villageAreas);
        var gridFaces = villageAreas.Select((_, v) => cuts[v].Leaves.Select(_ => new List<Geometry>()).ToArray()).ToArray();
        foreach (var face in faces)
        {
            var probe = projection.ToMetres(face.InteriorPoint.Coordinate);
            var village = locateVillage(probe);
            gridFaces[village][cuts[village].LeafOf(probe)].Add(face);
        }

        var grids = gridFaces.Select(v => v.Select(g => Dissolve(g, factory)).ToArray()).ToArray();
        var villages = gridFaces.Select(v => Dissolve(v.SelectMany(g => g), factory)).ToArray();
        var townships = Enumerable.Range(0, townshipCount)
            .Select(t => Dissolve(gridFaces.Where((_, v) => townshipOfVillage[v] == t).SelectMany(v => v.SelectMany(g => g)), factory))
            .ToArray();
        var county = Dissolve(faces, factory);
        return new Result(grids, villages, townships, county);
    }

    private static Geometry Dissolve(IEnumerable<Geometry> faces, GeometryFactory factory)
    {
        var list = faces.ToList();
        if (list.Count == 0)
        {
            throw new InvalidOperationException("A grid or village received no area.");
        }

        var shape = CanonicalShape.ToMultiPolygon(Arrangement.Dissolve(list, factory), factory);
        if (!shape.IsValid)
        {
            throw new InvalidOperationException("A dissolved shape is not valid.");
        }

        return shape;
    }

    private static Func<Coordinate, int> VillageLocator(IReadOnlyList<Geometry> villageAreas)
    {
        var index = new STRtree<int>();
        var locators = villageAreas.Select(a => new IndexedPointInAreaLocator(a)).ToArray();
        for (var v = 0; v < villageAreas.Count; v++)
        {
            index.Insert(villageAreas[v].EnvelopeInternal, v);
        }

        index.Build();
        return point =>
        {
            var hits = index.Query(new Envelope(point)).Where(v => locators[v].Locate(point) == Location.Interior).ToList();
            return hits.Count == 1
                ? hits[0]
                : throw new InvalidOperationException($"A face lies in {hits.Count} villages; expected exactly one.");
        };
    }
}
