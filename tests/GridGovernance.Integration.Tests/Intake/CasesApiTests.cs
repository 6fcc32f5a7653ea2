using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace GridGovernance.Integration.Tests.Intake;

public class CasesApiTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static HttpRequestMessage Post(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private object Body(string description = "路口井盖缺了一块，很危险") =>
        new { gridCode = fixture.GridCode, requestType = "report", category = "C0101", description };

    [Fact]
    public async Task A_json_report_answers_201_with_the_number_and_tracking_url()
    {
        using var client = fixture.NewClient();
        var response = await client.SendAsync(Post(Guid.NewGuid().ToString("N"), Body()));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("number").GetString()!.ShouldStartWith("C0101");
        var url = json.GetProperty("trackingUrl").GetString()!;
        response.Headers.Location!.ToString().ShouldBe(url);
        (await client.GetAsync(new Uri(url).AbsolutePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_make_one_case_and_all_get_its_number_and_use_up_one_number()
    {
        using var client = fixture.NewClient();
        var key = Guid.NewGuid().ToString("N");
        var before = await TodaysLastNumberAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(Post(key, Body()))));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        bodies.Select(b => b.GetProperty("number").GetString()).Distinct().Count().ShouldBe(1);
        bodies.Select(b => b.GetProperty("trackingUrl").GetString()).Distinct().Count().ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", key)).ShouldBe(1);
        responses.Count(r => r.Headers.Contains("Idempotent-Replayed")).ShouldBe(9);
        // A twin that lost the race drew a number too, inside its failed statement: it must have gone back.
        (await TodaysLastNumberAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Two_requests_with_one_key_that_both_pass_the_look_up_make_one_case_and_give_the_losing_number_back()
    {
        using var client = fixture.NewClient();
        (await client.SendAsync(Post(Guid.NewGuid().ToString("N"), Body()))).StatusCode.ShouldBe(HttpStatusCode.Created); // today's counter row
        var before = await TodaysLastNumberAsync();

        // Hold the county's counter row, so that both requests find no case under the key and then queue on the row: the
        // second one numbers its case only after the first committed, and must then lose on the key, not make a twin.
        await using var holder = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""
            SELECT 1 FROM case_number_counter WHERE county_code = left($1, 6) AND day = (now() AT TIME ZONE 'Asia/Shanghai')::date FOR UPDATE
            """, holder, hold))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = fixture.GridCode });
            await lockRow.ExecuteScalarAsync();
        }
        var key = Guid.NewGuid().ToString("N");
        var both = Enumerable.Range(0, 2).Select(_ => client.SendAsync(Post(key, Body()))).ToArray();
        for (var i = 0; i < 300 && await WaitingOnLocksAsync() < 2; i++) await Task.Delay(100);
        (await WaitingOnLocksAsync()).ShouldBe(2);
        await hold.RollbackAsync();

        var responses = await Task.WhenAll(both);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()));
        numbers.Distinct().Count().ShouldBe(1);
        responses.Count(r => r.Headers.Contains("Idempotent-Replayed")).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", key)).ShouldBe(1);
        (await TodaysLastNumberAsync()).ShouldBe(before + 1);
    }

    private async Task<long> WaitingOnLocksAsync() => await fixture.Database.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");

    private async Task<int> TodaysLastNumberAsync() => await fixture.Database.ScalarAsync<int>("""
        SELECT coalesce(max(last_value), 0) FROM case_number_counter
        WHERE county_code = left($1, 6) AND day = (now() AT TIME ZONE 'Asia/Shanghai')::date
        """, fixture.GridCode);

    [Fact]
    public async Task Twenty_concurrent_submissions_are_numbered_with_the_next_twenty_sequences_without_gap_or_duplicate()
    {
        using var client = fixture.NewClient();
        var before = await TodaysLastNumberAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(Post(Guid.NewGuid().ToString("N"), Body()))));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!));
        numbers.Select(n => int.Parse(n[^4..], System.Globalization.CultureInfo.InvariantCulture)).Order()
            .ShouldBe(Enumerable.Range(before + 1, 20));
    }

    [Fact]
    public async Task A_missing_idempotency_key_or_bad_json_or_bad_fields_answer_Chinese_400_problems()
    {
        using var client = fixture.NewClient();
        var noKey = await client.PostAsJsonAsync("/api/cases", Body());
        noKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noKey.Content.ReadAsStringAsync()).ShouldContain("Idempotency-Key");

        var badJson = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        badJson.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        (await client.SendAsync(badJson)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var invalid = await client.SendAsync(Post(Guid.NewGuid().ToString("N"),
            new { gridCode = fixture.GridCode, requestType = "x", category = "E9999", description = "a", phone = "123" }));
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("请求参数有误");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("requestType").GetString()!.ShouldContain("诉求类型");
        errors.GetProperty("description").GetString()!.ShouldContain("描述太短");
        errors.GetProperty("phone").GetString()!.ShouldContain("手机号");

        var unknownCategory = await client.SendAsync(Post(Guid.NewGuid().ToString("N"),
            new { gridCode = fixture.GridCode, requestType = "help", category = "E0999", description = "需要帮助的事情" }));
        (await unknownCategory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("category").GetString()!.ShouldContain("不存在");
    }

    [Fact]
    public async Task A_report_with_only_a_position_is_placed_in_the_grid_that_contains_it()
    {
        using var client = fixture.NewClient();
        var key = Guid.NewGuid().ToString("N");
        var response = await client.SendAsync(Post(key, new
        {
            requestType = "help", category = "E0801", description = "老人需要帮忙送医", longitude = fixture.Outside.Lng, latitude = fixture.Outside.Lat,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE idempotency_key = $1", key)).ShouldBe(fixture.OtherGridCode);

        var nowhere = await client.SendAsync(Post(Guid.NewGuid().ToString("N"), new
        {
            requestType = "help", category = "E0801", description = "老人需要帮忙送医", longitude = 0.5, latitude = 0.5,
        }));
        nowhere.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await nowhere.Content.ReadAsStringAsync()).ShouldContain("不在本系统管辖的县域范围内");
    }

    [Fact]
    public async Task The_timeline_refuses_update_delete_and_truncate()
    {
        using var client = fixture.NewClient();
        (await client.SendAsync(Post(Guid.NewGuid().ToString("N"), Body()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        foreach (var sql in new[] { "UPDATE case_timeline SET note = 'changed'", "DELETE FROM case_timeline", "TRUNCATE case_timeline" })
        {
            await using var command = fixture.Database.DataSource.CreateCommand(sql);
            var e = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            e.MessageText.ShouldContain("案件时间线只能追加");
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE note = 'changed'")).ShouldBe(0);
    }

    [Fact]
    public async Task Duplicate_hints_find_open_cases_of_the_same_category_within_50_metres_and_7_days_only()
    {
        using var client = fixture.NewClient();
        var (lng, lat) = fixture.Inside;
        async Task<long> ReportAsync(string category, double dLng, double dLat)
        {
            var key = Guid.NewGuid().ToString("N");
            (await client.SendAsync(Post(key, new
            {
                gridCode = fixture.GridCode, requestType = "complaint", category, description = "重复上报测试：占道经营", longitude = lng + dLng, latitude = lat + dLat,
            }))).StatusCode.ShouldBe(HttpStatusCode.Created);
            return await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", key);
        }
        var first = await ReportAsync("E0501", 0, 0);
        var near = await ReportAsync("E0501", 0.0002, 0);          // ≈ 20 m east
        var far = await ReportAsync("E0501", 0, 0.0009);           // ≈ 100 m north
        var otherCategory = await ReportAsync("E0502", 0.0001, 0); // ≈ 10 m, another 小类
        var old = await ReportAsync("E0501", 0, 0.0001);           // ≈ 11 m, but made 8 days old below
        var closed = await ReportAsync("E0501", 0.0001, 0.0001);   // ≈ 15 m, but closed below
        await using (var age = fixture.Database.DataSource.CreateCommand("UPDATE case_file SET created_at = now() - interval '8 days' WHERE id = $1"))
        {
            age.Parameters.Add(new NpgsqlParameter { Value = old });
            await age.ExecuteNonQueryAsync();
        }
        await using (var close = fixture.Database.DataSource.CreateCommand("UPDATE case_file SET state = 'closed_on_spot', closed_at = now() WHERE id = $1"))
        {
            close.Parameters.Add(new NpgsqlParameter { Value = closed });
            await close.ExecuteNonQueryAsync();
        }

        // Read as the county's admin, whose scope holds every one of them (the scope itself has a test of its own).
        var admin = new Web.Infrastructure.CurrentStaff(0, "admin", "", Domain.Accounts.StaffRole.CountyAdmin, fixture.GridCode[..6], "");
        var hints = await Web.Features.Cases.DuplicateHints.ForCaseAsync(fixture.Database.DataSource, admin, first, CancellationToken.None);
        hints.Select(h => h.CaseId).ShouldBe([near]);
        hints[0].DistanceMetres.ShouldBeInRange(15, 25);
        hints.ShouldNotContain(h => h.CaseId == far || h.CaseId == otherCategory || h.CaseId == old || h.CaseId == closed);
    }
}
