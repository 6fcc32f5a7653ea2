using System.Net;
using Npgsql;

namespace GridGovernance.Integration.Tests.Intake;

public class TrackingAndRatingTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private async Task<(HttpClient Client, string Path, string Key)> ReportAsync()
    {
        var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var html = await (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page))).Content.ReadAsStringAsync();
        return (client, ResidentForm.TrackingPathIn(html)!, page.IdempotencyKey);
    }

    /// <summary>Closes the case as a grid worker on the spot would (the staff page for it arrives with issue 4).</summary>
    private async Task CloseOnSpotAsync(string key)
    {
        await using var command = fixture.Database.DataSource.CreateCommand("""
            WITH closed AS (UPDATE case_file SET state = 'closed_on_spot', closed_at = now() WHERE idempotency_key = $1 RETURNING id)
            INSERT INTO case_timeline (case_id, actor_kind, actor_role, action, state_before, state_after, note)
            SELECT id, 'staff', 'grid_worker', 'resolve_on_spot', 'reported', 'closed_on_spot', '已现场清理' FROM closed
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Posts a rating as a browser would; the antiforgery token comes from any page of ours (a closed, unrated case's
    /// page carries one in its form; for the other cases a forged post takes it from the report page).</summary>
    private async Task<HttpResponseMessage> RateAsync(HttpClient client, string path, string satisfaction, string resolved, string comment = "")
    {
        var token = (await ResidentForm.OpenAsync(client, fixture.GridCode)).Token;
        return await client.PostAsync($"{path}/rating", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["satisfaction"] = satisfaction, ["resolved"] = resolved, ["comment"] = comment,
        }));
    }

    [Fact]
    public async Task An_open_case_shows_no_rating_form_and_refuses_a_rating()
    {
        var (client, path, _) = await ReportAsync();
        using (client)
        {
            var page = await client.GetStringAsync(path);
            page.ShouldNotContain("评价本次处理");
            var response = await RateAsync(client, path, "satisfied", "true");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain("案件办结后才能评价");
        }
    }

    [Fact]
    public async Task A_closed_case_is_rated_once_and_a_second_rating_is_refused()
    {
        var (client, path, key) = await ReportAsync();
        using (client)
        {
            await CloseOnSpotAsync(key);
            var page = await client.GetStringAsync(path);
            page.ShouldContain("已办结·现场处置");
            page.ShouldContain("网格员 · 现场处置办结");
            page.ShouldContain("评价本次处理");

            var first = await RateAsync(client, path, "fairly_satisfied", "true", "处理及时<b>谢谢</b>");
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            var rated = await first.Content.ReadAsStringAsync();
            rated.ShouldContain("感谢您的评价");
            rated.ShouldContain("基本满意；问题已解决");
            rated.ShouldContain("处理及时&lt;b&gt;谢谢&lt;/b&gt;");

            // The form is gone; a forged second post is refused and the first answer stands.
            rated.ShouldNotContain("评价本次处理");
            var second = await RateAsync(client, path, "dissatisfied", "false");
            second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await second.Content.ReadAsStringAsync()).ShouldContain("只能评价一次");
            (await fixture.Database.ScalarAsync<string>("SELECT satisfaction FROM case_file WHERE idempotency_key = $1", key)).ShouldBe("fairly_satisfied");
            (await fixture.Database.ScalarAsync<long>("""
                SELECT count(*) FROM case_timeline t JOIN case_file c ON c.id = t.case_id WHERE c.idempotency_key = $1 AND t.action = 'rate'
                """, key)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task An_unknown_or_malformed_token_answers_a_Chinese_404_page()
    {
        using var client = fixture.NewClient();
        foreach (var path in new[] { "/t/AAAAAAAAAAAAAAAAAAAAAA", "/t/short", "/t/<script>" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await response.Content.ReadAsStringAsync()).ShouldContain("未找到该案件");
        }
    }

    [Fact]
    public async Task The_tracking_page_names_staff_by_role_only()
    {
        var (client, path, key) = await ReportAsync();
        using (client)
        {
            await CloseOnSpotAsync(key);
            var worker = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE grid_code = $1 ORDER BY id LIMIT 1", fixture.GridCode);
            var page = await client.GetStringAsync(path);
            page.ShouldContain("网格员");
            page.ShouldNotContain(worker);
        }
    }
}
