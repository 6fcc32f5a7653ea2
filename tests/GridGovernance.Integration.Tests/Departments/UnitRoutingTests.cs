using GridGovernance.Domain.Departments;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Departments;

namespace GridGovernance.Integration.Tests.Departments;

/// <summary>UnitRouting's one PostGIS query on the demo county: rule order by kind, and each department resolved by position.</summary>
public sealed class UnitRoutingTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string County = "451027";

    [Fact]
    public async Task A_security_hazard_inside_each_township_goes_to_that_townships_police_station_first()
    {
        var townships = await TownshipPoints.AllAsync(fixture.DataSource);
        townships.Count.ShouldBe(8);
        foreach (var (code, lng, lat) in townships)
        {
            var result = await UnitRouting.RouteAsync(fixture.DataSource, "E0701", lng, lat, County);

            result.Outcome.ShouldBe(RoutingOutcome.Routed);
            result.TownshipCode.ShouldBe(code);
            result.Units[0].UnitCode.ShouldBe($"{code}-police", $"治安隐患 in {code}");
            result.Units[0].Match.ShouldBe(UnitMatch.Jurisdiction);
            result.Units[0].UnitHasJurisdiction.ShouldBeTrue();
            // The township government is the second territorial party.
            result.Units[1].UnitCode.ShouldBe($"{code}-township");
            result.Units.Select(u => u.Rank).ShouldBe(Enumerable.Range(1, result.Units.Count));
        }
    }

    [Fact]
    public async Task A_manhole_cover_a_facility_goes_to_its_owners_first_the_water_company_leading_and_the_township_last()
    {
        var (township, lng, lat) = (await TownshipPoints.AllAsync(fixture.DataSource))[0];

        var result = await UnitRouting.RouteAsync(fixture.DataSource, "C0101", lng, lat, County);

        result.Category!.Name.ShouldBe("井盖");
        result.Units.Select(u => u.UnitCode).ShouldBe([$"{County}-water", $"{County}-zhujian", $"{County}-power", $"{County}-gas", $"{township}-township"]);
        result.Units.Take(4).ShouldAllBe(u => u.Party == ResponsibilityParty.Owner && u.Match == UnitMatch.CountyWide);
        result.Units[^1].Party.ShouldBe(ResponsibilityParty.Territory);
        result.Units[^1].Match.ShouldBe(UnitMatch.Jurisdiction);
    }

    [Fact]
    public async Task Exposed_garbage_an_event_puts_the_township_first_and_chengguan_after_it()
    {
        var (township, lng, lat) = (await TownshipPoints.AllAsync(fixture.DataSource))[3];

        var result = await UnitRouting.RouteAsync(fixture.DataSource, "E0102", lng, lat, County);

        result.Units.Select(u => (u.UnitCode, u.Party)).ShouldBe(
            [($"{township}-township", ResponsibilityParty.Territory), ($"{County}-chengguan", ResponsibilityParty.Owner)]);
        result.Units[0].UnitName.ShouldEndWith("人民政府");
        result.Units[1].DepartmentShortName.ShouldBe("城管");
    }

    [Fact]
    public async Task A_point_outside_the_county_and_an_unknown_category_are_told_apart()
    {
        (await UnitRouting.RouteAsync(fixture.DataSource, "E0701", 116.39, 39.91, County)).Outcome.ShouldBe(RoutingOutcome.OutsideCounty);
        var (_, lng, lat) = (await TownshipPoints.AllAsync(fixture.DataSource))[0];
        (await UnitRouting.RouteAsync(fixture.DataSource, "E0999", lng, lat, County)).Outcome.ShouldBe(RoutingOutcome.UnknownCategory);
        // A point in the county asked for on behalf of another county is outside that county.
        (await UnitRouting.RouteAsync(fixture.DataSource, "E0701", lng, lat, "450000")).Outcome.ShouldBe(RoutingOutcome.OutsideCounty);
    }

    [Fact]
    public async Task A_new_small_category_without_rules_falls_back_to_its_major_category_then_to_its_kind()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        await database.ScalarAsync<int>("""
            WITH c AS (INSERT INTO case_category (code, major_name, name, filing_condition, closing_condition, time_limit, time_unit, responsible_party)
                       VALUES ('E0109', '市容环境', '乱堆物料', '物料堆放占道', '物料已清理', 1, 'work_day', '综合执法部门'),
                              ('C0602', '其他', '健身器材', '健身器材损坏', '器材修复', 5, 'work_day', '权属单位')
                       RETURNING 1) SELECT count(*)::int FROM c
            """);
        var (township, lng, lat) = (await TownshipPoints.AllAsync(database.DataSource))[1];

        var major = await UnitRouting.RouteAsync(database.DataSource, "E0109", lng, lat, County);
        major.Units.Select(u => u.UnitCode).ShouldBe([$"{township}-township", $"{County}-chengguan"]);
        var kind = await UnitRouting.RouteAsync(database.DataSource, "C0602", lng, lat, County);
        kind.Units.Select(u => u.UnitCode).ShouldBe([$"{township}-township"]);
    }

    [Fact]
    public async Task Without_a_station_of_its_own_a_place_falls_to_the_county_unit_and_an_inactive_rule_or_unit_is_skipped()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        var (township, lng, lat) = (await TownshipPoints.AllAsync(database.DataSource))[2];
        await database.ScalarAsync<int>("""
            WITH u AS (UPDATE department_unit SET active = false WHERE code = $1 || '-police' RETURNING 1) SELECT count(*)::int FROM u
            """, township);

        var result = await UnitRouting.RouteAsync(database.DataSource, "E0701", lng, lat, County);
        result.Units[0].UnitCode.ShouldBe($"{County}-police");
        result.Units[0].Match.ShouldBe(UnitMatch.CountyWide);

        await database.ScalarAsync<int>("""
            WITH r AS (UPDATE routing_rule SET active = false WHERE category_code = 'C0101' AND department_code = 'water' RETURNING 1)
            SELECT count(*)::int FROM r
            """);
        (await UnitRouting.RouteAsync(database.DataSource, "C0101", lng, lat, County)).Units[0].UnitCode.ShouldBe($"{County}-zhujian");
    }

    [Fact]
    public async Task A_smaller_jurisdiction_of_its_own_inside_a_township_wins_there_and_only_there()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        var (township, lng, lat) = (await TownshipPoints.AllAsync(database.DataSource))[0];
        // A 景区派出所 with a drawn area of about 1 km around the point, not tied to a township; its code sorts after the
        // township's station, so only the smaller area can put it first.
        await database.ScalarAsync<int>("""
            WITH u AS (INSERT INTO department_unit (code, department_code, county_code, name, jurisdiction)
                       VALUES ($3 || '-police-scenic', 'police', '451027', '凌云县公安局景区派出所',
                               ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.005)))
                       RETURNING 1) SELECT count(*)::int FROM u
            """, lng, lat, township);

        var inside = await UnitRouting.RouteAsync(database.DataSource, "E0701", lng, lat, County);
        inside.Units[0].UnitCode.ShouldBe($"{township}-police-scenic");
        inside.Units[0].Match.ShouldBe(UnitMatch.Jurisdiction);

        var elsewhere = (await TownshipPoints.AllAsync(database.DataSource))[1];
        (await UnitRouting.RouteAsync(database.DataSource, "E0701", elsewhere.Lng, elsewhere.Lat, County)).Units[0].UnitCode
            .ShouldBe($"{elsewhere.Code}-police");
        township.ShouldNotBe(elsewhere.Code);
    }
}
