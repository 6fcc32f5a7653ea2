using Npgsql;

namespace GridGovernance.Data.Database;

/// <summary>Builds the one NpgsqlDataSource the process uses.</summary>
public static class GridGovDataSource
{
    /// <summary>
    /// Adds the settings measured to matter here (auto-prepare and no reset on close roughly doubled a point-in-polygon
    /// endpoint's throughput) unless the operator's connection string already says otherwise. PostGIS geometry reads and
    /// writes as NetTopologySuite geometry (SRID kept), so .NET code that must reason about a shape gets a typed one.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName = "gridgov")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 20;
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = applicationName;
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString)
        {
            // Without a name, metrics would label the pool with its connection string.
            Name = builder.ApplicationName,
        };
        dataSourceBuilder.UseNetTopologySuite();
        return dataSourceBuilder.Build();
    }
}
