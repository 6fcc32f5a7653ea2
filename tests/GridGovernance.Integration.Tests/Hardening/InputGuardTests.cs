using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>The 500s of the bad-input sweep, one by one: each is now a Chinese 4xx naming what was wrong.</summary>
public sealed class InputGuardTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task A_NUL_in_a_search_a_description_or_a_JSON_field_is_refused_with_400_naming_the_field()
    {
        using var client = fixture.NewClient();
        var search = await ChineseProblems.ProblemAsync(await client.GetAsync("/api/search?q=%E6%B3%97%00"), HttpStatusCode.BadRequest);
        search.GetProperty("errors").GetProperty("q").GetString()!.ShouldContain("NUL");

        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var form = await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(page, description: "井盖丢了\0很危险"));
        var formProblem = await ChineseProblems.ProblemAsync(form, HttpStatusCode.BadRequest);
        formProblem.GetProperty("errors").GetProperty("description").GetString()!.ShouldContain("NUL");

        using var json = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = new StringContent($$"""{"gridCode":"{{fixture.GridCode}}","requestType":"report","category":"C0101","description":"井盖\u0000丢了"}""",
                Encoding.UTF8, "application/json"),
        };
        json.Headers.Add("Idempotency-Key", DispatchApi.NewKey());
        var api = await ChineseProblems.ProblemAsync(await client.SendAsync(json), HttpStatusCode.BadRequest);
        api.GetProperty("errors").GetProperty("description").GetString()!.ShouldContain("NUL");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE description LIKE '井盖%丢了%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_NUL_in_a_staff_reason_or_a_rating_comment_is_refused_before_any_SQL()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var reason = await DispatchApi.CaseAsync(session, 1, "void", new { reason = "重复\0上报" });
        (await ChineseProblems.ProblemAsync(reason, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("reason").GetString()!.ShouldContain("NUL");

        // A NUL in a path never reaches the app: ASP.NET Core's path decoder refuses it (Kestrel answers 400 itself).
        using var client = fixture.NewClient();
        var rating = await client.PostAsync("/t/AAAAAAAAAAAAAAAAAAAAAA/rating", new FormUrlEncodedContent(
            [new("satisfaction", "satisfied"), new("resolved", "true"), new("comment", "很好\0")]));
        (await ChineseProblems.ProblemAsync(rating, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("comment").GetString()!.ShouldContain("NUL");
    }

    [Fact]
    public async Task A_deadline_far_out_of_range_and_a_whistle_naming_10000_units_are_refused_with_400()
    {
        using var department = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        using (var request = await DispatchApi.SignedAsync(department, HttpMethod.Post, "/api/staff/orders/1/actions"))
        {
            request.Content = new MultipartFormDataContent
            {
                { new StringContent("request_extension"), "action" }, { new StringContent(DispatchApi.NewKey()), "requestKey" },
                { new StringContent("人手不足"), "reason" }, { new StringContent("0001-01-01T00:00"), "until" },
            };
            var until = await ChineseProblems.ProblemAsync(await department.Client.SendAsync(request), HttpStatusCode.BadRequest);
            until.GetProperty("detail").GetString()!.ShouldContain("延期至的时间");
        }

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var units = Enumerable.Range(0, 10_000).Select(i => $"451027-unit{i}").ToArray();
        var json = await DispatchApi.CaseAsync(dispatcher, 1, "whistle", new { units, whistleKind = "emergency" });
        (await ChineseProblems.ProblemAsync(json, HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!.ShouldContain("最多召集");

        // The console's plain form with 10,000 units: more values than a form may carry.
        using var form = await DispatchApi.SignedAsync(dispatcher, HttpMethod.Post, "/dispatch/cases/1/act");
        form.Content = new FormUrlEncodedContent(units.Select(u => new KeyValuePair<string, string>("units", u))
            .Append(new("action", "whistle")));
        (await ChineseProblems.ProblemAsync(await dispatcher.Client.SendAsync(form), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString()!.ShouldContain("表单项过多");
    }

    [Fact]
    public async Task A_malformed_multipart_body_and_a_body_that_ends_early_are_refused_with_400()
    {
        using var client = fixture.NewClient();
        var malformed = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n井盖丢了\r\n--xy", Encoding.UTF8);
        malformed.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        await ChineseProblems.ProblemAsync(await client.PostAsync($"/g/{fixture.GridCode}", malformed), HttpStatusCode.BadRequest);
        var noBoundary = new StringContent("--xyz\r\n\r\n", Encoding.UTF8);
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        (await ChineseProblems.ProblemAsync(await client.PostAsync($"/g/{fixture.GridCode}", noBoundary), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString()!.ShouldContain("表单");

        var truncated = new TruncatedContent(Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n井盖丢了"),
            declaredLength: 5_000, "multipart/form-data; boundary=xyz");
        var problem = await client.PostAsync($"/g/{fixture.GridCode}", truncated);
        (await ChineseProblems.ProblemWithAsync(problem)).ShouldBeNull();
        ((int)problem.StatusCode).ShouldBe(400);
    }

    [Fact]
    public async Task A_photo_over_the_upload_limit_is_cut_off_at_the_limit_and_answered_413()
    {
        using var client = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var content = ResidentForm.Content(page);
        var photo = new CountingContent(20 * 1024 * 1024);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photos", "huge.jpg");

        var response = await client.PostAsync($"/g/{fixture.GridCode}", content);

        var problem = await ChineseProblems.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString()!.ShouldContain("2 MB");
        // The server stopped reading soon after the limit (the test server's pipe may hold some more), not after 20 MB.
        photo.BytesRead.ShouldBeLessThan(10L * 1024 * 1024);
        fixture.FilesOnDisk().ShouldBe(0);
    }

    [Fact]
    public async Task An_over_long_query_string_is_a_Chinese_414_and_framework_errors_carry_a_Chinese_detail()
    {
        using var client = fixture.NewClient();
        (await ChineseProblems.ProblemAsync(await client.GetAsync("/api/search?q=" + new string('a', 9000)), HttpStatusCode.RequestUriTooLong))
            .GetProperty("detail").GetString()!.ShouldContain("8192");
        await ChineseProblems.ProblemAsync(await client.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        await ChineseProblems.ProblemAsync(await client.PutAsync("/api/cases", new StringContent("{}")), HttpStatusCode.MethodNotAllowed);
        await ChineseProblems.ProblemAsync(await client.PostAsync("/api/cases", new StringContent("{}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        // The resident's form endpoint reads a form: JSON is the wrong type, answered by the framework, in Chinese here.
        await ChineseProblems.ProblemAsync(await client.PostAsync($"/g/{fixture.GridCode}", JsonContent.Create(new { a = 1 })),
            HttpStatusCode.UnsupportedMediaType);
        // A bad route value for a typed parameter: no endpoint matches, a Chinese 404.
        await ChineseProblems.ProblemAsync(await client.GetAsync("/api/staff/cases/abc/photos/x"), HttpStatusCode.NotFound);

        // A browser asking for a page gets the message as a page.
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var page = await client.SendAsync(browser);
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("请求的地址不存在");
    }
}

/// <summary>A body that says it is longer than it is: the connection ends before the declared length.</summary>
public sealed class TruncatedContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly long _declared;

    public TruncatedContent(byte[] bytes, long declaredLength, string contentType)
    {
        _bytes = bytes;
        _declared = declaredLength;
        Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _declared;
        return true;
    }
}

/// <summary>A photo of <c>length</c> bytes (a JPEG header, then filler) that counts how much of it the server read.</summary>
public sealed class CountingContent(long size) : HttpContent
{
    private long _read;

    public long BytesRead => Interlocked.Read(ref _read);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        chunk[0] = 0xFF; chunk[1] = 0xD8; chunk[2] = 0xFF;
        for (long sent = 0; sent < size; sent += chunk.Length)
        {
            var part = (int)Math.Min(chunk.Length, size - sent);
            try { await stream.WriteAsync(chunk.AsMemory(0, part)); }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { return; }
            Interlocked.Add(ref _read, part);
            chunk[0] = 0; chunk[1] = 0; chunk[2] = 0;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
