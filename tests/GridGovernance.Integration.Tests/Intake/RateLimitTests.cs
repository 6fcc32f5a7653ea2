using System.Net;
using System.Net.Http.Json;

namespace GridGovernance.Integration.Tests.Intake;

public class RateLimitTests(RateLimitedIntakeFixture fixture) : IClassFixture<RateLimitedIntakeFixture>
{
    [Fact]
    public async Task Submissions_beyond_the_per_client_limit_answer_429_with_retry_after_on_the_api_and_the_page()
    {
        using var client = fixture.NewClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
            {
                Content = JsonContent.Create(new { gridCode = fixture.GridCode, requestType = "report", category = "C0102", description = "路灯不亮已经一周了" }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            last = await client.SendAsync(request);
            statuses.Add(last.StatusCode);
        }
        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
        last!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        (await last.Content.ReadAsStringAsync()).ShouldContain("提交过于频繁");

        // Reading the page is not limited; posting it is, and the answer is a Chinese page.
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var form = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page));
        form.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        form.Headers.RetryAfter.ShouldNotBeNull();
        form.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await form.Content.ReadAsStringAsync()).ShouldContain("提交过于频繁");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(2);
    }
}

public class GridRateLimitTests(GridLimitedIntakeFixture fixture) : IClassFixture<GridLimitedIntakeFixture>
{
    [Fact]
    public async Task A_grid_beyond_its_hourly_limit_refuses_further_forms_while_other_grids_still_accept()
    {
        using var client = fixture.NewClient();
        var first = await ResidentForm.OpenAsync(client, fixture.GridCode);
        (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(first))).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var second = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var refused = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(second));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalMinutes.ShouldBeInRange(1, 60);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("分钟后再试");

        var other = await ResidentForm.OpenAsync(client, fixture.OtherGridCode);
        (await client.PostAsync($"/g/{fixture.OtherGridCode}", ResidentForm.Content(other))).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_case_api_is_limited_per_grid_too()
    {
        using var client = fixture.NewClient();
        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new
                {
                    gridCode = fixture.OtherGridCode, requestType = "help", category = "E0801", description = "路灯下的长椅坏了，老人没处歇脚",
                }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            return await client.SendAsync(request);
        }
        (await PostAsync()).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var refused = await PostAsync();
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("该网格的提交过于频繁");
    }
}
