using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Domain.Cases;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>
/// A county day past 9,999 cases (a flood of reports) goes on with 5-digit sequences; past 99,999 the report is refused in
/// Chinese with nothing stored. Its own fixture (its own database): it moves today's counter, which other intake tests count.
/// </summary>
public class CaseNumberOverflowTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private HttpRequestMessage Post(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { gridCode = fixture.GridCode, requestType = "report", category = "C0101", description = "路口井盖缺了一块，很危险" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private Task<int> SetTodaysCounterAsync(int lastValue) => fixture.Database.ScalarAsync<int>("""
        INSERT INTO case_number_counter (county_code, day, last_value) VALUES (left($1, 6), (now() AT TIME ZONE 'Asia/Shanghai')::date, $2)
        ON CONFLICT (county_code, day) DO UPDATE SET last_value = EXCLUDED.last_value
        RETURNING last_value
        """, fixture.GridCode, lastValue);

    [Fact]
    public async Task The_ten_thousandth_case_of_a_day_gets_a_five_digit_sequence_and_the_hundred_thousandth_is_refused_in_Chinese()
    {
        using var client = fixture.NewClient();
        await SetTodaysCounterAsync(9999);
        var response = await client.SendAsync(Post(Guid.NewGuid().ToString("N")));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        number.Length.ShouldBe(CaseNumber.LongLength);
        number.ShouldEndWith("10000");
        CaseNumber.TryParse(number)!.Sequence.ShouldBe(10000);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE number = $1", number)).ShouldBe(1);

        await SetTodaysCounterAsync(99999);
        var cases = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");
        var refused = await client.SendAsync(Post(Guid.NewGuid().ToString("N")));
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("案件编号已用完");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(cases);
        (await fixture.Database.ScalarAsync<int>(
            "SELECT last_value FROM case_number_counter WHERE county_code = left($1, 6) AND day = (now() AT TIME ZONE 'Asia/Shanghai')::date",
            fixture.GridCode)).ShouldBe(99999);
    }
}
