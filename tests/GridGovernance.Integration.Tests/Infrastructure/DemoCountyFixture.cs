using Npgsql;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>A class fixture: a fresh copy of the demo county database and the real app in front of it.</summary>
public sealed class DemoCountyFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialised");
    public string ConnectionString => Database.ConnectionString;
    public NpgsqlDataSource DataSource => Database.DataSource;
    public GridGovAppFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDemoCountyAsync();
        Factory = new GridGovAppFactory(_database.ConnectionString);
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
