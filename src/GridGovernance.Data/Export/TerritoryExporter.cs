using System.IO.Compression;
using System.Text;
using GridGovernance.Data.Import;
using Npgsql;
using Sylvan.Data.Csv;

namespace GridGovernance.Data.Export;

/// <summary>
/// Writes a county's territory back out in the importer's own format (geodata/FORMAT.md): the five GeoJSON files, households.csv
/// and grid-staff.csv, so that an export imports again unchanged (a county moving servers, or fixing its data in QGIS and
/// importing it back). The importer's files hold the territory as it is now: live grids only (a merged or retired grid stays in
/// the database for its cases, but importing it beside its successor would overlap). Its history is a separate choice (含历史):
/// grid-history.geojson and grid-history.csv, every shape every grid of the county has had, with valid_from/valid_to
/// (migration 0023), which the importer does not read. PostGIS writes every feature (bulk GeoJSON stays in the database); rows are streamed one by one, so
/// a province's households never sit in memory as one string. Coordinates keep 6 decimals, the format's precision.
/// </summary>
public static class TerritoryExporter
{
    private static string Features(string table, string parent, string extra = "", string where = "") => $"""
        SELECT json_build_object('type', 'Feature',
                                 'properties', jsonb_strip_nulls(jsonb_build_object('code', code, 'name', name, 'parent', {parent}{extra})),
                                 'geometry', ST_AsGeoJSON(geom, 6)::json)::text
        FROM {table} WHERE starts_with(code, @county){where} ORDER BY code
        """;

    /// <summary>The SQL of each file, by file name; every query takes the county code as @county.</summary>
    private static readonly Dictionary<string, string> FeatureSql = new(StringComparer.Ordinal)
    {
        ["county.geojson"] = Features("county", "NULL"),
        ["townships.geojson"] = Features("township", "county_code"),
        ["villages.geojson"] = Features("village", "township_code"),
        ["grids.geojson"] = Features("grid", "grid.village_code", ", 'kind', kind", " AND retired_at IS NULL"),
        ["link-units.geojson"] = Features("link_unit", "grid_code", ", 'leader', leader_household_code"),
    };

    private const string HouseholdsSql = """
        SELECT code, grid_code, link_unit_code, head_name, members::text AS members, phone, address,
               round(ST_X(geom)::numeric, 6)::text AS lng, round(ST_Y(geom)::numeric, 6)::text AS lat
        FROM household WHERE starts_with(code, @county) ORDER BY code
        """;

    private const string StaffSql = """
        SELECT s.grid_code, s.role, s.name, s.phone FROM grid_staff s JOIN grid g ON g.code = s.grid_code AND g.retired_at IS NULL
        WHERE starts_with(s.grid_code, @county) ORDER BY s.grid_code, s.role, s.id
        """;

    /// <summary>The file of every shape every grid has had (含历史): GeoJSON, one feature per shape.</summary>
    public const string GridHistoryGeoJsonFile = "grid-history.geojson";

    /// <summary>The same history as a table (no geometry; the area of each shape in m²).</summary>
    public const string GridHistoryCsvFile = "grid-history.csv";

    /// <summary>
    /// Every shape of every grid of the county: the earlier ones kept in grid_version [valid_from, valid_to), and each grid's
    /// row (its current shape, or for a retired grid its last one, valid until retired_at). valid_from is empty for a shape
    /// that held since before history began (grids imported before migration 0023); valid_to is empty for a shape in force.
    /// Times are China time with their offset (ISO 8601, to the microsecond: one shape's valid_to is exactly the next one's
    /// valid_from).
    /// </summary>
    private const string GridShapesSql = """
        WITH shapes AS (
            SELECT g.code, g.name, g.village_code, g.kind, v.valid_from, v.valid_to, v.geom, g.retired_at, g.successor_code
            FROM grid_version v JOIN grid g ON g.code = v.grid_code
            WHERE starts_with(g.code, @county)
            UNION ALL
            SELECT g.code, g.name, g.village_code, g.kind, g.valid_from, g.retired_at, g.geom, g.retired_at, g.successor_code
            FROM grid g WHERE starts_with(g.code, @county))
        SELECT code, name, village_code AS parent, kind,
               CASE WHEN isfinite(valid_from)
                    THEN to_char(valid_from AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.US"+08:00"') END AS valid_from,
               CASE WHEN valid_to IS NOT NULL
                    THEN to_char(valid_to AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.US"+08:00"') END AS valid_to,
               (retired_at IS NOT NULL) AS retired, successor_code AS successor, geom, valid_from AS starts
        FROM shapes
        """;

    private const string GridHistoryGeoJsonSql = $"""
        SELECT json_build_object('type', 'Feature',
                                 'properties', json_build_object('code', code, 'name', name, 'parent', parent, 'kind', kind,
                                                                 'valid_from', valid_from, 'valid_to', valid_to,
                                                                 'retired', retired, 'successor', successor),
                                 'geometry', ST_AsGeoJSON(geom, 6)::json)::text
        FROM ({GridShapesSql}) s ORDER BY code, starts
        """;

    private const string GridHistoryCsvSql = $"""
        SELECT code, name, parent, kind, valid_from, valid_to, retired, successor, round(ST_Area(geom::geography))::bigint AS area_m2
        FROM ({GridShapesSql}) s ORDER BY code, starts
        """;

    /// <summary>Every file of the format, in the order the importer reads them.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. TerritoryFiles.FeatureFiles.Select(f => f.File), TerritoryFiles.HouseholdsFile, TerritoryFiles.StaffFile];

    /// <summary>The grids' history (含历史), exported on request beside the format's files.</summary>
    public static IReadOnlyList<string> HistoryFileNames { get; } = [GridHistoryGeoJsonFile, GridHistoryCsvFile];

    /// <summary>Writes one file of county <paramref name="countyCode"/> to <paramref name="output"/> (UTF-8, no BOM).</summary>
    public static async Task WriteFileAsync(NpgsqlDataSource dataSource, string countyCode, string fileName, Stream output,
        CancellationToken cancellationToken = default)
    {
        // The writer leaves the stream open: a zip entry or a response body belongs to the caller.
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        if (FeatureSql.TryGetValue(fileName, out var featureSql))
            await WriteFeatureCollectionAsync(dataSource, countyCode, featureSql, writer, cancellationToken);
        else if (fileName == TerritoryFiles.HouseholdsFile)
            await WriteCsvAsync(dataSource, countyCode, HouseholdsSql, writer, cancellationToken);
        else if (fileName == TerritoryFiles.StaffFile)
            await WriteCsvAsync(dataSource, countyCode, StaffSql, writer, cancellationToken);
        else if (fileName == GridHistoryGeoJsonFile)
            await WriteFeatureCollectionAsync(dataSource, countyCode, GridHistoryGeoJsonSql, writer, cancellationToken);
        else if (fileName == GridHistoryCsvFile)
            await WriteCsvAsync(dataSource, countyCode, GridHistoryCsvSql, writer, cancellationToken);
        else
            throw new ArgumentException($"Not a file of the territory format: {fileName}", nameof(fileName));
    }

    /// <summary>
    /// Writes all seven files into one zip archive, ready for the importer once unpacked (which takes the format's files
    /// from it and leaves the rest), with <paramref name="includeHistory"/> the grids' history files too. The archive is built
    /// in a temporary file first: ZipArchive writes its directory synchronously, which a response body refuses, and a
    /// province's archive should not sit in memory.
    /// </summary>
    public static async Task WriteZipAsync(NpgsqlDataSource dataSource, string countyCode, Stream output, bool includeHistory = false,
        CancellationToken cancellationToken = default)
    {
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var fileName in includeHistory ? FileNames.Concat(HistoryFileNames) : FileNames)
            {
                await using var entry = await zip.CreateEntry(fileName, CompressionLevel.Fastest).OpenAsync(cancellationToken);
                await WriteFileAsync(dataSource, countyCode, fileName, entry, cancellationToken);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Writes all seven files into <paramref name="directory"/> (created when missing).</summary>
    public static async Task WriteDirectoryAsync(NpgsqlDataSource dataSource, string countyCode, string directory,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        foreach (var fileName in FileNames)
        {
            await using var file = File.Create(Path.Combine(directory, fileName));
            await WriteFileAsync(dataSource, countyCode, fileName, file, cancellationToken);
        }
    }

    private static async Task WriteFeatureCollectionAsync(NpgsqlDataSource dataSource, string countyCode, string sql,
        StreamWriter writer, CancellationToken cancellationToken)
    {
        await using var command = Command(dataSource, countyCode, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await writer.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.WriteAsync(first ? "\n" : ",\n");
            await writer.WriteAsync(reader.GetString(0));
            first = false;
        }
        await writer.WriteAsync("\n]}\n");
        await writer.DisposeAsync();
    }

    private static async Task WriteCsvAsync(NpgsqlDataSource dataSource, string countyCode, string sql, StreamWriter writer,
        CancellationToken cancellationToken)
    {
        await using var command = Command(dataSource, countyCode, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // The column names are the format's header; Sylvan quotes a field only when it must (RFC 4180), as the importer reads.
        // The CSV writer owns (and disposes) the text writer.
        await using var csv = CsvDataWriter.Create(writer, new CsvDataWriterOptions { NewLine = "\n" });
        await csv.WriteAsync(reader, cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string countyCode, string sql)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("county", countyCode));
        return command;
    }
}
