using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// The five territory layers and the zooms they appear at. Coarse levels show from afar, fine ones only up close, so that
/// a low-zoom tile never carries thousands of small shapes (or any household point) and stays small and fast.
/// </summary>
/// <remarks>
/// Polygons come from the pre-transformed, pre-generalised columns of migration 0002 picked by zoom;
/// points are transformed per tile. Properties are what the map shows: codes and Chinese names, never phone numbers.
/// Candidates that ST_AsMVTGeom clips away come back NULL and ST_AsMVT skips them; filtering them in SQL instead would make
/// PostgreSQL compute every clipped geometry twice (the filter is pushed into the scan, the expression is not shared).
/// </remarks>
internal static class TileLayers
{
    /// <summary>Tile coordinate space (the MVT default) and the clipping buffer around it, in those units.</summary>
    public const int Extent = 4096;
    public const int Buffer = 64;

    /// <summary>Web maps stop at zoom 22; beyond it a tile is smaller than a room.</summary>
    public const int MaxZoom = 22;

    /// <summary>
    /// Point tiles stop at this many points (≈ 35 bytes each, so ≈ 420 KB), which keeps them under the 500 KB budget. A zoom-15
    /// tile is about 1 km across: only a place with more households than this per square kilometre loses points there, and
    /// they show again one zoom closer, where a tile covers a quarter of the ground.
    /// </summary>
    public const int MaxPointsPerTile = 12_000;

    public static TileLayer Townships { get; } = Layer("townships", minZoom: 6, holdsPersonalData: false, """
        SELECT t.code, t.name,
               ST_AsMVTGeom(CASE WHEN @z <= 10 THEN t.geom_3857_low WHEN @z <= 13 THEN t.geom_3857_mid ELSE t.geom_3857 END,
                            tile.bounds::box2d, @extent, @buffer, true) AS geom
        FROM township t, tile
        WHERE t.geom && tile.area
        """);

    public static TileLayer Villages { get; } = Layer("villages", minZoom: 9, holdsPersonalData: false, """
        SELECT v.code, v.name, v.kind, t.name AS township_name,
               ST_AsMVTGeom(CASE WHEN @z <= 10 THEN v.geom_3857_low WHEN @z <= 13 THEN v.geom_3857_mid ELSE v.geom_3857 END,
                            tile.bounds::box2d, @extent, @buffer, true) AS geom
        FROM village v
        JOIN township t ON t.code = v.township_code
        CROSS JOIN tile
        WHERE v.geom && tile.area
        """);

    /// <summary>The zoom from which grid features also carry their household count and 网格员 names.</summary>
    public const int GridDetailsMinZoom = 13;

    /// <summary>
    /// Grids. Below <see cref="GridDetailsMinZoom"/> a tile holds hundreds of grids and nobody reads a count off one of
    /// them; counting households and joining staff per grid there cost about half of a z11 tile's time (tests/bench), so
    /// those two properties are NULL there, which ST_AsMVT leaves out (CASE evaluates its subqueries only when taken).
    /// The map's grid card asks /api/grids/{code} for them at any zoom. Zoom 11 uses the 20 m copy of migration 0009.
    /// </summary>
    public static TileLayer Grids { get; } = Layer("grids", minZoom: 11, holdsPersonalData: false, $"""
        SELECT g.code, g.name, g.kind, v.name AS village_name,
               CASE WHEN @z >= {GridDetailsMinZoom} THEN
                   (SELECT count(*) FROM household h WHERE h.grid_code = g.code)::int END AS households,
               CASE WHEN @z >= {GridDetailsMinZoom} THEN
                   (SELECT string_agg(s.name, '、' ORDER BY s.id) FROM grid_staff s
                     WHERE s.grid_code = g.code AND s.role = 'grid_worker') END AS grid_workers,
               ST_AsMVTGeom(CASE WHEN @z <= 11 THEN g.geom_3857_low WHEN @z <= 13 THEN g.geom_3857_mid ELSE g.geom_3857 END,
                            tile.bounds::box2d, @extent, @buffer, true) AS geom
        FROM grid g
        JOIN village v ON v.code = g.village_code
        CROSS JOIN tile
        WHERE g.geom && tile.area AND g.retired_at IS NULL
        """);

    public static TileLayer LinkUnits { get; } = Layer("link-units", minZoom: 14, holdsPersonalData: false, """
        SELECT u.code, u.name, u.grid_code,
               (SELECT count(*) FROM household h WHERE h.link_unit_code = u.code)::int AS households,
               ST_AsMVTGeom(ST_Transform(u.geom, 3857), tile.bounds::box2d, @extent, @buffer, true) AS geom
        FROM link_unit u, tile
        WHERE u.geom && tile.area
        LIMIT @max_points
        """);

    /// <summary>
    /// Households carry their code and size only: names, phones and addresses stay behind the household card. Still, where
    /// households are is personal data: the layer is for signed-in territorial staff, cut within their scope
    /// (<see cref="StaffScopeSql.SeesHousehold"/>), and cached per scope.
    /// </summary>
    public static TileLayer Households { get; } = Layer("households", minZoom: 15, holdsPersonalData: true, $"""
        SELECT h.code, h.members,
               ST_AsMVTGeom(ST_Transform(h.geom, 3857), tile.bounds::box2d, @extent, @buffer, true) AS geom
        FROM household h, tile
        WHERE h.geom && tile.area AND {StaffScopeSql.SeesHousehold("h")}
        LIMIT @max_points
        """);

    /// <summary>
    /// A layer drawn from <paramref name="minZoom"/> to <see cref="MaxZoom"/>, whose tiles are cut from its feature query.
    /// The features select from <c>tile</c>: the tile's Mercator envelope (<c>bounds</c>, for ST_AsMVTGeom) and the same
    /// envelope grown by the clipping buffer as a longitude/latitude rectangle (<c>area</c>: a Mercator tile is one), which
    /// selects candidates through the GiST index on <c>geom</c>.
    /// </summary>
    private static TileLayer Layer(string name, int minZoom, bool holdsPersonalData, string features) =>
        new(name, minZoom, MaxZoom, holdsPersonalData, $"""
            WITH tile AS (
                SELECT ST_TileEnvelope(@z, @x, @y) AS bounds,
                       ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => @margin), 4326) AS area
            )
            SELECT ST_AsMVT(feature, '{name}', @extent, 'geom')
            FROM (
            {features}
            ) AS feature
            """);

    public static IReadOnlyDictionary<string, TileLayer> ByName { get; } =
        new[] { Townships, Villages, Grids, LinkUnits, Households }.ToDictionary(l => l.Name, StringComparer.Ordinal);
}
