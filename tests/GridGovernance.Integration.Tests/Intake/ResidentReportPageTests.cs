using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Intake;

public class ResidentReportPageTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private async Task<long> CountAsync(string table) => await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    [Fact]
    public async Task The_grid_page_shows_the_grid_its_worker_with_a_masked_phone_and_a_form_with_a_fresh_key()
    {
        using var client = fixture.NewClient();
        var html = await (await client.GetAsync($"/g/{fixture.GridCode}")).Content.ReadAsStringAsync();
        var gridName = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", fixture.GridCode);
        html.ShouldContain(gridName);
        html.ShouldContain("enctype=\"multipart/form-data\"");
        html.ShouldContain("<optgroup label=\"事件 · 市容环境\">");
        html.ShouldMatch(@"1[3-9]\d\*{4}\d{4}");
        html.ShouldNotMatch(@"[^0-9*]1[3-9]\d{9}[^0-9]");
        var first = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var second = await ResidentForm.OpenAsync(client, fixture.GridCode);
        first.IdempotencyKey.ShouldNotBe(second.IdempotencyKey);
    }

    [Fact]
    public async Task A_resident_reports_without_javascript_and_sees_accepted_with_the_number_and_a_working_tracking_link()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var response = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, position: fixture.Inside));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已提交");
        html.ShouldNotContain("已受理"); // nobody has accepted anything yet
        var number = ResidentForm.NumberIn(html)!;
        number.ShouldStartWith("E0102" + DateTime.UtcNow.AddHours(8).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

        var tracking = await client.GetAsync(ResidentForm.TrackingPathIn(html));
        var trackingHtml = await tracking.Content.ReadAsStringAsync();
        tracking.StatusCode.ShouldBe(HttpStatusCode.OK);
        trackingHtml.ShouldContain(number);
        trackingHtml.ShouldContain("已上报");
        trackingHtml.ShouldContain("居民 · 上报问题");
        trackingHtml.ShouldContain("市容环境 · 暴露垃圾");
        tracking.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_makes_one_case_with_the_same_number_and_link()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var first = await (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page))).Content.ReadAsStringAsync();
        var second = await (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page))).Content.ReadAsStringAsync();
        ResidentForm.NumberIn(second).ShouldBe(ResidentForm.NumberIn(first));
        ResidentForm.TrackingPathIn(second).ShouldBe(ResidentForm.TrackingPathIn(first));
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey)).ShouldBe(1);
    }

    [Fact]
    public async Task A_form_with_a_forged_antiforgery_token_stores_nothing_and_comes_back_with_the_text_kept()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var before = await CountAsync("case_file");
        var response = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page with { Token = "forged" }, description: "伪造令牌的提交不应入库"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("页面已过期或来源无法验证");
        html.ShouldContain(">伪造令牌的提交不应入库</textarea>");
        (await CountAsync("case_file")).ShouldBe(before);

        // Posted again with the fresh token the page now carries, it goes through.
        var retry = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(ResidentForm.FormIn(html)));
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_fields_re_render_the_form_with_the_input_kept_and_Chinese_messages_by_each_field()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var response = await client.PostAsync($"/g/{fixture.GridCode}",
            ResidentForm.Content(page, description: "太短", category: "", requestType: "nonsense", phone: "12345"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("提交未成功");
        html.ShouldContain("请选择诉求类型");
        html.ShouldContain("请选择问题类别");
        html.ShouldContain("描述太短");
        html.ShouldContain("手机号应为 11 位数字");
        html.ShouldContain(">太短</textarea>");
        html.ShouldContain("value=\"12345\"");
        html.ShouldContain($"name=\"idempotencyKey\" value=\"{page.IdempotencyKey}\"");
    }

    [Fact]
    public async Task An_unknown_grid_code_answers_a_Chinese_404_page()
    {
        using var client = fixture.NewClient();
        foreach (var code in new[] { "999999999999999", "not-a-grid" })
        {
            var response = await client.GetAsync($"/g/{code}");
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            (await response.Content.ReadAsStringAsync()).ShouldContain("未找到该网格");
        }
    }

    [Fact]
    public async Task A_script_in_the_description_comes_back_escaped_on_the_tracking_page()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var html = await (await client.PostAsync($"/g/{fixture.GridCode}",
            ResidentForm.Content(page, description: "<script>alert('x')</script> 路灯坏了 <img src=x onerror=alert(1)>"))).Content.ReadAsStringAsync();
        var tracking = await client.GetStringAsync(ResidentForm.TrackingPathIn(html));
        tracking.ShouldNotContain("<script>alert");
        tracking.ShouldNotContain("<img src=x");
        tracking.ShouldContain("&lt;script&gt;alert(");
    }

    [Fact]
    public async Task A_position_outside_the_scanned_grid_is_kept_as_given_and_flagged()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, position: fixture.Outside))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT grid_code, position_outside_grid, ST_X(geom), ST_Y(geom) FROM case_file WHERE idempotency_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = page.IdempotencyKey });
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldBe(fixture.GridCode);
        reader.GetBoolean(1).ShouldBeTrue();
        reader.GetDouble(2).ShouldBe(fixture.Outside.Lng, 1e-9);
        reader.GetDouble(3).ShouldBe(fixture.Outside.Lat, 1e-9);
    }

    [Fact]
    public async Task A_position_inside_the_grid_is_not_flagged()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, position: fixture.Inside));
        (await fixture.Database.ScalarAsync<bool>("SELECT position_outside_grid FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey))
            .ShouldBeFalse();
    }

    [Fact]
    public async Task The_reporter_phone_is_stored_encrypted_never_in_clear_text()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, phone: "13912345678"));
        // Every column a SELECT shows, apart from the ciphertexts and the token hash: no mobile number anywhere.
        var row = await fixture.Database.ScalarAsync<string>("""
            SELECT (to_jsonb(c) - 'reporter_phone_encrypted' - 'tracking_token_hash' - 'tracking_token_encrypted')::text
            FROM case_file c WHERE idempotency_key = $1
            """, page.IdempotencyKey);
        row.ShouldNotContain("13912345678");
        row.ShouldNotMatch(@"(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)");
        var cipher = await fixture.Database.ScalarAsync<byte[]>("SELECT reporter_phone_encrypted FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey);
        System.Text.Encoding.Latin1.GetString(cipher).ShouldNotContain("13912345678");
        // …yet it is there for staff: the app's own protector reads it back.
        fixture.Factory.Services.GetRequiredService<Web.Features.Cases.CaseSecrets>().UnprotectPhone(cipher).ShouldBe("13912345678");
    }

    [Fact]
    public async Task A_photo_is_stored_shown_to_the_token_holder_and_to_nobody_else()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var response = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, photos: [("现场.jpg", ResidentForm.Photo)]));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var path = ResidentForm.TrackingPathIn(html)!;
        var sha = await fixture.Database.ScalarAsync<string>("""
            SELECT p.photo_sha256 FROM case_photo p JOIN case_file c ON c.id = p.case_id WHERE c.idempotency_key = $1
            """, page.IdempotencyKey);
        (await fixture.Database.ScalarAsync<string[]>("""
            SELECT t.photo_shas FROM case_timeline t JOIN case_file c ON c.id = t.case_id WHERE c.idempotency_key = $1
            """, page.IdempotencyKey)).ShouldBe([sha]);

        (await client.GetStringAsync(path)).ShouldContain($"{path}/photos/{sha}?thumbnail=true");
        var photo = await client.GetAsync($"{path}/photos/{sha}");
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await client.GetAsync($"{path}/photos/{sha}?thumbnail=true")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another case's token does not open this photo.
        var other = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var otherPath = ResidentForm.TrackingPathIn(await (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(other))).Content.ReadAsStringAsync());
        (await client.GetAsync($"{otherPath}/photos/{sha}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/t/AAAAAAAAAAAAAAAAAAAAAA/photos/{sha}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> RefusedPhotos => new()
    {
        { "not-an-image", "文件不是可识别的照片" },
        { "oversize", "上传的文件过大" },
        { "seven", "最多上传 6 张照片" },
        { "empty", "照片为空" },
    };

    [Theory]
    [MemberData(nameof(RefusedPhotos))]
    public async Task A_refused_photo_answers_400_with_a_clear_message_and_stores_nothing(string kind, string message)
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        (string, byte[])[] photos = kind switch
        {
            "not-an-image" => [("照片.jpg", "这不是图片，只是改了扩展名的文本文件。"u8.ToArray())],
            "oversize" => [("大.jpg", [.. ResidentForm.Photo.Take(4), .. new byte[IntakeFixture.MaxUploadBytes + 1]])],
            "seven" => [.. Enumerable.Range(1, 7).Select(i => ($"{i}.jpg", ResidentForm.Photo))],
            "empty" => [("空.jpg", Array.Empty<byte>())],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var (cases, timeline, photoRows, files) = (await CountAsync("case_file"), await CountAsync("case_timeline"), await CountAsync("photo"), fixture.FilesOnDisk());

        var response = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, photos: photos));
        // An oversized photo is cut off at the limit and refused as too large (413); every other refusal is a 400.
        response.StatusCode.ShouldBe(kind == "oversize" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);

        (await CountAsync("case_file")).ShouldBe(cases);
        (await CountAsync("case_timeline")).ShouldBe(timeline);
        (await CountAsync("photo")).ShouldBe(photoRows);
        (await CountAsync("case_photo")).ShouldBe(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo"));
        fixture.FilesOnDisk().ShouldBe(files);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey)).ShouldBe(0);
    }
}
