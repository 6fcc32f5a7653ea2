using System.Globalization;
using System.IO.Compression;
using System.Text;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>
/// The county's territory exported in the importer's own format (geodata/FORMAT.md): county, townships, villages, grids
/// and 十联户 units as GeoJSON (written whole by PostGIS, 6 decimals), households and grid staff as CSV — one ZIP that
/// <c>gridgov import</c> reads back. It holds full phone numbers and names, so only the county administrator may take it,
/// and each export is recorded in the audit trail (in the same transaction that reads the data).
/// </summary>
internal sealed class TerritoryExport(NpgsqlDataSource dataSource, ILogger<TerritoryExport> logger)
{
    private static readonly (string File, string Rows)[] Layers =
    [
        ("county.geojson", "SELECT geom, json_build_object('code', code, 'name', name) AS properties, code AS ord FROM county WHERE code = @county"),
        ("townships.geojson", "SELECT geom, json_build_object('code', code, 'name', name, 'parent', county_code) AS properties, code AS ord FROM township WHERE county_code = @county"),
        ("villages.geojson", "SELECT geom, json_build_object('code', code, 'name', name, 'parent', township_code) AS properties, code AS ord FROM village WHERE starts_with(code, @county)"),
        ("grids.geojson", "SELECT geom, json_build_object('code', code, 'name', name, 'parent', village_code, 'kind', kind) AS properties, code AS ord FROM grid WHERE starts_with(code, @county)"),
        ("link-units.geojson", "SELECT geom, json_strip_nulls(json_build_object('code', code, 'name', name, 'parent', grid_code, 'leader', leader_household_code)) AS properties, code AS ord FROM link_unit WHERE starts_with(code, @county)"),
    ];

    /// <summary>The ZIP of the caller's county, or null when the caller is not a county administrator.</summary>
    public async Task<byte[]?> ZipAsync(CurrentStaff staff, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return null;
        var county = staff.ScopeCode[..6];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every file: a concurrent import or redraw cannot make the files disagree.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return null;

        using var memory = new MemoryStream();
        var counts = new Dictionary<string, int>();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (file, rows) in Layers)
            {
                await using var command = new NpgsqlCommand(GeoJsonSql.FeatureCollection(rows), connection, transaction);
                command.Parameters.AddWithValue("county", county);
                var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
                await WriteAsync(zip, file, json, cancellationToken);
            }
            counts["households"] = await WriteCsvAsync(zip, "households.csv", "code,grid_code,link_unit_code,head_name,members,phone,address,lng,lat", """
                SELECT code, grid_code, coalesce(link_unit_code, ''), head_name, members::text, coalesce(phone, ''), coalesce(address, ''),
                       round(ST_X(geom)::numeric, 6)::text, round(ST_Y(geom)::numeric, 6)::text
                FROM household WHERE starts_with(code, @county) ORDER BY code
                """, county, connection, transaction, cancellationToken);
            counts["gridStaff"] = await WriteCsvAsync(zip, "grid-staff.csv", "grid_code,role,name,phone", """
                SELECT grid_code, role, name, coalesce(phone, '') FROM grid_staff WHERE starts_with(grid_code, @county) ORDER BY grid_code, role, id
                """, county, connection, transaction, cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "territory.export", "county", county,
            $"导出本县区域数据（含 {counts["households"]} 户住户、{counts["gridStaff"]} 名网格人员的姓名和电话）", null, counts), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Territory of county {County} exported by {ActorId}", county, actor.Id);
        return memory.ToArray();
    }

    private static async Task WriteAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await entry.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static async Task<int> WriteCsvAsync(ZipArchive zip, string name, string header, string sql, string county, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(header).Append("\r\n");
        var rows = 0;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("county", county);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0) text.Append(',');
                    text.Append(Field(reader.GetString(i)));
                }
                text.Append("\r\n");
                rows++;
            }
        }
        await WriteAsync(zip, name, text.ToString(), cancellationToken);
        return rows;
    }

    /// <summary>RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes inside doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string FileName(string county) =>
        string.Create(CultureInfo.InvariantCulture, $"territory-{county}-{DateTime.UtcNow:yyyyMMdd}.zip");
}
