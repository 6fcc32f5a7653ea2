using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Database;

public class MigrationTests
{
    [Fact]
    public async Task Migrations_build_the_schema_from_an_empty_database_and_record_each_one()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var applied = await MigrationRunner.ApplyAsync(database.DataSource);

        applied.Select(m => m.Version).ShouldBe(MigrationRunner.Embedded.Select(m => m.Version));
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(MigrationRunner.Embedded.Count);
        foreach (var table in new[] { "county", "township", "village", "grid", "link_unit", "household", "grid_staff" })
            (await database.ScalarAsync<bool>("SELECT to_regclass(@p0) IS NOT NULL".Replace("@p0", "$1"), table)).ShouldBeTrue(table);
        (await database.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")).ShouldStartWith("3.");
    }

    [Fact]
    public async Task Applying_again_changes_nothing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();

        var applied = await MigrationRunner.ApplyAsync(database.DataSource);

        applied.ShouldBeEmpty();
    }

    [Fact]
    public async Task Several_instances_starting_at_once_apply_each_migration_exactly_once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigrationRunner.ApplyAsync(database.DataSource)));

        runs.Sum(r => r.Count).ShouldBe(MigrationRunner.Embedded.Count);
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_as_it_was_and_says_why_in_Chinese()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var good = new Migration(9001, "good", "CREATE TABLE good_table (id int)");
        var bad = new Migration(9002, "bad", "CREATE TABLE half_done (id int); SELECT no_such_function();");

        var error = await Should.ThrowAsync<MigrationFailedException>(() => MigrationRunner.ApplyAsync(database.DataSource, [good, bad]));

        error.Message.ShouldContain("9002_bad");
        error.Message.ShouldContain("已回滚");
        (await database.ScalarAsync<bool>("SELECT to_regclass('good_table') IS NOT NULL")).ShouldBeTrue();
        (await database.ScalarAsync<bool>("SELECT to_regclass('half_done') IS NOT NULL")).ShouldBeFalse();
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = 9002")).ShouldBe(0);
    }

    [Fact]
    public async Task An_applied_migration_whose_text_was_edited_stops_the_start_up()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await MigrationRunner.ApplyAsync(database.DataSource, [new Migration(9001, "first", "CREATE TABLE t (id int)")]);

        var error = await Should.ThrowAsync<MigrationFailedException>(() =>
            MigrationRunner.ApplyAsync(database.DataSource, [new Migration(9001, "first", "CREATE TABLE t (id bigint)")]));

        error.Message.ShouldContain("校验和");
    }
}
