using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>Cuts one tile of a layer in PostGIS (the layer's SQL lives with its definition in <see cref="TileLayers"/>).</summary>
internal sealed class TileQueries(NpgsqlDataSource dataSource)
{
    /// <param name="staff">For a layer of personal data: the caller, whose scope (<see cref="StaffScopeSql"/>) the features are cut to.</param>
    public async Task<byte[]> CutAsync(TileLayer layer, int z, int x, int y, CurrentStaff? staff, CancellationToken cancellationToken)
    {
        await using var command = staff is null ? dataSource.CreateCommand(layer.Sql) : StaffScopeSql.Command(dataSource, staff, layer.Sql);
        command.Parameters.AddWithValue("z", z);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        command.Parameters.AddWithValue("extent", TileLayers.Extent);
        command.Parameters.AddWithValue("buffer", TileLayers.Buffer);
        command.Parameters.AddWithValue("margin", (double)TileLayers.Buffer / TileLayers.Extent);
        if (layer.Sql.Contains("@max_points", StringComparison.Ordinal))
            command.Parameters.AddWithValue("max_points", TileLayers.MaxPointsPerTile);
        // ST_AsMVT over no rows gives an empty bytea: a valid tile with no layers.
        return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }
}
