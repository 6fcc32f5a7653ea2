using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>
/// Time from the resident's submit to the "已提交" page, through the real app and PostgreSQL (in-process HTTP, so network time
/// is excluded): 100 sequential reports without photos and 20 with one photo. Figures go to the test output and to
/// $TMPDIR/gridgov-intake-latency.txt. A measurement, not a test: it asserts no timing and runs only when asked
/// (GRIDGOV_MEASURE=1; see tests/bench/README.md), never in the ordinary test run.
/// </summary>
public class IntakeLatencyTests(IntakeFixture fixture, ITestOutputHelper output) : IClassFixture<IntakeFixture>
{
    private async Task<List<double>> MeasureAsync(int count, bool withPhoto)
    {
        using var client = fixture.NewClient();
        var photo = ResidentForm.Photo;
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
            using var content = ResidentForm.Content(page, position: fixture.Inside, phone: "13800000000",
                photos: withPhoto ? [("p.jpg", photo)] : null);
            var started = Stopwatch.GetTimestamp();
            var response = await client.PostAsync($"/g/{fixture.GridCode}", content);
            var html = await response.Content.ReadAsStringAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            html.ShouldContain("已提交");
        }
        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    [MeasurementFact]
    public async Task Submitting_to_accepted_is_measured_over_100_plain_and_20_photo_reports()
    {
        await MeasureAsync(5, withPhoto: false); // warm-up: JIT, connection pool, prepared statements
        var plain = await MeasureAsync(100, withPhoto: false);
        var photo = await MeasureAsync(20, withPhoto: true);
        var line1 = $"intake latency, 100 sequential without photos: median {Percentile(plain, 0.5):0.0} ms, p99 {Percentile(plain, 0.99):0.0} ms";
        var line2 = $"intake latency, 20 sequential with one 320×240 JPEG (38 KB): median {Percentile(photo, 0.5):0.0} ms, p99 {Percentile(photo, 0.99):0.0} ms";
        output.WriteLine(line1);
        output.WriteLine(line2);
        await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "gridgov-intake-latency.txt"), $"{DateTime.UtcNow:O}\n{line1}\n{line2}\n");
    }
}
