namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// One vector-tile layer: the zooms it is drawn at and the SQL that cuts one tile of it.
/// The SQL takes @z, @x, @y and returns one bytea (ST_AsMVT; zero bytes when the tile holds no feature).
/// </summary>
internal sealed record TileLayer(string Name, int MinZoom, int MaxZoom, bool HoldsPersonalData, string Sql)
{
    public bool DrawnAt(int zoom) => zoom >= MinZoom && zoom <= MaxZoom;
}
