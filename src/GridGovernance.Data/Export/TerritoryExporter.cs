using System.IO.Compression;
using System.Text;
using GridGovernance.Data.Import;
using Npgsql;
using Sylvan.Data.Csv;

namespace GridGovernance.Data.Export;

/// <summary>
/// Writes a county's territory back out in the importer's own format (geodata/FORMAT.md): the five GeoJSON files, households.csv
/// and grid-staff.csv, so that an export imports again unchanged (a county moving servers, or fixing its data in QGIS and
/// importing it back). PostGIS writes every feature (bulk GeoJSON stays in the database); rows are streamed one by one, so
/// a province's households never sit in memory as one string. Coordinates keep 6 decimals, the format's precision.
/// </summary>
public static class TerritoryExporter
{
    private static string Features(string table, string parent, string extra = "") => $"""
        SELECT json_build_object('type', 'Feature',
                                 'properties', jsonb_strip_nulls(jsonb_build_object('code', code, 'name', name, 'parent', {parent}{extra})),
                                 'geometry', ST_AsGeoJSON(geom, 6)::json)::text
        FROM {table} WHERE starts_with(code, @county) ORDER BY code
        """;

    /// <summary>The SQL of each file, by file name; every query takes the county code as @county.</summary>
    private static readonly Dictionary<string, string> FeatureSql = new(StringComparer.Ordinal)
    {
        ["county.geojson"] = Features("county", "NULL"),
        ["townships.geojson"] = Features("township", "county_code"),
        ["villages.geojson"] = Features("village", "township_code"),
        ["grids.geojson"] = Features("grid", "grid.village_code", ", 'kind', kind"),
        ["link-units.geojson"] = Features("link_unit", "grid_code", ", 'leader', leader_household_code"),
    };

    private const string HouseholdsSql = """
        SELECT code, grid_code, link_unit_code, head_name, members::text AS members, phone, address,
               round(ST_X(geom)::numeric, 6)::text AS lng, round(ST_Y(geom)::numeric, 6)::text AS lat
        FROM household WHERE starts_with(code, @county) ORDER BY code
        """;

    private const string StaffSql = """
        SELECT grid_code, role, name, phone FROM grid_staff WHERE starts_with(grid_code, @county) ORDER BY grid_code, role, id
        """;

    /// <summary>Every file of the format, in the order the importer reads them.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. TerritoryFiles.FeatureFiles.Select(f => f.File), TerritoryFiles.HouseholdsFile, TerritoryFiles.StaffFile];

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
        else
            throw new ArgumentException($"Not a file of the territory format: {fileName}", nameof(fileName));
    }

    /// <summary>
    /// Writes all seven files into one zip archive, ready for the importer once unpacked. The archive is built in a temporary
    /// file first: ZipArchive writes its directory synchronously, which a response body refuses, and a province's archive
    /// should not sit in memory.
    /// </summary>
    public static async Task WriteZipAsync(NpgsqlDataSource dataSource, string countyCode, Stream output,
        CancellationToken cancellationToken = default)
    {
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var fileName in FileNames)
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
