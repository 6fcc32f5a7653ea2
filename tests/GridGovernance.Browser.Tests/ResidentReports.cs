using System.Net.Http.Json;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Resident reports through the public API that give a browser test cases of its own (another person acting through the
/// app's services while the page looks on: <see cref="TestStaff"/>).
/// </summary>
internal static class ResidentReports
{
    /// <summary>A resident's report (小类 <paramref name="category"/>) at a point of <paramref name="grid"/>; its id and number.</summary>
    public static async Task<(long Id, string Number)> ReportAsync(TestDatabase database, string baseAddress, string grid, string description,
        string category = "E0102")
    {
        var lng = await database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        using var api = new HttpClient { BaseAddress = new Uri(baseAddress) };
        api.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var posted = await api.PostAsJsonAsync("/api/cases", new { longitude = lng, latitude = lat, requestType = "complaint", category, description });
        posted.IsSuccessStatusCode.ShouldBeTrue(await posted.Content.ReadAsStringAsync());
        var id = await database.ScalarAsync<long>("SELECT id FROM case_file WHERE description = $1", description);
        return (id, await database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", id));
    }
}
