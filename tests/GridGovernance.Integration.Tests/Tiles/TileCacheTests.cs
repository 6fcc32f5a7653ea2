using System.Diagnostics;
using System.Net;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Tiles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>
/// The in-process tile cache. Each test starts an app of its own (a cold cache) on this class's copy of the demo county,
/// which these tests may change.
/// </summary>
public sealed class TileCacheTests(DemoCountyFixture fixture, ITestOutputHelper output) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public async Task A_repeated_tile_is_served_from_the_cache_without_asking_PostgreSQL()
    {
        await using var app = new GridGovAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30); // a request that waited on the lock below would fail, not hang
        var tiles = await CountyTiles(zoom: 12);
        tiles.Count.ShouldBeGreaterThanOrEqualTo(4);
        // Warm the app itself (JIT, connection pool) on a tile of another layer, so the first cut measures PostGIS, not start-up.
        (await client.GetAsync($"/tiles/townships/12/{tiles[0].X}/{tiles[0].Y}.mvt")).EnsureSuccessStatusCode();

        var cold = new List<double>();
        var firstCut = new Dictionary<(int, int), byte[]>();
        foreach (var (x, y) in tiles)
        {
            cold.Add(await TimeTile(client, $"/tiles/grids/12/{x}/{y}.mvt", expectCache: "miss"));
            firstCut[(x, y)] = await client.GetByteArrayAsync($"/tiles/grids/12/{x}/{y}.mvt");
        }

        // With the grids table locked against every reader, a tile cut by PostGIS could not be answered; cached ones are,
        // byte for byte. (The speed-up itself is the benchmark's to measure; tests assert no timings.)
        var warm = new List<double>();
        await using (var connection = await fixture.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var exclusive = new Npgsql.NpgsqlCommand("LOCK TABLE grid IN ACCESS EXCLUSIVE MODE", connection, transaction))
                await exclusive.ExecuteNonQueryAsync();
            foreach (var (x, y) in tiles)
            {
                warm.Add(await TimeTile(client, $"/tiles/grids/12/{x}/{y}.mvt", expectCache: "hit"));
                (await client.GetByteArrayAsync($"/tiles/grids/12/{x}/{y}.mvt")).ShouldBe(firstCut[(x, y)]);
            }
            await transaction.RollbackAsync();
        }
        output.WriteLine($"{tiles.Count} grid tiles at z12: first cut median {Median(cold):0.00} ms (max {cold.Max():0.00}), " +
                         $"from cache median {Median(warm):0.000} ms");
    }

    [Fact]
    public async Task An_import_bumps_the_territory_revision_and_the_next_request_gets_the_new_tile_not_the_cached_one()
    {
        await using var factory = new GridGovAppFactory(fixture.ConnectionString);
        // Read the revision on every request, so that the change shows at once.
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("GridGov:Tiles:RevisionCheckSeconds", "0"));
        using var client = app.CreateClient();
        var (code, x, y) = await GridAndItsZoom15Tile();
        var url = $"/tiles/grids/15/{x}/{y}.mvt";
        var before = await client.GetAsync(url);
        var before2 = await client.GetAsync(url);
        before2.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("hit");
        var oldName = (await MvtDecoder.DecodeAsync(await before.Content.ReadAsByteArrayAsync())).Layers["grids"].Features
            .Single(f => f.Text("code") == code).Text("name");

        // What an import does: change the territory and bump the revision in one transaction.
        await using (var connection = await fixture.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var rename = new Npgsql.NpgsqlCommand("UPDATE grid SET name = name || '（调整）' WHERE code = $1", connection, transaction)
            {
                Parameters = { new() { Value = code } },
            };
            await rename.ExecuteNonQueryAsync();
            await using var bump = new Npgsql.NpgsqlCommand(
                "UPDATE territory_revision SET revision = revision + 1, changed_at = now()", connection, transaction);
            await bump.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await client.SendAsync(revalidate);

        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        var newName = (await MvtDecoder.DecodeAsync(await after.Content.ReadAsByteArrayAsync())).Layers["grids"].Features
            .Single(f => f.Text("code") == code).Text("name");
        newName.ShouldBe(oldName + "（调整）");
    }

    [Fact]
    public async Task A_map_that_asks_for_a_newer_revision_gets_the_new_tile_even_while_this_instance_trusts_its_old_reading()
    {
        await using var factory = new GridGovAppFactory(fixture.ConnectionString);
        // The revision read once and trusted for an hour: as an instance that has not yet looked since another one changed it.
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("GridGov:Tiles:RevisionCheckSeconds", "3600"));
        using var client = app.CreateClient();
        var (code, x, y) = await GridAndItsZoom15Tile();
        var url = $"/tiles/grids/15/{x}/{y}.mvt";
        var oldRevision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");
        var before = await client.GetByteArrayAsync(url);
        var oldName = (await MvtDecoder.DecodeAsync(before)).Layers["grids"].Features.Single(f => f.Text("code") == code).Text("name");

        await BumpRevisionRenaming(code);

        // Without a revision the old reading (and its cached tile) still answers, for up to RevisionCheckSeconds ...
        using (var stale = await client.GetAsync(url)) stale.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("hit");
        // ... but a map that heard of the new revision (the grid editor after its edit, a live map after a territory event)
        // asks with ?v= and is never answered from the old one.
        var fresh = await client.GetAsync($"{url}?v={oldRevision + 1}");
        fresh.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        var newName = (await MvtDecoder.DecodeAsync(await fresh.Content.ReadAsByteArrayAsync())).Layers["grids"].Features
            .Single(f => f.Text("code") == code).Text("name");
        newName.ShouldBe(oldName + "（调整）");
        // From then on this instance keys its tiles by the new revision for every map.
        using var after = await client.GetAsync(url);
        (await MvtDecoder.DecodeAsync(await after.Content.ReadAsByteArrayAsync())).Layers["grids"].Features
            .Single(f => f.Text("code") == code).Text("name").ShouldBe(newName);
    }

    [Fact]
    public async Task The_warm_up_cuts_the_low_zoom_tiles_in_the_background_and_again_after_an_import()
    {
        await using var factory = new GridGovAppFactory(fixture.ConnectionString);
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting("GridGov:Tiles:WarmUp:Enabled", "true")
            .UseSetting("GridGov:Tiles:WarmUp:CheckSeconds", "0.1")
            .UseSetting("GridGov:Tiles:RevisionCheckSeconds", "0"));
        using var client = app.CreateClient();
        var warmUp = app.Services.GetServices<IHostedService>().OfType<TileWarmUp>().Single();
        var revision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

        // Not a gate: the app answers while the warm-up runs.
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(() => warmUp.WarmedRevision == revision, "the first warm-up finished", WarmUpTimeout);

        // Every low-zoom tile the map opens on was cut ahead of any request: the first request for it is a cache hit.
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var checkedTiles = 0;
        foreach (var (layer, zoom) in new[] { ("townships", 6), ("townships", 9), ("villages", 10), ("grids", 11), ("grids", 12) })
            foreach (var (x, y) in TileMath.Covering(west, south, east, north, zoom))
            {
                using var response = await client.GetAsync($"/tiles/{layer}/{zoom}/{x}/{y}.mvt");
                response.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("hit", $"{layer}/{zoom}/{x}/{y}");
                checkedTiles++;
            }
        // Beyond the warm-up's last zoom (12) tiles are cut on demand.
        var (code, x15, y15) = await GridAndItsZoom15Tile();
        var (x13, y13) = (x15 / 4, y15 / 4);
        using (var close = await client.GetAsync($"/tiles/grids/13/{x13}/{y13}.mvt"))
            close.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        output.WriteLine($"{checkedTiles} low-zoom tiles were cache hits on their first request");

        // An import: the next revision is warmed too, with the new content.
        var (x12, y12) = (x15 / 8, y15 / 8);
        var before = await client.GetAsync($"/tiles/grids/12/{x12}/{y12}.mvt");
        await BumpRevisionRenaming(code);
        await Eventually.TrueAsync(() => warmUp.WarmedRevision == revision + 1, "the warm-up after an import finished", WarmUpTimeout);
        var after = await client.GetAsync($"/tiles/grids/12/{x12}/{y12}.mvt");
        after.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("hit");
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        (await MvtDecoder.DecodeAsync(await after.Content.ReadAsByteArrayAsync())).Layers["grids"].Features
            .Single(f => f.Text("code") == code).Text("name")!.ShouldEndWith("（调整）");
    }

    [Fact]
    public async Task With_the_cache_switched_off_every_request_is_cut_again_and_nothing_is_warmed()
    {
        await using var factory = new GridGovAppFactory(fixture.ConnectionString);
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting("GridGov:Tiles:CacheEnabled", "false")
            .UseSetting("GridGov:Tiles:WarmUp:Enabled", "true"));
        using var client = app.CreateClient();
        var (_, x, y) = await GridAndItsZoom15Tile();
        var url = $"/tiles/grids/12/{x / 8}/{y / 8}.mvt";

        var first = await client.GetAsync(url);
        var second = await client.GetAsync(url);

        first.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        second.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        second.Headers.ETag.ShouldBe(first.Headers.ETag);
        (await second.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());
        app.Services.GetRequiredService<TileWarmUpSettings>().Enabled.ShouldBeFalse();
    }

    /// <summary>A warm-up cuts every low-zoom tile of the county: longer than most waits on a loaded two-core machine.</summary>
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(120);

    private async Task BumpRevisionRenaming(string gridCode)
    {
        // What an import does: change the territory and bump the revision in one transaction.
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var rename = new Npgsql.NpgsqlCommand("UPDATE grid SET name = name || '（调整）' WHERE code = $1", connection, transaction)
        {
            Parameters = { new() { Value = gridCode } },
        };
        await rename.ExecuteNonQueryAsync();
        await using var bump = new Npgsql.NpgsqlCommand(
            "UPDATE territory_revision SET revision = revision + 1, changed_at = now()", connection, transaction);
        await bump.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static async Task<double> TimeTile(HttpClient client, string url, string expectCache)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        bytes.ShouldNotBeEmpty();
        response.Headers.GetValues("X-Tile-Cache").Single().ShouldBe(expectCache, url);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The tiles of a zoom over the county that hold at least one grid.</summary>
    private async Task<List<(int X, int Y)>> CountyTiles(int zoom)
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var all = TileMath.Covering(west, south, east, north, zoom).ToList();
        var withGrids = new List<(int X, int Y)>();
        foreach (var (x, y) in all)
            if (await fixture.Database.ScalarAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM grid WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3)))", zoom, x, y))
                withGrids.Add((x, y));
        return withGrids;
    }

    private async Task<(string Code, int X, int Y)> GridAndItsZoom15Tile()
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT code, ST_X(label_point), ST_Y(label_point) FROM grid ORDER BY code DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (x, y) = TileMath.TileOf(reader.GetDouble(1), reader.GetDouble(2), 15);
        return (reader.GetString(0), x, y);
    }
}
