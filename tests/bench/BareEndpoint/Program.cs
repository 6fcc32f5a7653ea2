// The bench's bare endpoint: the app's own SQL through one NpgsqlDataSource built by the app's GridGovDataSource.Create
// (so the same Npgsql settings), and nothing else: no logging, no problem details, no validation beyond parsing, no cache.
// It is the floor the app is compared with.
//
//   BENCH_CONNECTION   connection string (required)
//   BENCH_SQL_DIR      directory holding locate.sql (parameters $1 lng, $2 lat) and tile-<layer>.sql (parameters @z @x @y
//                      @extent @buffer @margin [@max_points]) as extracted from the app's source by run.sh
//   BENCH_TILE_EXTENT, BENCH_TILE_BUFFER, BENCH_TILE_MAX_POINTS   the app's constants (TileLayers.Extent, .Buffer, .MaxPointsPerTile)
//
// GET /locate?lng=..&lat=..            the locate row as a JSON object of its columns (404 when no row)
// GET /tiles/{layer}/{z}/{x}/{y}.mvt   the tile bytes (204 when empty)
//
// `BareEndpoint dump-sql APP_DLL DIR` writes those SQL files and tiles.env (the tile constants and each layer's minimum
// zoom) from the app's compiled assembly, read by reflection: the benchmark always runs the app's exact SQL text. It also
// writes the evaluation's statements (StatsSql.cs: stats-<level>.sql, stats-<level>-ranks.sql, stats-posts.sql) for pgbench.
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GridGovernance.Data.Database;
using Npgsql;

if (args is ["dump-sql", var appDll, var outDir])
{
    DumpSql(appDll, outDir);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var connectionString = builder.Configuration["BENCH_CONNECTION"] ?? throw new InvalidOperationException("BENCH_CONNECTION is not set");
var sqlDir = builder.Configuration["BENCH_SQL_DIR"] ?? throw new InvalidOperationException("BENCH_SQL_DIR is not set");
var extent = int.Parse(builder.Configuration["BENCH_TILE_EXTENT"] ?? "4096", CultureInfo.InvariantCulture);
var buffer = int.Parse(builder.Configuration["BENCH_TILE_BUFFER"] ?? "64", CultureInfo.InvariantCulture);
var maxPoints = int.Parse(builder.Configuration["BENCH_TILE_MAX_POINTS"] ?? "12000", CultureInfo.InvariantCulture);

var dataSource = GridGovDataSource.Create(connectionString, "gridgov-bench-bare");
var locateSql = File.ReadAllText(Path.Combine(sqlDir, "locate.sql"));
var tileSql = Directory.GetFiles(sqlDir, "tile-*.sql")
    .ToDictionary(f => Path.GetFileNameWithoutExtension(f)["tile-".Length..], File.ReadAllText, StringComparer.Ordinal);

var app = builder.Build();

app.MapGet("/locate", async (HttpContext http, CancellationToken ct) =>
{
    var lng = double.Parse(http.Request.Query["lng"].ToString(), CultureInfo.InvariantCulture);
    var lat = double.Parse(http.Request.Query["lat"].ToString(), CultureInfo.InvariantCulture);
    await using var command = dataSource.CreateCommand(locateSql);
    command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng });
    command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
    await using var reader = await command.ExecuteReaderAsync(ct);
    if (!await reader.ReadAsync(ct))
    {
        http.Response.StatusCode = 404;
        return;
    }

    http.Response.ContentType = "application/json; charset=utf-8";
    await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
    json.WriteStartObject();
    for (var i = 0; i < reader.FieldCount; i++)
    {
        json.WritePropertyName("c" + i.ToString(CultureInfo.InvariantCulture));
        if (reader.IsDBNull(i))
        {
            json.WriteNullValue();
            continue;
        }
        switch (reader.GetValue(i))
        {
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d: json.WriteNumberValue(d); break;
            case string[] a:
                json.WriteStartArray();
                foreach (var item in a) json.WriteStringValue(item);
                json.WriteEndArray();
                break;
            case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
        }
    }
    json.WriteEndObject();
    await json.FlushAsync(ct);
});

app.MapGet("/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", async (string layer, int z, int x, int y, HttpContext http, CancellationToken ct) =>
{
    if (!tileSql.TryGetValue(layer, out var sql))
    {
        http.Response.StatusCode = 404;
        return;
    }
    await using var command = dataSource.CreateCommand(sql);
    command.Parameters.AddWithValue("z", z);
    command.Parameters.AddWithValue("x", x);
    command.Parameters.AddWithValue("y", y);
    command.Parameters.AddWithValue("extent", extent);
    command.Parameters.AddWithValue("buffer", buffer);
    command.Parameters.AddWithValue("margin", (double)buffer / extent);
    if (sql.Contains("@max_points", StringComparison.Ordinal)) command.Parameters.AddWithValue("max_points", maxPoints);
    var bytes = await command.ExecuteScalarAsync(ct) as byte[] ?? [];
    if (bytes.Length == 0)
    {
        http.Response.StatusCode = 204;
        return;
    }
    http.Response.ContentType = "application/vnd.mapbox-vector-tile";
    http.Response.ContentLength = bytes.Length;
    await http.Response.Body.WriteAsync(bytes, ct);
});

app.MapGet("/healthz", () => "ok");

await app.RunAsync();

static void DumpSql(string appDll, string outDir)
{
    const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
    var app = Assembly.LoadFrom(Path.GetFullPath(appDll));
    Type TypeOf(string name) => app.GetType(name, throwOnError: false)
        ?? throw new InvalidOperationException($"{name} not found in {appDll}: update tests/bench/BareEndpoint/Program.cs");
    object Constant(Type type, string name) => type.GetField(name, Static)?.GetRawConstantValue()
        ?? throw new InvalidOperationException($"{type.Name}.{name} not found: update tests/bench/BareEndpoint/Program.cs");

    Directory.CreateDirectory(outDir);
    var locate = TypeOf("GridGovernance.Web.Features.Locate.LocateQuery");
    File.WriteAllText(Path.Combine(outDir, "locate.sql"), (string)Constant(locate, "Sql"));

    var layers = TypeOf("GridGovernance.Web.Features.Tiles.TileLayers");
    var env = new List<string>
    {
        $"TILE_EXTENT={Constant(layers, "Extent")}",
        $"TILE_BUFFER={Constant(layers, "Buffer")}",
        $"TILE_MAX_POINTS={Constant(layers, "MaxPointsPerTile")}",
    };
    var byName = (IEnumerable)(layers.GetProperty("ByName", Static)?.GetValue(null)
        ?? throw new InvalidOperationException("TileLayers.ByName not found: update tests/bench/BareEndpoint/Program.cs"));
    foreach (var entry in byName)
    {
        var layer = entry.GetType().GetProperty("Value")!.GetValue(entry)!;
        string Get(string property) => Convert.ToString(layer.GetType().GetProperty(property)!.GetValue(layer), CultureInfo.InvariantCulture)!;
        File.WriteAllText(Path.Combine(outDir, $"tile-{Get("Name")}.sql"), Get("Sql"));
        env.Add($"MINZOOM_{Get("Name").Replace('-', '_')}={Get("MinZoom")}");
    }
    File.WriteAllLines(Path.Combine(outDir, "tiles.env"), env);

    // The evaluation's SQL (StatsSql.cs): the rankings per level, last month's ranks-only ranking, and the posts table.
    foreach (var (file, sql) in GridGovernance.Bench.StatsSql.Files(app))
        File.WriteAllText(Path.Combine(outDir, file), sql);
}
