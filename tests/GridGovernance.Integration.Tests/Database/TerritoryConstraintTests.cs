using GridGovernance.Integration.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Integration.Tests.Database;

/// <summary>The database itself refuses what breaks the hierarchy, whoever writes to it.</summary>
public sealed class TerritoryConstraintTests : IAsyncLifetime
{
    private const string Square = "ST_GeomFromText('MULTIPOLYGON(((106 24, 106.1 24, 106.1 24.1, 106 24.1, 106 24)))', 4326)";
    private const string InnerSquare = "ST_GeomFromText('MULTIPOLYGON(((106.01 24.01, 106.05 24.01, 106.05 24.05, 106.01 24.05, 106.01 24.01)))', 4326)";
    private const string FarSquare = "ST_GeomFromText('MULTIPOLYGON(((107 25, 107.05 25, 107.05 25.05, 107 25.05, 107 25)))', 4326)";
    private const string Bowtie = "ST_GeomFromText('MULTIPOLYGON(((106.01 24.01, 106.05 24.05, 106.05 24.01, 106.01 24.05, 106.01 24.01)))', 4326)";

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        await Execute($"""
            INSERT INTO county VALUES ('451027', '凌云县', {Square});
            INSERT INTO township VALUES ('451027100', '451027', '泗城镇', {Square});
            INSERT INTO village (code, township_code, name, geom) VALUES ('451027100201', '451027100', '测试村', {Square});
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_grid_inside_its_village_is_accepted() =>
        await Execute($"INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201001', '451027100201', '第1网格', {InnerSquare})");

    [Fact]
    public async Task A_grid_outside_its_village_is_refused()
    {
        var error = await Refused($"INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201001', '451027100201', '第1网格', {FarSquare})", "grid_inside_parent");
        error.MessageText.ShouldContain("超出了上级 451027100201");
    }

    [Fact]
    public async Task Moving_a_grid_out_of_its_village_later_is_refused_too()
    {
        await Execute($"INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201001', '451027100201', '第1网格', {InnerSquare})");
        await Refused($"UPDATE grid SET geom = {FarSquare} WHERE code = '451027100201001'", "grid_inside_parent");
    }

    [Fact]
    public async Task A_code_that_does_not_extend_its_parents_code_is_refused()
    {
        await Refused($"INSERT INTO village (code, township_code, name, geom) VALUES ('451027101201', '451027100', '错村', {InnerSquare})",
            "village_code_extends_township");
    }

    [Fact]
    public async Task A_malformed_code_is_refused() =>
        await Refused($"INSERT INTO grid (code, village_code, name, geom) VALUES ('45102710020100A', '451027100201', '坏网格', {InnerSquare})",
            "grid_code_check");

    [Fact]
    public async Task Invalid_geometry_is_refused() =>
        await Refused($"INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201002', '451027100201', '自相交', {Bowtie})",
            "grid_geom_check");

    [Fact]
    public async Task Empty_geometry_is_refused() =>
        await Refused("INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201002', '451027100201', '空', ST_GeomFromText('MULTIPOLYGON EMPTY', 4326))",
            "grid_geom_check");

    [Fact]
    public async Task A_grid_of_an_unknown_village_is_refused()
    {
        var error = await Refused($"INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100299001', '451027100299', '孤儿', {InnerSquare})",
            "grid_village_code_fkey");
        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Fact]
    public async Task A_link_unit_leader_must_be_a_household_of_the_same_grid()
    {
        await Execute($"""
            INSERT INTO grid (code, village_code, name, geom) VALUES ('451027100201001', '451027100201', '第1网格', {InnerSquare});
            INSERT INTO link_unit (code, grid_code, name, leader_household_code, geom)
                VALUES ('451027100201001001', '451027100201001', '第1联户', '4510271002010010001', ST_SetSRID(ST_MakePoint(106.02, 24.02), 4326));
            INSERT INTO household (code, grid_code, link_unit_code, head_name, members, geom)
                VALUES ('4510271002010010001', '451027100201001', '451027100201001001', '张三', 3, ST_SetSRID(ST_MakePoint(106.02, 24.02), 4326));
            """);
        await Refused("UPDATE link_unit SET leader_household_code = '4510271002010020001'", "link_unit_leader_in_unit");
    }

    private async Task Execute(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and insists that <paramref name="constraint"/> refused it: any other error (a typo in the
    /// test's SQL, a different rule) would otherwise pass as a refusal.
    /// </summary>
    private async Task<PostgresException> Refused(string sql, string constraint)
    {
        var error = await Should.ThrowAsync<PostgresException>(() => Execute(sql));
        error.ConstraintName.ShouldBe(constraint, error.MessageText);
        return error;
    }
}
