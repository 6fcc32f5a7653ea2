using System.IO.Compression;
using GridGovernance.Data.Export;
using GridGovernance.Data.Import;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Territory;

/// <summary>One file chosen in the browser (or handed over by a test): its name, its declared size, and how to read it.</summary>
internal sealed record TerritoryUploadFile(string Name, long Size, Func<Stream> Open);

/// <summary>Where an import is: 0–100 and what it is doing, in Chinese.</summary>
internal sealed record TerritoryImportProgress(int Percent, string Message);

/// <summary>How an import ended: the importer's report (every problem, or the counts written) when it got that far.</summary>
internal sealed record TerritoryImportOutcome(AdminStatus Status, string Message, ImportResult? Report)
{
    public bool Ok => Status == AdminStatus.Ok;
}

/// <summary>
/// The territory import in the browser (/admin/territory): the files of the importer's format (geodata/FORMAT.md) — chosen one
/// by one, or the export's ZIP — are written to a private temporary directory and handed to the same
/// <see cref="TerritoryImporter"/> the CLI runs, with the same checks and the same report, nothing written when anything
/// is wrong. Added inside the importer's transaction: the administrator is re-read (a circuit outlives a disable), the
/// county in the files must be the administrator's own, and the audit row commits with the territory.
/// </summary>
internal sealed class TerritoryImportService(NpgsqlDataSource dataSource, GridGovernance.Web.Features.Tiles.TerritoryRevision revision,
    ILogger<TerritoryImportService> logger)
{
    /// <summary>Per file, and for a ZIP per entry: a county's households.csv is tens of MB; this is far beyond any county.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public const string NotCountyAdmin = "只有县级管理员可以导入区域数据。";

    public static IReadOnlyList<string> FileNames => TerritoryExporter.FileNames;

    /// <summary>The county as the page opens: imported already (and its name), or only declared at setup.</summary>
    public async Task<(bool Imported, string? Name)> CountyAsync(CurrentStaff staff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT true, name FROM county WHERE code = $1
            UNION ALL SELECT false, name FROM county_declared WHERE code = $1
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = staff.ScopeCode });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetBoolean(0), reader.GetString(1)) : (false, null);
    }

    public async Task<TerritoryImportOutcome> ImportAsync(CurrentStaff staff, IReadOnlyList<TerritoryUploadFile> uploads,
        IProgress<TerritoryImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return new(AdminStatus.Forbidden, NotCountyAdmin, null);
        if (uploads.Count == 0) return new(AdminStatus.Invalid, "请选择要导入的文件（7 个文件，或导出的 ZIP）。", null);

        var directory = Directory.CreateTempSubdirectory("gridgov-import-");
        try
        {
            if (await StageAsync(uploads, directory.FullName, progress, cancellationToken) is { } refused)
                return new(AdminStatus.Invalid, refused, null);

            var signedOut = false;
            var step = 0;
            var hooks = new ImportHooks
            {
                CheckAsync = async (connection, transaction, files, ct) =>
                {
                    if (await AdminActor.CurrentAsync(connection, transaction, staff, ct) is null)
                    {
                        signedOut = true;
                        return [new ImportProblem("(账号)", null, AdminOutcome.SignedOut.Message!)];
                    }
                    var county = files.Features.SingleOrDefault(f => f.Level == TerritoryLevel.County);
                    return county is not null && county.Code != staff.ScopeCode
                        ? [new ImportProblem("county.geojson", county.Code, $"文件中的县（区）为 {county.Code} {county.Name}，不是您管理的 {staff.ScopeCode}：只能导入本县的区域数据")]
                        : [];
                },
                BeforeCommitAsync = async (connection, transaction, files, counts, ct) =>
                {
                    // The county now has its boundary: the declaration made at setup has served its purpose.
                    await using (var command = new NpgsqlCommand("DELETE FROM county_declared WHERE code = $1", connection, transaction))
                    {
                        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = staff.ScopeCode });
                        await command.ExecuteNonQueryAsync(ct);
                    }
                    await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(staff.Id, staff.DisplayName, "territory.import", "county",
                        staff.ScopeCode,
                        $"导入区域数据：{counts["townships"]} 个乡镇，{counts["villages"]} 个村（社区），{counts["grids"]} 个网格，{counts["linkUnits"]} 个十联户，{counts["households"]} 户",
                        null, counts), ct);
                },
            };
            // The importer reports four steps (read, check, write, done); the bar moves through them after the upload's 40%.
            int[] stepPercent = [45, 60, 85, 100];
            // Off the caller's context: reading and parsing the files is synchronous work that would stall a page's circuit.
            var result = await Task.Run(() => TerritoryImporter.ImportAsync(dataSource, directory.FullName,
                message => progress?.Report(new TerritoryImportProgress(stepPercent[Math.Min(step++, stepPercent.Length - 1)],
                    message.Replace(directory.FullName, "上传的文件", StringComparison.Ordinal))),
                hooks, cancellationToken), cancellationToken);
            if (signedOut) return new(AdminStatus.SignedOut, AdminOutcome.SignedOut.Message!, null);
            if (!result.Succeeded)
            {
                logger.LogInformation("Territory import by {ActorId} refused with {Count} problems", staff.Id, result.Problems.Count);
                return new(AdminStatus.Invalid, $"发现 {result.Problems.Count} 个问题，未导入任何数据。请修正文件后重新导入。", result);
            }
            // The import bumped the tiles' revision: this instance's maps get the new territory at once.
            revision.Forget();
            logger.LogInformation("Territory of county {CountyCode} imported by {ActorId}", staff.ScopeCode, staff.Id);
            return new(AdminStatus.Ok, "导入完成。", result);
        }
        finally
        {
            try { directory.Delete(recursive: true); }
            catch (IOException e) { logger.LogWarning("Import directory {Directory} not removed: {Message}", directory.FullName, e.Message); }
        }
    }

    /// <summary>Writes the uploads into <paramref name="directory"/>; a refusal in Chinese when a file is not one of the format's.</summary>
    private static async Task<string?> StageAsync(IReadOnlyList<TerritoryUploadFile> uploads, string directory,
        IProgress<TerritoryImportProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Math.Max(1, uploads.Sum(u => Math.Max(0, u.Size)));
        long done = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upload in uploads)
        {
            var name = Path.GetFileName(upload.Name ?? "");
            var zip = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
            if (!zip && !FileNames.Contains(name, StringComparer.Ordinal))
                return $"“{name}”不是导入格式中的文件。应为：{string.Join("、", FileNames)}，或导出的 ZIP。";
            if (upload.Size > MaxFileBytes) return $"“{name}”超过 {MaxFileBytes / 1024 / 1024} MB。";
            if (!seen.Add(name)) return $"“{name}”选择了两次。";
            var target = Path.Combine(directory, zip ? ".upload.zip" : name);
            await using (var input = upload.Open())
            await using (var output = File.Create(target))
            {
                var buffer = new byte[81920];
                long written = 0;
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    if (written > MaxFileBytes) return $"“{name}”超过 {MaxFileBytes / 1024 / 1024} MB。";
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(new TerritoryImportProgress((int)(40 * Math.Min(1.0, (double)(done + written) / total)), $"上传 {name} …"));
                }
                done += written;
            }
            if (zip && Unzip(target, directory, name) is { } zipProblem) return zipProblem;
        }
        return null;
    }

    /// <summary>Only the format's seven names are taken from a ZIP (wherever they sit in it), each within the size limit.</summary>
    private static string? Unzip(string zipPath, string directory, string zipName)
    {
        try
        {
            using (var archive = ZipFile.OpenRead(zipPath))
            {
                var found = 0;
                foreach (var entry in archive.Entries)
                {
                    var name = entry.Name;
                    if (!FileNames.Contains(name, StringComparer.Ordinal)) continue;
                    if (entry.Length > MaxFileBytes) return $"ZIP 中的“{name}”超过 {MaxFileBytes / 1024 / 1024} MB。";
                    var target = Path.Combine(directory, name);
                    if (File.Exists(target)) return $"“{name}”出现了两次（ZIP 中或另外选择的文件中）。";
                    using (var input = entry.Open())
                    using (var output = File.Create(target))
                    {
                        // Copy at most the limit: a ZIP may declare a small length and inflate to more.
                        var buffer = new byte[81920];
                        long written = 0;
                        int read;
                        while ((read = input.Read(buffer)) > 0)
                        {
                            written += read;
                            if (written > MaxFileBytes) return $"ZIP 中的“{name}”超过 {MaxFileBytes / 1024 / 1024} MB。";
                            output.Write(buffer, 0, read);
                        }
                    }
                    found++;
                }
                if (found == 0) return $"“{zipName}”中没有导入格式的文件（{string.Join("、", FileNames)}）。";
            }
            File.Delete(zipPath);
            return null;
        }
        catch (InvalidDataException)
        {
            return $"“{zipName}”不是有效的 ZIP 文件。";
        }
    }
}
