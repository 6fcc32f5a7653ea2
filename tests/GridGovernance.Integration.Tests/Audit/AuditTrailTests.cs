using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Integration.Tests.Audit;

/// <summary>The audit trail is written with the change it records and can never be edited afterwards.</summary>
public sealed class AuditTrailTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task A_row_commits_and_rolls_back_with_the_transaction_it_was_written_in()
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var subject = $"rollback-{Guid.NewGuid():N}"[..30];
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await AuditTrail.RecordAsync(connection, tx, new AuditEntry(null, "系统", "test.rollback", "test", subject, "回滚的记录"));
            await tx.RollbackAsync();
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE subject_id = $1", subject)).ShouldBe(0);

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await AuditTrail.RecordAsync(connection, tx, new AuditEntry(null, "系统", "test.commit", "test", subject, "提交的记录",
                Before: new { Phone = "0776-1234567" }, After: new { Phone = "0776-7654321" }));
            await tx.CommitAsync();
        }
        (await fixture.Database.ScalarAsync<string>("SELECT after ->> 'phone' FROM audit_log WHERE subject_id = $1", subject))
            .ShouldBe("0776-7654321");
    }

    [Theory]
    [InlineData("UPDATE audit_log SET summary = '改写' WHERE id = (SELECT min(id) FROM audit_log)")]
    [InlineData("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)")]
    [InlineData("TRUNCATE audit_log")]
    public async Task The_table_refuses_every_edit_of_history(string edit)
    {
        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
            await AuditTrail.RecordAsync(connection, null, new AuditEntry(null, "系统", "test.keep", "test", "keep", "不可改的记录"));

        var refused = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>(edit + "; SELECT 1"));
        refused.MessageText.ShouldBe("审计记录只能追加，不能修改或删除");
    }

    [Fact]
    public async Task An_action_name_that_is_not_a_dotted_verb_is_refused_by_its_constraint()
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var refused = await Should.ThrowAsync<PostgresException>(() =>
            AuditTrail.RecordAsync(connection, null, new AuditEntry(null, "系统", "Create Account", "test", "x", "坏的动作名")));
        refused.ConstraintName.ShouldBe("audit_log_action_check");
    }

    [Fact]
    public async Task Viewing_a_household_card_is_recorded_with_who_and_whose_and_a_refused_view_is_not()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var inside = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = '451027100001001' ORDER BY code OFFSET 3 LIMIT 1");
        var outside = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = '451027100001002' ORDER BY code OFFSET 3 LIMIT 1");

        (await session.Client.GetAsync($"/api/staff/households/{inside}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Client.GetAsync($"/api/staff/households/{inside}/card")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Client.GetAsync($"/api/staff/households/{outside}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM audit_log a JOIN staff_account s ON s.id = a.actor_id
            WHERE a.action = 'household.card.view' AND a.subject_id = $1 AND s.username = 'gridworker' AND a.actor_name = s.display_name
            """, inside)).ShouldBe(2);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'household.card.view' AND subject_id = $1", outside)).ShouldBe(0);
    }
}
