using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Privacy;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A post of the territory that an account may be linked to: a grid_staff row (by id) or a 十联户 unit's 联户长 (by code).</summary>
internal sealed record StaffLinkTarget(string Kind, string Key)
{
    public const string GridStaffKind = "grid_staff";
    public const string LinkUnitKind = "link_unit";

    public static StaffLinkTarget GridStaff(long id) => new(GridStaffKind, id.ToString(CultureInfo.InvariantCulture));

    public static StaffLinkTarget LinkUnit(string code) => new(LinkUnitKind, code);

    /// <summary>The target as one form value ("grid_staff:12", "link_unit:451027…"), for a select.</summary>
    public string Value => $"{Kind}:{Key}";

    public static StaffLinkTarget? Parse(string? value) => value?.Split(':', 2) switch
    {
        [GridStaffKind, var id] when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) => new StaffLinkTarget(GridStaffKind, id),
        [LinkUnitKind, var code] when code.Length == 18 => new StaffLinkTarget(LinkUnitKind, code),
        _ => null,
    };
}

/// <summary>
/// An account as a link shows it. <paramref name="Match"/>, for a candidate: why it is suggested for the post — the same mobile
/// number as the person's (<see cref="PhoneMatch"/>) or the same name (<see cref="NameMatch"/>); null when neither.
/// </summary>
internal sealed record LinkedAccount(long Id, string Username, string DisplayName, bool Disabled, string? Match = null)
{
    public const string PhoneMatch = "phone";
    public const string NameMatch = "name";

    public string? MatchName => Match switch
    {
        PhoneMatch => "手机号一致",
        NameMatch => "姓名一致",
        _ => null,
    };
}

/// <summary>
/// A 网格长, 网格员 or 联户长 of the territory with the account linked to it (or none), and the accounts of the caller's reach
/// that could be linked (they fit the post and serve no other).
/// </summary>
internal sealed record StaffPostRow(StaffLinkTarget Target, string Post, string PostName, string? PersonName, string? MaskedPhone,
    string PlaceCode, string PlaceName, LinkedAccount? Account, IReadOnlyList<LinkedAccount> Candidates)
{
    /// <summary>"网格员 杨芳（解放社区第1网格）".</summary>
    public string Label => $"{PostName} {PersonName ?? "（未定）"}（{PlaceName}）";

    /// <summary>
    /// The account to suggest for an open post: the one candidate with the person's mobile number, else — when no candidate
    /// has it — the one with the person's name; none when that is not a single account (two 张伟 are for a person to tell apart).
    /// </summary>
    public LinkedAccount? Suggested =>
        Account is not null || PersonName is null ? null
        : Candidates.Count(c => c.Match == LinkedAccount.PhoneMatch) switch
        {
            1 => Candidates.Single(c => c.Match == LinkedAccount.PhoneMatch),
            0 when Candidates.Count(c => c.Match == LinkedAccount.NameMatch) == 1 => Candidates.Single(c => c.Match == LinkedAccount.NameMatch),
            _ => null,
        };
}

/// <summary>
/// Linking the territory's people to their accounts (issue 12): a grid's 网格长/网格员 (grid_staff.account_id) and a 十联户
/// unit's 联户长 (link_unit.leader_account_id, migration 0025). Whether an account fits a post is the database's one rule,
/// <c>staff_link_fits</c> (网格员: a grid worker account of the grid; 网格长: that, or a village cadre of its village; 联户长:
/// a 联户长 account of the unit); this service asks it and says in Chinese what would fit. The caller reaches the posts of
/// its territory and the accounts it manages (<see cref="AccountAdminService"/>'s reach); each change is one transaction
/// with its audit row (staff_link.link / staff_link.unlink), and a refusal writes nothing.
/// </summary>
internal sealed class StaffLinkService(NpgsqlDataSource dataSource, ILogger<StaffLinkService> logger)
{
    /// <summary>SQL naming the post account <paramref name="a"/> is linked to ("网格员 杨芳"), or NULL: for the accounts list.</summary>
    public static string LinkedPostSql(string a) => $"""
        coalesce((SELECT CASE s.role WHEN 'grid_head' THEN '网格长 ' ELSE '网格员 ' END || s.name FROM grid_staff s WHERE s.account_id = {a}.id),
                 (SELECT '联户长 ' || coalesce(h.head_name, '') FROM link_unit u LEFT JOIN household h ON h.code = u.leader_household_code
                  WHERE u.leader_account_id = {a}.id))
        """;

    public static string PostName(string post) => post switch
    {
        "grid_head" => "网格长",
        "grid_worker" => "网格员",
        _ => "联户长",
    };

    // Every post of the caller's territory with its linked account (callers filter it: one grid, one post, one account's).
    private static readonly string PostsSql = $"""
        SELECT 'grid_staff' AS kind, s.id::text AS key, s.role AS post, s.name AS person, s.phone, s.grid_code AS place, g.name AS place_name,
               a.id AS account_id, a.username, a.display_name, a.disabled, s.grid_code AS sort_grid, 0 AS sort_kind
        FROM grid_staff s JOIN grid g ON g.code = s.grid_code LEFT JOIN staff_account a ON a.id = s.account_id
        WHERE {StaffScopeSql.CoversTerritory("s.grid_code")}
        UNION ALL
        SELECT 'link_unit', u.code, 'link_leader', h.head_name, h.phone, u.code, u.name,
               a.id, a.username, a.display_name, a.disabled, u.grid_code, 1
        FROM link_unit u LEFT JOIN household h ON h.code = u.leader_household_code LEFT JOIN staff_account a ON a.id = u.leader_account_id
        WHERE {StaffScopeSql.CoversTerritory("u.grid_code")}
        """;

    /// <summary>The grid's name and its posts (网格长, 网格员, then each 十联户's 联户长); null when the grid is outside the caller's territory.</summary>
    public async Task<(string GridName, IReadOnlyList<StaffPostRow> Posts)?> GridPostsAsync(CurrentStaff actor, string? gridCode,
        CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role) || gridCode is not { Length: 15 }) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        string? gridName;
        await using (var command = StaffScopeSql.Command(connection, null, actor,
            $"SELECT g.name FROM grid g WHERE g.code = @grid AND {StaffScopeSql.CoversTerritory("g.code")}"))
        {
            command.Parameters.AddWithValue("grid", gridCode);
            gridName = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (gridName is null) return null;
        var posts = await ReadPostsAsync(connection, null, actor, "p.sort_grid = @grid", p => p.AddWithValue("grid", gridCode), cancellationToken);
        return (gridName, posts);
    }

    /// <summary>
    /// The post an account is linked to (or null), and the posts without an account that it could be linked to — for the
    /// account's edit form. Empty when the account is outside the caller's reach.
    /// </summary>
    public async Task<(StaffPostRow? Linked, IReadOnlyList<StaffPostRow> Open)> AccountPostsAsync(CurrentStaff actor, long accountId,
        CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role)) return (null, []);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        string role, scope;
        await using (var command = new NpgsqlCommand($"SELECT a.role, a.scope_code FROM staff_account a WHERE a.id = @id AND {AccountAdminService.Reach}", connection))
        {
            AccountAdminService.AddReach(command, actor);
            command.Parameters.AddWithValue("id", accountId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return (null, []);
            (role, scope) = (reader.GetString(0), reader.GetString(1));
        }
        var posts = await ReadPostsAsync(connection, null, actor, """
            (p.account_id = @account
             OR (p.account_id IS NULL AND (p.place = @acct_scope OR left(p.place, 12) = @acct_scope)
                 AND staff_link_fits(p.post, p.place, @acct_role, @acct_scope)))
            """, p =>
            {
                p.AddWithValue("account", accountId);
                p.AddWithValue("acct_scope", scope);
                p.AddWithValue("acct_role", role);
            }, cancellationToken, withCandidates: false);
        return (posts.FirstOrDefault(p => p.Account?.Id == accountId), posts.Where(p => p.Account is null).ToList());
    }

    /// <summary>
    /// What the create form is pre-filled with for a post without an account (开通账号): name, phone, role and scope. A grid
    /// worker's work phone (the number printed on the grid's placard) is filled in whole, and that reveal is on the audit
    /// trail (phone.reveal); a 联户长's phone is a household's private number and is left for the administrator to ask for.
    /// </summary>
    public async Task<AccountInput?> PrefillAsync(CurrentStaff actor, StaffLinkTarget target, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(actor.Role)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string post, place;
        string? name, phone;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT p.post, p.person, p.phone, p.place FROM ({PostsSql}) p WHERE p.kind = @kind AND p.key = @key
            """))
        {
            command.Parameters.AddWithValue("kind", target.Kind);
            command.Parameters.AddWithValue("key", target.Key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            post = reader.GetString(0);
            name = reader.IsDBNull(1) ? null : reader.GetString(1);
            phone = post == "link_leader" || reader.IsDBNull(2) ? null : reader.GetString(2);
            place = reader.GetString(3);
        }
        if (phone is not null)
        {
            await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "phone.reveal", target.Kind, target.Key,
                $"开通账号：预填{PostName(post)} {name}（{place}）的手机号"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var role = post == "link_leader" ? StaffRole.LinkLeader : StaffRole.GridWorker;
        return new AccountInput(name, phone, phone, role.DatabaseName(), place);
    }

    private static async Task<List<StaffPostRow>> ReadPostsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CurrentStaff actor,
        string where, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken, bool withCandidates = true)
    {
        // Candidates: accounts of the caller's reach, enabled, that fit the post and serve no other post; those with the person's
        // mobile number or name first, marked (compared here, so the page never needs the person's number).
        var candidates = withCandidates
            ? $"""
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'username', a.username, 'name', a.display_name, 'match', m.match)
                                        ORDER BY m.match IS NULL, m.match DESC, a.username), '[]')
               FROM staff_account a
               CROSS JOIN LATERAL (SELECT CASE WHEN a.phone IS NOT NULL AND a.phone = p.phone THEN '{LinkedAccount.PhoneMatch}'
                                               WHEN a.display_name = p.person THEN '{LinkedAccount.NameMatch}' END AS match) m
               WHERE p.account_id IS NULL AND NOT a.disabled AND (a.scope_code = p.place OR a.scope_code = left(p.place, 12))
                 AND staff_link_fits(p.post, p.place, a.role, a.scope_code) AND staff_link_account_free(a.id, NULL, NULL)
                 AND {AccountAdminService.Reach})::text
              """
            : "'[]'";
        await using var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT p.kind, p.key, p.post, p.person, p.phone, p.place, p.place_name, p.account_id, p.username, p.display_name, p.disabled,
                   {candidates}
            FROM ({PostsSql}) p
            WHERE {where}
            ORDER BY p.sort_grid, p.sort_kind, CASE p.post WHEN 'grid_head' THEN 0 ELSE 1 END, length(p.key), p.key
            """);
        if (withCandidates)
            command.Parameters.Add(new NpgsqlParameter("manageable_roles", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = AccountAdministration.ManageableRoles(actor.Role).Select(r => r.DatabaseName()).ToArray(),
            });
        parameters(command.Parameters);
        var rows = new List<StaffPostRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var post = reader.GetString(2);
            var account = reader.IsDBNull(7) ? null
                : new LinkedAccount(reader.GetInt64(7), reader.GetString(8), reader.GetString(9), reader.GetBoolean(10));
            var candidateList = new List<LinkedAccount>();
            using (var json = System.Text.Json.JsonDocument.Parse(reader.GetString(11)))
                foreach (var c in json.RootElement.EnumerateArray())
                    candidateList.Add(new LinkedAccount(c.GetProperty("id").GetInt64(), c.GetProperty("username").GetString()!,
                        c.GetProperty("name").GetString()!, false, c.GetProperty("match").GetString()));
            rows.Add(new StaffPostRow(new StaffLinkTarget(reader.GetString(0), reader.GetString(1)), post, PostName(post),
                reader.IsDBNull(3) ? null : reader.GetString(3), PhoneMask.Mask(reader.IsDBNull(4) ? null : reader.GetString(4)),
                reader.GetString(5), reader.GetString(6), account, candidateList));
        }
        return rows;
    }

    /// <summary>Links <paramref name="accountId"/> to the post; refused (nothing written) when it does not fit or is taken.</summary>
    public async Task<AdminOutcome> LinkAsync(CurrentStaff staff, StaffLinkTarget target, long accountId, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(AccountAdminService.NotManager);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        var outcome = await LinkInTransactionAsync(connection, transaction, actor, target, accountId, cancellationToken);
        if (!outcome.Ok) return outcome;
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Account {AccountId} linked to {Kind} {Key} by {ActorId}", accountId, target.Kind, target.Key, actor.Id);
        return outcome;
    }

    /// <summary>
    /// 关联全部建议: links every (post, account) pair the administrator confirmed, in one transaction — all or none: the first
    /// refusal (a post or account changed meanwhile) undoes the others and is returned, naming the post.
    /// </summary>
    public async Task<AdminOutcome> LinkManyAsync(CurrentStaff staff, IReadOnlyList<(StaffLinkTarget Target, long AccountId)> links,
        CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(AccountAdminService.NotManager);
        if (links.Count == 0) return AdminOutcome.Invalid("post", "没有要关联的岗位。");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        foreach (var (target, accountId) in links)
        {
            var outcome = await LinkInTransactionAsync(connection, transaction, actor, target, accountId, cancellationToken);
            if (!outcome.Ok) return outcome;
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Count} accounts linked to their posts by {ActorId}", links.Count, actor.Id);
        return AdminOutcome.Done($"已关联 {links.Count} 个岗位。");
    }

    /// <summary>
    /// The link itself, on the caller's transaction (a new account is linked in the transaction that creates it): the post in
    /// the caller's territory and free, the account in its reach, enabled, fitting the post and serving no other; the
    /// audit row beside it. A refusal has written nothing the caller's rollback would not undo.
    /// </summary>
    internal static async Task<AdminOutcome> LinkInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor,
        StaffLinkTarget target, long accountId, CancellationToken cancellationToken)
    {
        if (await PostForUpdateAsync(connection, transaction, actor, target, cancellationToken) is not { } post)
            return AdminOutcome.NotFound("该人员不存在或不在您的管辖范围内。");
        if (post.PersonName is null) return AdminOutcome.Invalid("post", $"{post.PlaceName}还没有联户长，不能关联账号。");
        if (post.Account is { } current)
            return AdminOutcome.Invalid("post", current.Id == accountId
                ? $"{post.Label}已关联该账号。"
                : $"{post.Label}已关联账号 {current.Username}（{current.DisplayName}），请先解除关联。");

        string username, name, role, scope;
        bool disabled, fits, free;
        await using (var command = new NpgsqlCommand($"""
            SELECT a.username, a.display_name, a.role, a.scope_code, a.disabled,
                   staff_link_fits(@post, @place, a.role, a.scope_code), staff_link_account_free(a.id, NULL, NULL)
            FROM staff_account a WHERE a.id = @id AND {AccountAdminService.Reach}
            FOR UPDATE OF a
            """, connection, transaction))
        {
            AccountAdminService.AddReach(command, actor);
            command.Parameters.AddWithValue("id", accountId);
            command.Parameters.AddWithValue("post", post.Post);
            command.Parameters.AddWithValue("place", post.PlaceCode);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return AdminOutcome.NotFound("该账号不存在或不在您的管理范围内。");
            (username, name, role, scope, disabled, fits, free) = (reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.GetBoolean(6));
        }
        var roleName = StaffRoles.Parse(role)?.Chinese() ?? role;
        if (disabled) return AdminOutcome.Invalid("account", $"账号 {username} 已停用，不能关联。");
        if (!fits) return AdminOutcome.Invalid("account", $"账号 {username} 是{roleName}账号（{scope}），不能关联为{post.PostName}：{FitRule(post.Post, post.PlaceCode)}");
        if (!free)
        {
            var other = await LinkedPostAsync(connection, transaction, accountId, cancellationToken) ?? "其他岗位";
            return AdminOutcome.Invalid("account", $"账号 {username} 已关联为{other}；一个账号只能关联一个岗位。");
        }

        await using (var command = new NpgsqlCommand(target.Kind == StaffLinkTarget.GridStaffKind
            ? "UPDATE grid_staff SET account_id = $2 WHERE id = $1::bigint"
            : "UPDATE link_unit SET leader_account_id = $2 WHERE code = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = target.Key });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation)
            {
                // A concurrent change got there first; the database's rule (staff_link_fits, one post per account) refused.
                return AdminOutcome.Invalid("account", $"不能关联：{e.MessageText}");
            }
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "staff_link.link", target.Kind, target.Key,
            $"关联账号：{post.Label} ↔ {username}（{name}）",
            new { Post = post.Post, Place = post.PlaceCode, AccountId = (long?)null },
            new { Post = post.Post, Place = post.PlaceCode, AccountId = accountId, Username = username }), cancellationToken);
        return AdminOutcome.Done($"已关联：{post.Label} ↔ 账号 {username}。", accountId);
    }

    /// <summary>Ends the post's link to its account (the account itself stays as it is).</summary>
    public async Task<AdminOutcome> UnlinkAsync(CurrentStaff staff, StaffLinkTarget target, CancellationToken cancellationToken)
    {
        if (!AccountAdministration.ManagesAccounts(staff.Role)) return AdminOutcome.Forbidden(AccountAdminService.NotManager);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await PostForUpdateAsync(connection, transaction, actor, target, cancellationToken) is not { } post)
            return AdminOutcome.NotFound("该人员不存在或不在您的管辖范围内。");
        if (post.Account is not { } account) return AdminOutcome.Invalid("post", $"{post.Label}没有关联账号。");
        await using (var command = new NpgsqlCommand(target.Kind == StaffLinkTarget.GridStaffKind
            ? "UPDATE grid_staff SET account_id = NULL WHERE id = $1::bigint"
            : "UPDATE link_unit SET leader_account_id = NULL WHERE code = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = target.Key });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "staff_link.unlink", target.Kind, target.Key,
            $"解除关联：{post.Label} ↔ {account.Username}（{account.DisplayName}）",
            new { Post = post.Post, Place = post.PlaceCode, AccountId = account.Id, account.Username },
            new { Post = post.Post, Place = post.PlaceCode, AccountId = (long?)null }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Link of {Kind} {Key} to account {AccountId} ended by {ActorId}", target.Kind, target.Key, account.Id, actor.Id);
        return AdminOutcome.Done($"已解除关联：{post.Label}与账号 {account.Username}。", account.Id);
    }

    /// <summary>The post under a row lock when it lies in the caller's territory; null otherwise.</summary>
    private static async Task<StaffPostRow?> PostForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor,
        StaffLinkTarget target, CancellationToken cancellationToken)
    {
        if (StaffLinkTarget.Parse(target.Value) is null) return null;
        await using (var lockCommand = StaffScopeSql.Command(connection, transaction, actor, target.Kind == StaffLinkTarget.GridStaffKind
            ? $"SELECT 1 FROM grid_staff s WHERE s.id = @key::bigint AND {StaffScopeSql.CoversTerritory("s.grid_code")} FOR UPDATE"
            : $"SELECT 1 FROM link_unit u WHERE u.code = @key AND {StaffScopeSql.CoversTerritory("u.grid_code")} FOR UPDATE"))
        {
            lockCommand.Parameters.AddWithValue("key", target.Key);
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is null) return null;
        }
        var rows = await ReadPostsAsync(connection, transaction, actor, "p.kind = @kind AND p.key = @key", p =>
        {
            p.AddWithValue("kind", target.Kind);
            p.AddWithValue("key", target.Key);
        }, cancellationToken, withCandidates: false);
        return rows.FirstOrDefault();
    }

    /// <summary>The post of the territory the account is linked to ("网格员 杨芳"), or null.</summary>
    internal static async Task<string?> LinkedPostAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long accountId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {LinkedPostSql("a")} FROM staff_account a WHERE a.id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>What fits the post, in words (the rule itself is staff_link_fits, migration 0025).</summary>
    private static string FitRule(string post, string place) => post switch
    {
        "grid_worker" => $"网格员只能关联本网格（{place}）的网格员账号。",
        "grid_head" => $"网格长只能关联本网格（{place}）的网格员账号，或本村（社区）（{place[..12]}）的村（社区）干部账号。",
        _ => $"联户长只能关联本十联户（{place}）的联户长账号。",
    };
}
