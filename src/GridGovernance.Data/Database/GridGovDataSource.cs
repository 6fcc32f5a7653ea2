using Npgsql;

namespace GridGovernance.Data.Database;

/// <summary>Builds the one NpgsqlDataSource the process uses.</summary>
public static class GridGovDataSource
{
    /// <summary>
    /// Adds the settings measured to matter here (auto-prepare and no reset on close roughly doubled a point-in-polygon
    /// endpoint's throughput) unless the operator's connection string already says otherwise.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName = "gridgov")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 20;
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = applicationName;
        // Named, or the pool's metrics (/metrics) would be labelled with the connection string, password and all.
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = applicationName };
        return dataSourceBuilder.Build();
    }
}
