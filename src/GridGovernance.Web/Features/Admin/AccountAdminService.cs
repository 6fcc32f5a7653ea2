using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Privacy;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Accounts;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Admin;

/// <summary>One account as the accounts table shows it (the phone masked: the list is no place to harvest numbers).</summary>
internal sealed record AccountRow(long Id, string Username, string DisplayName, StaffRole Role, string ScopeCode, string? PlaceName,
    string? MaskedPhone, bool HasPhone, bool Disabled, bool Locked, bool MustChangePassword, DateTimeOffset CreatedAt, string? LinkedPost = null)
{
    public string RoleName => Role.Chinese();

    /// <summary>停用 / 已锁定 / 待改密 / 正常, in that precedence: what stops the person from working first.</summary>
    public string State => Disabled ? "停用" : Locked ? "已锁定" : MustChangePassword ? "待改密" : "正常";
}

/// <summary>The accounts list's search: each empty field matches everything.</summary>
internal sealed record AccountFilter(string? Name = null, string? Role = null, string? Place = null, string? State = null);

/// <summary>What a create or edit form carries; <see cref="Phone"/> empty on an edit keeps the stored number.</summary>
internal sealed record AccountInput(string? DisplayName, string? Username, string? Phone, string? Role, string? ScopeCode);

/// <summary>A place or unit the scope picker offers.</summary>
internal sealed record PlaceOption(string Code, string Name);

/// <summary>
/// The accounts of the county administration (/admin/accounts): list, create, edit role and scope, disable/enable, reset a
/// password, unlock. Every change runs in one transaction that re-reads the caller (<see cref="AdminActor"/>), checks the
/// target and the new values against the caller's reach (<see cref="AccountAdministration"/>: the role, and the scope through
/// the one scope rule's CoversTerritory), writes, and records an audit row beside it. Outside the reach is "not found".
/// </summary>
internal sealed class AccountAdminService(
    NpgsqlDataSource dataSource, IPasswordHasher<StaffAccount> hasher, SecurityStampCache stamps, ILogger<AccountAdminService> logger)
{
    public const string NotManager = "当前账号的角色不能管理账号。";

    // The name of the place or unit an account serves, by its role's level.
    internal static string PlaceName(bool activeUnitsOnly = false) => $"""
        CASE a.role
            WHEN 'county_admin'        THEN (SELECT name FROM county    WHERE code = a.scope_code)
            WHEN 'township_dispatcher' THEN (SELECT name FROM township  WHERE code = a.scope_code)
            WHEN 'village_cadre'       THEN (SELECT name FROM village   WHERE code = a.scope_code)
            WHEN 'grid_worker'         THEN (SELECT name FROM grid      WHERE code = a.scope_code)
            WHEN 'link_leader'         THEN (SELECT name FROM link_unit WHERE code = a.scope_code)
            ELSE (SELECT name FROM department_unit WHERE code = a.scope_code{(activeUnitsOnly ? " AND active" : "")}) END
        """;

    private static readonly string PlaceNameSql = PlaceName();

    // The accounts the caller manages: in its territory (unit codes start with their county's code) and of a role it manages.
    internal static readonly string Reach = $"{StaffScopeSql.CoversTerritory("a.scope_code")} AND a.role = ANY(@manageable_roles)";

    private static readonly Dictionary<string, string> SortColumns = new(StringComparer.Ordinal)
    {
        [nameof(AccountRow.DisplayName)] = "display_name",
        [nameof(AccountRow.Username)] = "username",
        [nameof(AccountRow.RoleName)] = "role",
        [nameof(AccountRow.PlaceName)] = "place_name",
        [nameof(AccountRow.ScopeCode)] = "scope_code",
        [nameof(AccountRow.State)] = "state",
        [nameof(AccountRow.CreatedAt)] = "created_at",
    };

    public static readonly IReadOnlyList<(string Value, string Name)> States =
        [("active", "正常"), ("must_change", "待改密"), ("locked", "已锁定"), ("disabled", "停用")];

    private static string[] ManageableRoleNames(StaffRole role) =>
        AccountAdministration.ManageableRoles(role).Select(r => r.DatabaseName()).ToArray();

    internal static void AddReach(NpgsqlCommand command, CurrentStaff actor)
    {
        StaffScopeSql.AddTo(command.Parameters, actor, command.CommandText);
        command.Parameters.Add(new NpgsqlParameter("manageable_roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ManageableRoleNames(actor.Role) });
    }

    /// <summary>A page of the accounts the caller manages, filtered and sorted, with the total the filter matches.</summary>
    public async Task<(IReadOnlyList<AccountRow> Rows, int Total)> ListAsync(CurrentStaff actor, AccountFilter filter, int start, int count,
        string? sortBy, bool ascending, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role)) return ([], 0);
        var sort = sortBy is not null && SortColumns.TryGetValue(sortBy, out var column) ? column : "place_name";
        var sql = $"""
            WITH acc AS (
                SELECT a.id, a.username, a.display_name, a.role, a.scope_code, a.phone, a.disabled,
                       coalesce(a.locked_until > now(), false) AS locked, a.must_change_password, a.created_at,
                       {PlaceNameSql} AS place_name, {StaffLinkService.LinkedPostSql("a")} AS linked_post
                FROM staff_account a
                WHERE {Reach}
            ), shown AS (
                SELECT acc.*, CASE WHEN disabled THEN 'disabled' WHEN locked THEN 'locked'
                                   WHEN must_change_password THEN 'must_change' ELSE 'active' END AS state
                FROM acc
            )
            SELECT id, username, display_name, role, scope_code, phone, disabled, locked, must_change_password, created_at, place_name,
                   linked_post, count(*) OVER ()
            FROM shown
            WHERE (@name = '' OR strpos(lower(display_name), lower(@name)) > 0 OR strpos(username, lower(@name)) > 0 OR phone = @name)
              AND (@role = '' OR role = @role)
              AND (@place = '' OR starts_with(scope_code, @place) OR strpos(coalesce(place_name, ''), @place) > 0)
              AND (@state = '' OR state = @state)
            ORDER BY {sort} {(ascending ? "ASC" : "DESC")} NULLS LAST, id
            OFFSET @start LIMIT @count
            """;
        await using var command = dataSource.CreateCommand(sql);
        AddReach(command, actor);
        command.Parameters.AddWithValue("name", (filter.Name ?? "").Trim());
        command.Parameters.AddWithValue("role", (filter.Role ?? "").Trim());
        command.Parameters.AddWithValue("place", (filter.Place ?? "").Trim());
        command.Parameters.AddWithValue("state", (filter.State ?? "").Trim());
        command.Parameters.AddWithValue("start", Math.Max(0, start));
        command.Parameters.AddWithValue("count", Math.Clamp(count, 1, 200));
        var rows = new List<AccountRow>();
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
            total = (int)reader.GetInt64(12);
        }
        return (rows, rows.Count == 0 ? Math.Max(0, start) : total);
    }

    /// <summary>One account the caller manages, or null (missing or outside the caller's reach).</summary>
    public async Task<AccountRow?> FindAsync(CurrentStaff actor, long id, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role)) return null;
        await using var command = dataSource.CreateCommand($"""
            SELECT {RowColumns}
            FROM staff_account a WHERE a.id = @id AND {Reach}
            """);
        AddReach(command, actor);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return ReadRow(reader);
    }

    /// <summary>
    /// The places under <paramref name="parentCode"/> inside the caller's territory (null: the townships), for the scope
    /// picker; the units of the caller's county when <paramref name="units"/> is set (county administrators only).
    /// </summary>
    public async Task<IReadOnlyList<PlaceOption>> PlacesAsync(CurrentStaff actor, string? parentCode, bool units, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role)) return [];
        string sql;
        if (units)
        {
            if (actor.Role != StaffRole.CountyAdmin) return [];
            sql = $"SELECT code, name FROM department_unit u WHERE u.active AND {StaffScopeSql.CoversTerritory("u.code")} ORDER BY code";
        }
        else
        {
            sql = (parentCode?.Length ?? 0) switch
            {
                0 => $"SELECT code, name FROM township p WHERE {StaffScopeSql.CoversTerritory("p.code")} ORDER BY code",
                9 => $"SELECT code, name FROM village p WHERE township_code = @parent AND {StaffScopeSql.CoversTerritory("p.code")} ORDER BY code",
                12 => $"SELECT code, name FROM grid p WHERE village_code = @parent AND {StaffScopeSql.CoversTerritory("p.code")} ORDER BY code",
                15 => $"SELECT code, name FROM link_unit p WHERE grid_code = @parent AND {StaffScopeSql.CoversTerritory("p.code")} ORDER BY code",
                _ => "",
            };
            if (sql.Length == 0) return [];
        }
        await using var command = dataSource.CreateCommand(sql);
        StaffScopeSql.AddTo(command.Parameters, actor, sql);
        if (sql.Contains("@parent", StringComparison.Ordinal)) command.Parameters.AddWithValue("parent", parentCode!);
        var list = new List<PlaceOption>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new PlaceOption(reader.GetString(0), reader.GetString(1)));
        return list;
    }

    /// <summary>Creates an account with a one-time password (returned once, to be shown once) that must be changed at first login.</summary>
    public Task<AdminOutcome> CreateAsync(CurrentStaff staff, AccountInput input, CancellationToken cancellationToken) =>
        CreateAsync(staff, input, null, cancellationToken);

    /// <summary>
    /// Creates an account, and when <paramref name="link"/> names a post of the territory (开通账号 for a 网格员 or 联户长),
    /// links it there in the same transaction (<see cref="StaffLinkService"/>): a post the account does not fit refuses both.
    /// </summary>
    public async Task<AdminOutcome> CreateAsync(CurrentStaff staff, AccountInput input, StaffLinkTarget? link, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(NotManager);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;

        var (errors, account) = await CheckNewAsync(connection, transaction, actor, input, cancellationToken);
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);
        var password = AccountAdministration.NewOneTimePassword();
        var id = await InsertAsync(connection, transaction, account!, hasher.HashPassword(null!, password), cancellationToken);
        if (id is null) return AdminOutcome.Invalid("username", "用户名已被使用。");
        await AuditCreatedAsync(connection, transaction, actor, id.Value, account!, "创建账号", cancellationToken);
        var linked = "";
        if (link is not null)
        {
            var linking = await StaffLinkService.LinkInTransactionAsync(connection, transaction, actor, link, id.Value, cancellationToken);
            if (!linking.Ok) return linking.Status == AdminStatus.Invalid ? AdminOutcome.Invalid("post", linking.Message!) : linking;
            linked = "，" + linking.Message!.TrimEnd('。');
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Account {AccountId} created by {ActorId}", id, actor.Id);
        return AdminOutcome.Done($"已创建账号 {account!.Username}（{account.Role.Chinese()}）{linked}。", id, password);
    }

    /// <summary>A new account's values, checked: each field's Chinese problem, or the account to insert.</summary>
    internal sealed record NewAccount(string DisplayName, string Username, string? Phone, StaffRole Role, string ScopeCode, string? PlaceName);

    internal async Task<(Dictionary<string, string> Errors, NewAccount? Account)> CheckNewAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, CurrentStaff actor, AccountInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (AccountAdministration.DisplayNameProblem(input.DisplayName) is { } nameProblem) errors["displayName"] = nameProblem;
        if (AccountAdministration.UsernameProblem(input.Username) is { } userProblem) errors["username"] = userProblem;
        if (AccountAdministration.PhoneProblem(input.Phone, required: false) is { } phoneProblem) errors["phone"] = phoneProblem;
        var (role, scope, placeName) = await CheckRoleAndScopeAsync(connection, transaction, actor, input.Role, input.ScopeCode, errors, cancellationToken);
        if (!errors.ContainsKey("username")
            && await UsernameTakenAsync(connection, transaction, AccountAdministration.NormaliseUsername(input.Username!), cancellationToken))
            errors["username"] = "用户名已被使用。";
        if (errors.Count > 0) return (errors, null);
        return (errors, new NewAccount(input.DisplayName!.Trim(), AccountAdministration.NormaliseUsername(input.Username!),
            string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim(), role!.Value, scope!, placeName));
    }

    /// <summary>The role and scope the caller asks for: known, one it manages, a scope of the role's level that exists, inside its reach.</summary>
    private static async Task<(StaffRole? Role, string? Scope, string? PlaceName)> CheckRoleAndScopeAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, CurrentStaff actor, string? roleText, string? scopeText, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var role = ParseRole(roleText);
        if (role is null)
        {
            errors["role"] = string.IsNullOrWhiteSpace(roleText) ? "请选择角色。" : $"角色“{roleText}”不存在。";
            return (null, null, null);
        }
        if (!AccountAdministration.ManageableRoles(actor.Role).Contains(role.Value))
        {
            errors["role"] = $"{actor.Role.Chinese()}只能管理{string.Join("、", AccountAdministration.ManageableRoles(actor.Role).Select(r => r.Chinese()))}账号。";
            return (role, null, null);
        }
        var scope = scopeText?.Trim();
        if (Scope.Problem(role.Value, scope) is { } scopeProblem)
        {
            errors["scope"] = scopeProblem;
            return (role, null, null);
        }
        if (!AccountAdministration.Covers(actor.Scope, role.Value, scope!))
        {
            errors["scope"] = $"管辖范围 {scope} 不在您的管理范围内。";
            return (role, null, null);
        }
        var place = await PlaceNameAsync(connection, transaction, role.Value, scope!, cancellationToken);
        if (place is null) errors["scope"] = role == StaffRole.DepartmentStaff ? $"部门单位 {scope} 不存在或已停用。" : $"{role.Value.ScopeLevel()!.Value.Chinese()} {scope} 不存在。";
        return (role, scope, place);
    }

    /// <summary>A role named in English (grid_worker) or Chinese (网格员), as a form or a spreadsheet writes it.</summary>
    public static StaffRole? ParseRole(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        return StaffRoles.Parse(value) ?? StaffRoles.All.Cast<StaffRole?>().FirstOrDefault(r => r!.Value.Chinese() == value
            || (r == StaffRole.VillageCadre && value is "村干部" or "社区干部"));
    }

    private static async Task<string?> PlaceNameAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StaffRole role, string scope,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {PlaceName(activeUnitsOnly: true)}
            FROM (SELECT $1::text AS role, $2::text AS scope_code) a
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role.DatabaseName() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<bool> UsernameTakenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string username,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM staff_account WHERE username = $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = username });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Inserts the account; null when the username was taken meanwhile (the unique index decides a race).</summary>
    internal static async Task<long?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewAccount account, string passwordHash,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO staff_account (username, display_name, role, scope_code, phone, password_hash, must_change_password)
            VALUES ($1, $2, $3, $4, $5, $6, true)
            ON CONFLICT (username) DO NOTHING
            RETURNING id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account.Username });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account.DisplayName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account.Role.DatabaseName() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account.ScopeCode });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = account.Phone });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = passwordHash });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    internal static Task AuditCreatedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor, long id,
        NewAccount account, string verb, CancellationToken cancellationToken) =>
        AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "account.create", "staff_account",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{verb} {account.DisplayName}（{account.Role.Chinese()}，{account.PlaceName ?? account.ScopeCode}）",
            null, new { account.Username, account.DisplayName, Role = account.Role.DatabaseName(), account.ScopeCode, Phone = PhoneMask.Mask(account.Phone) }),
            cancellationToken);

    /// <summary>Changes name, phone (when given), role and scope. One's own role and scope stay: nobody locks themselves out.</summary>
    public async Task<AdminOutcome> UpdateAsync(CurrentStaff staff, long id, AccountInput input, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(NotManager);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await TargetForUpdateAsync(connection, transaction, actor, id, cancellationToken) is not { } before) return AdminOutcome.NotFound();

        var errors = new Dictionary<string, string>();
        if (AccountAdministration.DisplayNameProblem(input.DisplayName) is { } nameProblem) errors["displayName"] = nameProblem;
        if (AccountAdministration.PhoneProblem(input.Phone, required: false) is { } phoneProblem) errors["phone"] = phoneProblem;
        var (role, scope, placeName) = await CheckRoleAndScopeAsync(connection, transaction, actor, input.Role, input.ScopeCode, errors, cancellationToken);
        if (id == actor.Id && role is not null && scope is not null && (role != before.Role || scope != before.ScopeCode))
            errors["role"] = "不能修改自己的角色或管辖范围（请另一位管理员修改）。";
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        // Another role or scope ends the account's link to a post it no longer fits (migration 0025's trigger): the audit row says so.
        var postBefore = await StaffLinkService.LinkedPostAsync(connection, transaction, id, cancellationToken);
        await using (var command = new NpgsqlCommand("""
            UPDATE staff_account SET display_name = $2, role = $3, scope_code = $4, phone = coalesce($5, phone) WHERE id = $1
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.DisplayName!.Trim() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role!.Value.DatabaseName() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope! });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = phone });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var postAfter = await StaffLinkService.LinkedPostAsync(connection, transaction, id, cancellationToken);
        var unlinked = postBefore is not null && postAfter is null ? $"；不再关联为{postBefore}" : "";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "account.update", "staff_account",
            Id(id), $"修改账号 {input.DisplayName!.Trim()}：{role.Value.Chinese()}，{placeName ?? scope}{unlinked}",
            new { before.DisplayName, Role = before.Role.DatabaseName(), before.ScopeCode, LinkedPost = postBefore },
            new { DisplayName = input.DisplayName.Trim(), Role = role.Value.DatabaseName(), ScopeCode = scope, PhoneChanged = phone is not null, LinkedPost = postAfter }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        stamps.Forget(id);
        return AdminOutcome.Done($"已保存账号 {before.Username}{(unlinked.Length > 0 ? $"（角色或管辖范围已变，{unlinked[1..]}）" : "")}。", id);
    }

    public Task<AdminOutcome> DisableAsync(CurrentStaff staff, long id, CancellationToken cancellationToken) =>
        ChangeAsync(staff, id, "account.disable", "停用账号", "UPDATE staff_account SET disabled = true WHERE id = $1", refuseSelf: true,
            done: a => $"已停用账号 {a.Username}，其所有登录已失效。", cancellationToken);

    public Task<AdminOutcome> EnableAsync(CurrentStaff staff, long id, CancellationToken cancellationToken) =>
        ChangeAsync(staff, id, "account.enable", "启用账号", "UPDATE staff_account SET disabled = false WHERE id = $1", refuseSelf: true,
            done: a => $"已启用账号 {a.Username}。", cancellationToken);

    public Task<AdminOutcome> UnlockAsync(CurrentStaff staff, long id, CancellationToken cancellationToken) =>
        ChangeAsync(staff, id, "account.unlock", "解除锁定", "UPDATE staff_account SET failed_attempts = 0, locked_until = NULL WHERE id = $1",
            refuseSelf: false, done: a => $"已解除账号 {a.Username} 的锁定。", cancellationToken);

    /// <summary>
    /// A new one-time password (returned once): the old password stops working, every session of the account ends (the
    /// stamp rotates), the lockout is lifted, and the account must choose its own password at its next login.
    /// </summary>
    public async Task<AdminOutcome> ResetPasswordAsync(CurrentStaff staff, long id, CancellationToken cancellationToken)
    {
        var password = AccountAdministration.NewOneTimePassword();
        var outcome = await ChangeAsync(staff, id, "account.reset_password", "重置密码", """
            UPDATE staff_account
            SET password_hash = $2, must_change_password = true, security_stamp = gen_random_uuid(), password_changed_at = now(),
                failed_attempts = 0, locked_until = NULL
            WHERE id = $1
            """, refuseSelf: true, done: a => $"已重置账号 {a.Username} 的密码。", cancellationToken, hasher.HashPassword(null!, password));
        return outcome.Ok ? outcome with { OneTimePassword = password } : outcome;
    }

    private async Task<AdminOutcome> ChangeAsync(CurrentStaff staff, long id, string action, string verb, string sql, bool refuseSelf,
        Func<AccountRow, string> done, CancellationToken cancellationToken, string? passwordHash = null)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(NotManager);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await TargetForUpdateAsync(connection, transaction, actor, id, cancellationToken) is not { } target) return AdminOutcome.NotFound();
        if (refuseSelf && id == actor.Id) return AdminOutcome.Invalid("account", $"不能对自己的账号执行“{verb}”（请另一位管理员操作）。");
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            if (passwordHash is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = passwordHash });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, action, "staff_account", Id(id),
            $"{verb} {target.DisplayName}（{target.RoleName}，{target.PlaceName ?? target.ScopeCode}）",
            new { target.Disabled, target.Locked, target.MustChangePassword }, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        stamps.Forget(id);
        logger.LogInformation("{Action} on account {AccountId} by {ActorId}", action, id, actor.Id);
        return AdminOutcome.Done(done(target), id);
    }

    /// <summary>The target account under a row lock, when the caller manages it; null when missing or outside its reach.</summary>
    private static async Task<AccountRow?> TargetForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor, long id,
        CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {RowColumns}
            FROM staff_account a WHERE a.id = @id AND {Reach}
            FOR UPDATE OF a
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddReach(command, actor);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return ReadRow(reader);
    }

    /// <summary>The columns <see cref="ReadRow"/> reads, in its order, for one account row (the list selects the same, by name).</summary>
    private static readonly string RowColumns = $"""
        a.id, a.username, a.display_name, a.role, a.scope_code, a.phone, a.disabled, coalesce(a.locked_until > now(), false),
               a.must_change_password, a.created_at, {PlaceNameSql}, {StaffLinkService.LinkedPostSql("a")}
        """;

    /// <summary>One account as the pages show it: the phone masked, and whether there is one.</summary>
    private static AccountRow ReadRow(NpgsqlDataReader reader)
    {
        var phone = reader.IsDBNull(5) ? null : reader.GetString(5);
        return new AccountRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StaffRoles.Parse(reader.GetString(3))!.Value,
            reader.GetString(4), reader.IsDBNull(10) ? null : reader.GetString(10), PhoneMask.Mask(phone), phone is not null,
            reader.GetBoolean(6), reader.GetBoolean(7), reader.GetBoolean(8), reader.GetFieldValue<DateTimeOffset>(9),
            reader.IsDBNull(11) ? null : reader.GetString(11));
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
