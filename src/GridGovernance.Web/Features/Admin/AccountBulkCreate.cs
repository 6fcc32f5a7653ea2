using GridGovernance.Data.Import;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Features.Accounts;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>One problem of a bulk file: its row as a spreadsheet numbers it (the header is row 1), the column, what is wrong.</summary>
internal sealed record BulkProblem(int Row, string Column, string Message);

/// <summary>An account the bulk file created, with its one-time password (shown once on the page, never stored in clear).</summary>
internal sealed record BulkCreated(int Row, long Id, string Username, string DisplayName, string RoleName, string Place, string OneTimePassword);

/// <summary>The report of a bulk file: the problems (then nothing was written) or the accounts created.</summary>
internal sealed record BulkReport(IReadOnlyList<BulkProblem> Problems, IReadOnlyList<BulkCreated> Created, string? Message)
{
    public bool Ok => Problems.Count == 0 && Message is null;

    /// <summary>For a calendar import: the year and how many days were written.</summary>
    public int? ImportedYear { get; init; }

    public int ImportedDays { get; init; }
}

/// <summary>
/// Bulk creation of accounts from a CSV file (姓名,手机号,角色,管辖范围编码 — or name,phone,role,scope), read by the importer's
/// Sylvan reader. Every row is checked like the create form (the phone is the username, so a person signs in with their
/// mobile number), duplicates within the file included; any problem and nothing is written, all rows are reported. Otherwise
/// every account is created in one transaction, each with its audit row and its own one-time password.
/// </summary>
internal sealed class AccountBulkCreate(NpgsqlDataSource dataSource, AccountAdminService accounts, IPasswordHasher<StaffAccount> hasher,
    ILogger<AccountBulkCreate> logger)
{
    public const int MaxRows = 2000;
    public const long MaxBytes = 1024 * 1024;

    private static readonly string[][] Headers = [["姓名", "手机号", "角色", "管辖范围编码"], ["name", "phone", "role", "scope"]];
    private static readonly string[] Columns = ["姓名", "手机号", "角色", "管辖范围编码"];

    public async Task<BulkReport> CreateAsync(CurrentStaff staff, TextReader file, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return new([], [], AccountAdminService.NotManager);
        List<CsvRecord> records;
        try
        {
            records = Csv.Read(file).Take(MaxRows + 2).ToList();
        }
        catch (CsvSyntaxException e)
        {
            return new([new BulkProblem(e.Row, "", "CSV 格式错误（如引号未闭合），请用表格软件另存为 CSV（UTF-8）后再上传。")], [], null);
        }
        if (records.Count == 0) return new([new BulkProblem(1, "", "文件是空的：第 1 行应为表头 姓名,手机号,角色,管辖范围编码。")], [], null);
        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        if (!Headers.Any(h => h.SequenceEqual(header)))
            return new([new BulkProblem(records[0].Row, "", $"表头应为“姓名,手机号,角色,管辖范围编码”，实际为“{string.Join(",", records[0].Fields)}”。")], [], null);
        var rows = records.Skip(1).ToList();
        if (rows.Count == 0) return new([new BulkProblem(1, "", "文件只有表头，没有账号。")], [], null);
        if (rows.Count > MaxRows) return new([new BulkProblem(rows[MaxRows].Row, "", $"一次最多导入 {MaxRows} 个账号，请分批上传。")], [], null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor)
            return new([], [], AdminOutcome.SignedOut.Message);

        var problems = new List<BulkProblem>();
        var checkedRows = new List<(int Row, AccountAdminService.NewAccount Account)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in rows)
        {
            if (record.Fields.Length != Columns.Length)
            {
                problems.Add(new BulkProblem(record.Row, "", $"应有 {Columns.Length} 列，实际 {record.Fields.Length} 列。"));
                continue;
            }
            var phone = record.Fields[1].Trim();
            var input = new AccountInput(record.Fields[0], phone, phone, record.Fields[2], record.Fields[3]);
            var (errors, account) = await accounts.CheckNewAsync(connection, transaction, actor, input, cancellationToken);
            if (AccountAdministration.PhoneProblem(phone, required: true) is { } phoneProblem) errors["phone"] = phoneProblem;
            // The phone is the username: its own problem says it better than the username's.
            if (errors.Remove("username", out var usernameProblem) && !errors.ContainsKey("phone"))
                errors["phone"] = usernameProblem == "用户名已被使用。" ? $"手机号 {phone} 已有账号。" : usernameProblem;
            if (!errors.ContainsKey("phone") && seen.TryGetValue(phone, out var earlier))
                errors["phone"] = $"手机号 {phone} 与第 {earlier} 行重复。";
            seen.TryAdd(phone, record.Row);
            foreach (var (field, message) in errors.OrderBy(e => FieldOrder(e.Key)))
                problems.Add(new BulkProblem(record.Row, ColumnOf(field), message));
            if (errors.Count == 0) checkedRows.Add((record.Row, account!));
        }
        if (problems.Count > 0) return new(problems, [], null);

        var created = new List<BulkCreated>();
        foreach (var (row, account) in checkedRows)
        {
            var password = AccountAdministration.NewOneTimePassword();
            var id = await AccountAdminService.InsertAsync(connection, transaction, account, hasher.HashPassword(null!, password), cancellationToken);
            if (id is null) return new([new BulkProblem(row, "手机号", $"手机号 {account.Username} 刚被另一账号使用，未导入任何账号。")], [], null);
            await AccountAdminService.AuditCreatedAsync(connection, transaction, actor, id.Value, account, "批量创建账号", cancellationToken);
            created.Add(new BulkCreated(row, id.Value, account.Username, account.DisplayName, account.Role.Chinese(), account.PlaceName ?? account.ScopeCode, password));
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Count} accounts created from a file by {ActorId}", created.Count, actor.Id);
        return new([], created, null);
    }

    private static int FieldOrder(string field) => field switch { "displayName" => 0, "phone" => 1, "role" => 2, _ => 3 };

    private static string ColumnOf(string field) => field switch
    {
        "displayName" => "姓名",
        "phone" or "username" => "手机号",
        "role" => "角色",
        "scope" => "管辖范围编码",
        _ => "",
    };
}
