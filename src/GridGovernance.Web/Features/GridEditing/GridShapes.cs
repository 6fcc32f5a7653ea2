using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Polygonize;

namespace GridGovernance.Web.Features.GridEditing;

/// <summary>A redraw's new shapes, or why it cannot be done (Chinese, for the page and the API's problem details).</summary>
internal sealed record ShapeResult(IReadOnlyList<MultiPolygon> Shapes, string? Problem)
{
    public static ShapeResult Refused(string problem) => new([], problem);
}

/// <summary>
/// The geometry of grid editing in .NET (NetTopologySuite), before anything reaches the database: what a split, a merge, a
/// moved border and a new grid make of the drawn shapes, and the checks a person can act on ("the line does not cut the
/// grid", "these two grids are not neighbours"). Pure functions over WGS-84 shapes; the database checks the result again
/// (valid, inside its village, no overlap, the village still covered).
/// </summary>
internal static class GridShapes
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Pieces smaller than this share of the shape they came from are slivers of a hand-drawn line, not grids.</summary>
    private const double SliverShare = 0.005;

    /// <summary>≈ 0.1 m in degrees: how far apart two grids' edges may lie and still count as one shared border.</summary>
    private const double Touching = 1e-6;

    /// <summary>Splits <paramref name="grid"/> along <paramref name="line"/> into exactly two pieces, the larger first.</summary>
    public static ShapeResult Split(Geometry grid, Geometry? line)
    {
        if (line is not LineString { IsEmpty: false } path || path.NumPoints < 2) return ShapeResult.Refused("请用折线工具画一条分割线。");
        if (!path.IsSimple) return ShapeResult.Refused("分割线自身交叉，请重画。");
        if (!path.Intersects(grid)) return ShapeResult.Refused("分割线没有经过所选网格。");
        if (grid.Contains(path.StartPoint) || grid.Contains(path.EndPoint))
            return ShapeResult.Refused("分割线须从网格外开始、到网格外结束，完整穿过网格。");

        var polygonizer = new Polygonizer();
        polygonizer.Add(grid.Boundary.Union(path));
        var pieces = polygonizer.GetPolygons().OfType<Polygon>()
            .Where(p => grid.Contains(p.InteriorPoint)).OrderByDescending(p => p.Area).ToList();
        if (pieces.Count < 2) return ShapeResult.Refused("分割线没有把网格切开，请完整穿过网格。");
        if (pieces.Count > 2) return ShapeResult.Refused($"分割线把网格切成了 {pieces.Count} 块；一次只能分成两块，请只穿过网格一次。");
        if (pieces[1].Area < SliverShare * grid.Area) return ShapeResult.Refused("切下的部分太小（不到网格的 0.5%），请重画分割线。");
        return new ShapeResult([Multi(pieces[0]), Multi(pieces[1])], null);
    }

    /// <summary>Joins <paramref name="survivor"/> and <paramref name="absorbed"/> (merge, or retire into a neighbour).</summary>
    public static ShapeResult Join(Geometry survivor, Geometry absorbed)
    {
        if (!AreNeighbours(survivor, absorbed)) return ShapeResult.Refused("这两个网格没有公共边界，不能合并。");
        var joined = Clean(survivor.Union(absorbed));
        return joined is null ? ShapeResult.Refused("合并后的图形无效。") : new ShapeResult([joined], null);
    }

    /// <summary>
    /// A moved border: <paramref name="grid"/> takes the outline drawn, within the ground it shares with
    /// <paramref name="neighbour"/>; the neighbour keeps the rest of that ground. Neither grid reaches into a third one, and
    /// together they cover exactly what they covered before.
    /// </summary>
    public static ShapeResult MoveBorder(Geometry grid, Geometry neighbour, Geometry? outline)
    {
        if (outline is not (Polygon or MultiPolygon) || outline.IsEmpty) return ShapeResult.Refused("请用多边形工具画出网格的新范围。");
        if (!outline.IsValid) return ShapeResult.Refused("所画的范围边线交叉，请重画。");
        if (!AreNeighbours(grid, neighbour)) return ShapeResult.Refused("这两个网格没有公共边界。");
        var both = grid.Union(neighbour);
        var first = outline.Intersection(both);
        var second = both.Difference(first);
        // Slivers between the drawn line and an edge it was meant to follow go back to the grid they lie in.
        var (firstKept, firstSlivers) = SplitSlivers(first, both.Area);
        var (secondKept, secondSlivers) = SplitSlivers(second, both.Area);
        if (firstKept is null) return ShapeResult.Refused("新范围与这两个网格几乎没有重合，请重画。");
        if (secondKept is null) return ShapeResult.Refused("新范围占去了相邻网格的全部；要取消相邻网格，请用“撤销网格”。");
        var newGrid = Clean(firstKept.Union(secondSlivers));
        var newNeighbour = Clean(secondKept.Union(firstSlivers));
        if (newGrid is null || newNeighbour is null) return ShapeResult.Refused("调整后的边界无效，请重画。");
        if (newGrid.NumGeometries > grid.NumGeometries || newNeighbour.NumGeometries > neighbour.NumGeometries)
            return ShapeResult.Refused("调整后有网格被分成了不相连的几块，请重画边界。");
        if (Math.Abs(newGrid.Area - grid.Area) < 1e-4 * grid.Area) return ShapeResult.Refused("新范围与原边界几乎相同，没有可调整的部分。");
        return new ShapeResult([newGrid, newNeighbour], null);
    }

    /// <summary>A new grid: the drawn outline within its village, on ground no live grid covers.</summary>
    public static ShapeResult Create(Geometry? outline, Geometry village, IEnumerable<Geometry> liveGrids)
    {
        if (outline is not (Polygon or MultiPolygon) || outline.IsEmpty) return ShapeResult.Refused("请用多边形工具画出新网格的范围。");
        if (!outline.IsValid) return ShapeResult.Refused("所画的范围边线交叉，请重画。");
        Geometry free = outline.Intersection(village);
        if (free.Area < SliverShare * outline.Area) return ShapeResult.Refused("所画的范围不在所选村（社区）内。");
        foreach (var grid in liveGrids) if (grid.Intersects(free)) free = free.Difference(grid);
        var (kept, _) = SplitSlivers(free, outline.Area);
        if (kept is null) return ShapeResult.Refused("所画范围内没有尚未划入网格的地方；新网格只能建在未覆盖的区域。");
        var shape = Clean(kept);
        if (shape is null) return ShapeResult.Refused("新网格的图形无效，请重画。");
        if (shape.NumGeometries > 1) return ShapeResult.Refused("所画范围落在几块不相连的空白处，请一次只圈一块。");
        return new ShapeResult([shape], null);
    }

    /// <summary>Do two grids share a border (not just a corner)?</summary>
    public static bool AreNeighbours(Geometry a, Geometry b) =>
        a.IsWithinDistance(b, Touching) && b.Boundary.Intersection(a.Boundary.Buffer(Touching)).Length > 10 * Touching;

    private static (Geometry? Kept, Geometry Slivers) SplitSlivers(Geometry shape, double wholeArea)
    {
        var kept = new List<Geometry>();
        var slivers = new List<Geometry>();
        for (var i = 0; i < shape.NumGeometries; i++)
        {
            var part = shape.GetGeometryN(i);
            if (part is not Polygon) continue;
            (part.Area < SliverShare * wholeArea ? slivers : kept).Add(part);
        }
        var slivered = Factory.BuildGeometry(slivers);
        return (kept.Count == 0 ? null : Factory.BuildGeometry(kept).Union(), slivered);
    }

    /// <summary>The polygonal part of <paramref name="shape"/> as a valid MultiPolygon (SRID 4326), or null when nothing is left.</summary>
    private static MultiPolygon? Clean(Geometry shape)
    {
        var polygons = new List<Polygon>();
        for (var i = 0; i < shape.NumGeometries; i++)
            if (shape.GetGeometryN(i) is Polygon { IsEmpty: false } p) polygons.Add(p);
        if (polygons.Count == 0) return null;
        var multi = Factory.CreateMultiPolygon(polygons.ToArray());
        return multi.IsValid ? multi : null;
    }

    private static MultiPolygon Multi(Polygon polygon) => Factory.CreateMultiPolygon([(Polygon)Factory.CreateGeometry(polygon)]);
}
