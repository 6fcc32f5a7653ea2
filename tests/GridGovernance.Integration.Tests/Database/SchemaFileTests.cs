using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Database;

/// <summary>src/GridGovernance.Data/schema.sql is the schema a fresh database has after every migration, nothing else.</summary>
public sealed class SchemaFileTests
{
    [Fact]
    public async Task Schema_sql_is_exactly_what_the_migrations_build_in_a_fresh_database()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var path = Path.Combine(RepoPaths.Root, SchemaDump.RepoPath);

        var actual = await SchemaDump.DumpAsync(database.ConnectionString);

        var expected = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        if (expected == actual) return;
        var (expectedLines, actualLines) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        Assert.Fail($"""
            {SchemaDump.RepoPath} 与迁移后的数据库结构不一致（第 {line + 1} 行起）：
              文件中：{(line < expectedLines.Length ? expectedLines[line] : "（文件已结束）")}
              数据库：{(line < actualLines.Length ? actualLines[line] : "（结构已结束）")}
            新增或修改迁移后请重新生成：{SchemaDump.RegenerateCommand}
            """);
    }

    [Fact]
    public void Normalising_drops_the_lines_that_differ_between_machines_and_runs()
    {
        var dump = "--\n-- Dumped from database version 15.14\n-- Dumped by pg_dump version 15.14\n\\restrict aBcD\n\n\n\nCREATE TABLE t (id int);\n\\unrestrict aBcD\n";

        var normalised = SchemaDump.Normalise(dump);

        normalised.ShouldNotContain("Dumped");
        normalised.ShouldNotContain("restrict");
        normalised.ShouldNotContain("\n\n\n");
        normalised.ShouldEndWith("CREATE TABLE t (id int);\n");
        normalised.ShouldContain(SchemaDump.RegenerateCommand);
    }
}
