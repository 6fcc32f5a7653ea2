using GridGovernance.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>
/// The demo county's login accounts (示意数据), one per role, on real codes of geodata/lingyun. Seeded after the demo import
/// (and by the tests' template database); idempotent: an existing username is left alone. README tells operators to change
/// the shared demo password.
/// </summary>
internal static class DemoAccounts
{
    public const string Password = "Demo@2026";
    public const string CountyCode = "451027";                       // 凌云县
    public const string TownshipCode = "451027100";                  // 泗城镇
    public const string VillageCode = "451027100001";                // 泗城镇 解放社区
    public const string GridCode = "451027100001001";                // 解放社区第1网格
    public const string OtherGridCode = "451027100001002";           // 解放社区第2网格
    public const string LinkUnitCode = "451027100001001001";         // 沿河路第1联户单元 (in the first grid)
    public const string ChengguanUnitCode = "451027-chengguan";      // 凌云县城市管理综合执法局 (migration 0006)
    public const string PoliceUnitCode = "451027100-police";         // 凌云县公安局泗城派出所, jurisdiction 泗城镇

    public sealed record Demo(string Username, StaffRole Role, string ScopeCode, string FallbackName);

    public static IReadOnlyList<Demo> All { get; } =
    [
        new("admin", StaffRole.CountyAdmin, CountyCode, "县级管理员（演示）"),
        new("dispatcher", StaffRole.TownshipDispatcher, TownshipCode, "泗城镇调度员（演示）"),
        new("cadre", StaffRole.VillageCadre, VillageCode, "解放社区干部（演示）"),
        new("gridworker", StaffRole.GridWorker, GridCode, "网格员（演示）"),
        new("gridworker2", StaffRole.GridWorker, OtherGridCode, "网格员二（演示）"),
        new("leader", StaffRole.LinkLeader, LinkUnitCode, "联户长（演示）"),
        new("dept-chengguan", StaffRole.DepartmentStaff, ChengguanUnitCode, "县城管局人员（演示）"),
        new("dept-police", StaffRole.DepartmentStaff, PoliceUnitCode, "泗城派出所民警（演示）"),
    ];

    /// <summary>Inserts the missing demo accounts in one transaction; returns how many were added (0 when the demo county is absent).</summary>
    public static async Task<int> SeedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var hasher = new PasswordHasher<StaffAccount>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM county WHERE code = $1)", connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CountyCode });
            if (!(bool)(await check.ExecuteScalarAsync(cancellationToken))!) return 0;
        }

        var added = 0;
        foreach (var demo in All)
        {
            // Grid workers and the 联户长 take the name and phone the demo county gives the person in that post.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO staff_account (username, display_name, role, scope_code, phone, password_hash)
                SELECT $1, coalesce(p.name, $5), $2, $3, p.phone, $4
                FROM (SELECT NULL) AS one
                LEFT JOIN LATERAL (
                    SELECT s.name, s.phone FROM grid_staff s WHERE $2 = 'grid_worker' AND s.grid_code = $3 AND s.role = 'grid_worker'
                    UNION ALL
                    SELECT h.head_name, h.phone FROM link_unit u JOIN household h ON h.code = u.leader_household_code
                    WHERE $2 = 'link_leader' AND u.code = $3
                    LIMIT 1) p ON true
                ON CONFLICT (username) DO NOTHING
                """, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = demo.Username });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = demo.Role.DatabaseName() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = demo.ScopeCode });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hasher.HashPassword(null!, Password) });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = demo.FallbackName });
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // The demo grid workers and 联户长 are the people of those posts: their accounts are linked to them (migration 0025).
        await using (var link = new NpgsqlCommand("""
            UPDATE grid_staff s SET account_id = a.id
            FROM staff_account a
            WHERE a.username = ANY(@users) AND a.role = 'grid_worker' AND s.grid_code = a.scope_code AND s.role = 'grid_worker'
              AND s.name = a.display_name AND s.phone = a.phone AND s.account_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM grid_staff x WHERE x.account_id = a.id)
              AND s.id = (SELECT min(y.id) FROM grid_staff y WHERE y.grid_code = s.grid_code AND y.name = s.name AND y.role = s.role);
            UPDATE link_unit u SET leader_account_id = a.id
            FROM staff_account a JOIN household h ON h.head_name = a.display_name AND h.phone = a.phone
            WHERE a.username = ANY(@users) AND a.role = 'link_leader' AND u.code = a.scope_code AND u.leader_household_code = h.code
              AND u.leader_account_id IS NULL;
            """, connection, transaction))
        {
            link.Parameters.Add(new NpgsqlParameter<string[]>("users", All.Select(d => d.Username).ToArray()));
            await link.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }
}
