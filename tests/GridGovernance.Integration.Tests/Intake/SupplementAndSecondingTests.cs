using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>
/// The resident's form and tracking page beyond the first report: the map pin's place (place_description, one author), 补充材料
/// on the tracking page, and 附议 — nearby open reports of the same kind shown before submitting, "我也遇到" adding to that case
/// instead of filing a new one.
/// </summary>
public sealed partial class SupplementAndSecondingTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""name="idempotencyKey" value="([^"]+)""")]
    private static partial Regex SupplementKeyPattern();

    private async Task<(HttpClient Client, string Number, string TrackingPath, long Id)> ReportAsync(string description,
        (double Lng, double Lat)? position = null, string category = "E0102")
    {
        var client = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var response = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form, description, category: category, position: position));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
        return (client, ResidentForm.NumberIn(html)!, ResidentForm.TrackingPathIn(html)!, id);
    }

    [Fact]
    public async Task The_pin_is_told_the_readable_place_and_whether_it_is_far_outside_the_grid_and_gcj02_is_converted()
    {
        using var client = fixture.NewClient();
        var household = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND address <> '' ORDER BY code LIMIT 1", fixture.GridCode);
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE code = $1", household);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE code = $1", household);
        var address = await fixture.Database.ScalarAsync<string>("SELECT address FROM household WHERE code = $1", household);
        var gridName = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", fixture.GridCode);

        var at = JsonDocument.Parse(await client.GetStringAsync(FormattableString.Invariant($"/g/{fixture.GridCode}/place?lng={lng}&lat={lat}"))).RootElement;
        var place = at.GetProperty("place").GetString()!;
        place.ShouldStartWith(address + " · ");
        place.ShouldContain(gridName);
        at.GetProperty("insideGrid").GetBoolean().ShouldBeTrue();
        at.GetProperty("farOutside").GetBoolean().ShouldBeFalse();

        // The same point as WeChat/AMap give it (GCJ-02) comes back as the same WGS-84 point and the same place.
        var gcj = GridGovernance.Domain.Geo.ChinaCoordinates.Wgs84ToGcj02(new(lng, lat));
        var converted = JsonDocument.Parse(await client.GetStringAsync(
            FormattableString.Invariant($"/g/{fixture.GridCode}/place?lng={gcj.Lng}&lat={gcj.Lat}&crs=gcj02"))).RootElement;
        converted.GetProperty("lng").GetDouble().ShouldBe(lng, 2e-6);
        converted.GetProperty("lat").GetDouble().ShouldBe(lat, 2e-6);
        converted.GetProperty("place").GetString().ShouldBe(place);

        var far = JsonDocument.Parse(await client.GetStringAsync(
            FormattableString.Invariant($"/g/{fixture.GridCode}/place?lng={fixture.Outside.Lng}&lat={fixture.Outside.Lat}"))).RootElement;
        far.GetProperty("insideGrid").GetBoolean().ShouldBeFalse();
        far.GetProperty("farOutside").GetBoolean().ShouldBe(far.GetProperty("metresOutside").GetDouble() > 100);

        (await client.GetAsync($"/g/{fixture.GridCode}/place?lng=abc&lat=24")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/g/451027100001999/place?lng=106.5&lat=24.3")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_form_position_in_gcj02_is_stored_in_wgs84_and_staff_pages_show_the_place_and_a_geo_link()
    {
        var household = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND address <> '' ORDER BY code DESC LIMIT 1", fixture.GridCode);
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE code = $1", household);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE code = $1", household);
        var gcj = GridGovernance.Domain.Geo.ChinaCoordinates.Wgs84ToGcj02(new(lng, lat));

        using var client = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var content = ResidentForm.Content(form, "门口的井盖松了，走上去会响", position: (gcj.Lng, gcj.Lat));
        content.Add(new StringContent("gcj02"), "crs");
        var html = await (await client.PostAsync($"/g/{fixture.GridCode}", content)).Content.ReadAsStringAsync();
        var number = ResidentForm.NumberIn(html)!;
        var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);
        (await fixture.Database.ScalarAsync<double>("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) FROM case_file WHERE id = $3",
            lng, lat, id)).ShouldBeLessThan(1.0);

        var place = await fixture.Database.ScalarAsync<string>("SELECT place_description(geom) FROM case_file WHERE id = $1", id);
        (await client.GetStringAsync(ResidentForm.TrackingPathIn(html)!)).ShouldContain(place);
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var staffPage = await worker.Client.GetStringAsync($"/field/cases/{id}");
        staffPage.ShouldContain("data-case-place"); staffPage.ShouldContain(place);
        staffPage.ShouldContain("href=\"geo:");
        staffPage.ShouldContain("导航");
    }

    [Fact]
    public async Task A_resident_adds_text_and_a_photo_to_an_open_case_once_and_the_grid_is_told()
    {
        var (client, number, trackingPath, id) = await ReportAsync("楼道灯坏了，晚上上楼看不见");
        using (client)
        {
            var page = await client.GetStringAsync(trackingPath);
            page.ShouldContain("补充材料");
            var token = TokenPattern().Match(page).Groups[1].Value;
            var key = SupplementKeyPattern().Match(page).Groups[1].Value;
            key.ShouldNotBeNullOrEmpty();

            MultipartFormDataContent Content()
            {
                var photo = new ByteArrayContent(ResidentForm.Photo);
                photo.Headers.ContentType = new("image/jpeg");
                return new MultipartFormDataContent
                {
                    { new StringContent(token), "__RequestVerificationToken" },
                    { new StringContent(key), "idempotencyKey" },
                    { new StringContent("三楼和四楼的灯都不亮了"), "text" },
                    { photo, "photos", "stairs.jpg" },
                };
            }
            var first = await client.PostAsync($"{trackingPath}/supplement", Content());
            var body = await first.Content.ReadAsStringAsync();
            first.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            body.ShouldContain("补充材料已提交");
            body.ShouldContain("居民 · 补充材料");
            (await client.PostAsync($"{trackingPath}/supplement", Content())).StatusCode.ShouldBe(HttpStatusCode.OK);

            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'supplement'", id)).ShouldBe(1);
            (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'supplement'", id))
                .ShouldBe("群众补充材料：三楼和四楼的灯都不亮了");
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo WHERE case_id = $1 AND kind = 'report'", id)).ShouldBe(1);
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE case_id = $1 AND kind = 'supplement' AND recipient_scope = $2",
                id, fixture.GridCode)).ShouldBe(1);

            using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
            (await worker.Client.GetStringAsync("/field/notices")).ShouldContain($"群众补充材料：案件 {number}");

            var empty = await client.PostAsync($"{trackingPath}/supplement", new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(Guid.NewGuid().ToString("N")), "idempotencyKey" },
                { new StringContent("  "), "text" },
            });
            empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await empty.Content.ReadAsStringAsync()).ShouldContain("请填写补充说明或选择照片");
        }
    }

    [Fact]
    public async Task Nearby_open_reports_of_the_same_kind_are_offered_and_我也遇到_adds_a_second_to_that_case_instead_of_a_new_case()
    {
        var point = (fixture.Inside.Lng + 0.00011, fixture.Inside.Lat - 0.00007);
        var (first, number, _, id) = await ReportAsync("路边的垃圾箱满出来了", point, "E0103");
        first.Dispose();

        using var client = fixture.NewClient();
        var nearbyUrl = FormattableString.Invariant($"/g/{fixture.GridCode}/nearby?category=E0103&lng={point.Item1 + 0.0001}&lat={point.Item2}");
        var nearby = JsonDocument.Parse(await client.GetStringAsync(nearbyUrl)).RootElement;
        nearby.GetProperty("count").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        var offered = nearby.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("number").GetString() == number);
        offered.GetProperty("distanceMetres").GetDouble().ShouldBeLessThan(50);
        // The public list names no description: that is the first reporter's.
        nearby.ToString().ShouldNotContain("垃圾箱满出来了");
        // Another kind at the same place is not offered.
        JsonDocument.Parse(await client.GetStringAsync(nearbyUrl.Replace("E0103", "E0102", StringComparison.Ordinal))).RootElement
            .GetProperty("reports").EnumerateArray().ShouldNotContain(r => r.GetProperty("number").GetString() == number);

        var form = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var cases = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token, ["number"] = number, ["idempotencyKey"] = $"{form.IdempotencyKey}-{number}",
        };
        var seconded = await client.PostAsync($"/g/{fixture.GridCode}/second", new FormUrlEncodedContent(fields));
        var html = await seconded.Content.ReadAsStringAsync();
        seconded.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已附议");
        html.ShouldContain("共 2 人反映");
        // A retry (double tap, reload) lands once.
        (await client.PostAsync($"/g/{fixture.GridCode}/second", new FormUrlEncodedContent(fields))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(cases);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'second'", id)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE case_id = $1 AND kind = 'second'", id)).ShouldBe(1);
        JsonDocument.Parse(await client.GetStringAsync(nearbyUrl)).RootElement.GetProperty("reports").EnumerateArray()
            .Single(r => r.GetProperty("number").GetString() == number).GetProperty("seconds").GetInt32().ShouldBe(1);

        // A case of another grid cannot be seconded from this grid's form.
        var otherForm = await ResidentForm.OpenAsync(client, fixture.OtherGridCode);
        var elsewhere = await client.PostAsync($"/g/{fixture.OtherGridCode}/second", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = otherForm.Token, ["number"] = number, ["idempotencyKey"] = Guid.NewGuid().ToString("N"),
        }));
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
