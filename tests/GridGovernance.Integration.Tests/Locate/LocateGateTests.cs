using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace GridGovernance.Integration.Tests.Locate;

/// <summary>The cap on concurrent locate queries: requests beyond it wait their turn, and every one still gets its answer.</summary>
public sealed class LocateGateTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public async Task Many_simultaneous_requests_all_get_their_own_answer_whatever_the_cap(string cap)
    {
        await using var factory = new GridGovAppFactory(fixture.ConnectionString);
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("GridGov:Locate:MaxConcurrentQueries", cap));
        using var client = app.CreateClient();
        var villages = new List<(string Code, double Lng, double Lat)>();
        await using (var command = fixture.DataSource.CreateCommand(
                         "SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM village) v ORDER BY code LIMIT 24"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) villages.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));

        // Answers that miss (404) or are refused (400) must give their slot back as surely as answers that find a grid.
        var requests = villages.Select(async v => ((string?)v.Code, await client.GetAsync(Url(v.Lng, v.Lat))))
            .Concat(Enumerable.Range(0, 8).Select(async _ => ((string?)null, await client.GetAsync(Url(100, 20)))))
            .Concat(Enumerable.Range(0, 4).Select(async _ => ((string?)null, await client.GetAsync("/api/locate?lng=abc&lat=1"))))
            .ToList();
        var answers = await Task.WhenAll(requests);

        foreach (var (code, response) in answers)
        {
            if (code is null)
            {
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
                continue;
            }
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            body.RootElement.GetProperty("village").GetProperty("code").GetString().ShouldBe(code);
        }
        // And the app still answers afterwards: no slot was lost.
        var (first, lng, lat) = villages[0];
        var again = await client.GetAsync(Url(lng, lat));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain(first);
    }

    private static string Url(double lng, double lat) =>
        FormattableString.Invariant($"/api/locate?lng={lng:R}&lat={lat:R}");
}
