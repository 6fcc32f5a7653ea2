using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Photos;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Photos;

/// <summary>A migrated (empty) database and the real app's photo services, storing into the factory's temp directory.</summary>
public sealed class PhotoFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialised");
    public GridGovAppFactory Factory { get; private set; } = null!;
    public IPhotoProcessor Processor => Factory.Services.GetRequiredService<IPhotoProcessor>();
    public IPhotoStore Store => Factory.Services.GetRequiredService<IPhotoStore>();

    public static string Samples => Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Photos", "samples");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        Factory = new GridGovAppFactory(_database.ConnectionString);
        _ = Factory.Services; // starts the host (and its migrations) now, not inside the first test
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
