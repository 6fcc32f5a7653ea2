using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>An Idempotency-Key answers a retry of the same submission, never another one with someone else's case.</summary>
public sealed class IdempotencyKeyReuseTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private HttpRequestMessage Post(string key, string description)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { gridCode = fixture.GridCode, requestType = "report", category = "C0101", description }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_key_reused_with_another_body_is_refused_with_422_and_never_answered_with_the_first_case()
    {
        using var client = fixture.NewClient();
        var key = DispatchApi.NewKey();
        var first = await client.SendAsync(Post(key, "路口井盖缺了一块，很危险"));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var number = created.GetProperty("number").GetString()!;
        var link = created.GetProperty("trackingUrl").GetString()!;

        // The same body again is a retry: the same case and link.
        var retry = await client.SendAsync(Post(key, "路口井盖缺了一块，很危险"));
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString().ShouldBe(number);

        // Another body under the same key: refused, and nothing of the first case in the answer.
        var other = await client.SendAsync(Post(key, "另一位居民：楼道灯坏了一周"));
        var text = await other.Content.ReadAsStringAsync();
        var problem = await ChineseProblems.ProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").GetProperty("idempotencyKey").GetString()!.ShouldContain("幂等键");
        text.ShouldNotContain(number);
        text.ShouldNotContain(new Uri(link).AbsolutePath);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", key)).ShouldBe(1);
    }

    [Fact]
    public async Task The_residents_form_reused_with_another_description_answers_422_with_a_fresh_key_and_no_foreign_case()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var accepted = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, description: "小区门口垃圾堆了三天没人清运"));
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await accepted.Content.ReadAsStringAsync();
        var number = ResidentForm.NumberIn(html)!;
        var path = ResidentForm.TrackingPathIn(html)!;

        var reused = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, description: "完全不同的一件事：路灯不亮了"));
        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var again = await reused.Content.ReadAsStringAsync();
        again.ShouldNotContain(number);
        again.ShouldNotContain(path);
        again.ShouldContain("幂等键已用于另一份内容不同的诉求");
        // The form comes back with a new key, so that the resident can send this report as a case of its own.
        ResidentForm.FormIn(again).IdempotencyKey.ShouldNotBe(page.IdempotencyKey);
    }
}
