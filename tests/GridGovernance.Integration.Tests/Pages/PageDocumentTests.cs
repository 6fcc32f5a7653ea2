using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Pages;

/// <summary>
/// Every page is rendered in the one document (Components/Document.razor): routed pages through App.razor, endpoint pages
/// through their shell. One page of each family, as its user opens it: one doctype, one html/head/body, the title, and the
/// family's styles and scripts in the head — what the pages wrote for themselves before they shared the document.
/// </summary>
public sealed partial class PageDocumentTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string Grid = "451027100001001";
    private const string PhoneViewport = "width=device-width, initial-scale=1, viewport-fit=cover";
    private const string ScreenViewport = "width=device-width, initial-scale=1";

    public static TheoryData<string?, string, HttpStatusCode, string, string?, string, string[], string[]> Families => new()
    {
        // user, path, status, title, body class, viewport, in the head, not in the head
        { null, "/map", HttpStatusCode.OK, "凌云县网格地图 · 网格治理", null, PhoneViewport,
            ["<base href=\"/\">", "href=\"css/site.css\"", "href=\"css/map.css\"", "src=\"js/map.js\""], [] },
        { null, "/login", HttpStatusCode.OK, "工作人员登录 · 网格治理", null, PhoneViewport, ["href=\"css/site.css\""], ["<script"] },
        { null, $"/g/{Grid}", HttpStatusCode.OK, "解放社区第1网格 · 问题上报 · 网格治理", null, PhoneViewport,
            ["content=\"no-referrer\"", "href=\"/css/site.css\"", "href=\"/css/report.css\"", "src=\"/js/report.js\""], ["<base"] },
        { null, "/g/451027999999999", HttpStatusCode.NotFound, "未找到该网格 · 网格治理", null, PhoneViewport,
            ["href=\"/css/report.css\"", "src=\"/js/report.js\""], [] },
        { null, $"/g/{Grid}/placard", HttpStatusCode.OK, "解放社区第1网格 二维码公示牌", "placard-body size-a5", ScreenViewport,
            ["content=\"noindex\"", "href=\"/css/placard.css\"", "placard-page-a5.css", "js/placard.js"], ["site.css"] },
        { null, "/g/45102710000100x/placard", HttpStatusCode.BadRequest, "无法显示公示牌", "placard-body", ScreenViewport,
            ["href=\"/css/placard.css\""], ["site.css"] },
        { "gridworker", "/field", HttpStatusCode.OK, "我的网格 · 网格治理", "field-body", PhoneViewport,
            ["content=\"same-origin\"", "href=\"/css/field.css\"", "href=\"/lib/leaflet/leaflet.css\"", "src=\"/js/field-map.js\"", "src=\"/js/report.js\""], [] },
        { "gridworker", "/field/cases/999999999", HttpStatusCode.NotFound, "未找到该案件 · 网格治理", "field-body", PhoneViewport,
            ["href=\"/css/field.css\"", "src=\"/js/report.js\""], ["field-map.js"] },
        { "dept-chengguan", "/inbox", HttpStatusCode.OK, "部门工单 · 部门工单", "field-body inbox-body", PhoneViewport,
            ["href=\"/css/inbox.css\"", "src=\"/js/report.js\"", "src=\"/js/inbox.js\""], [] },
        { "dispatcher", "/dispatch", HttpStatusCode.OK, "调度台 · 网格治理", "console-body", ScreenViewport,
            ["content=\"same-origin\"", "href=\"/lib/leaflet.markercluster/MarkerCluster.css\"", "href=\"/css/live.css\"",
             "href=\"/css/dispatch.css\"", "src=\"/js/dispatch.js\""], [] },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Every_family_of_pages_is_one_document_with_its_title_and_its_own_styles_and_scripts_in_the_head(
        string? user, string path, HttpStatusCode status, string title, string? bodyClass, string viewport, string[] inHead, string[] notInHead)
    {
        using var session = StaffSession.Start(fixture.Factory);
        if (user is not null) await session.LoggedInAsync(user);
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        var html = await response.Content.ReadAsStringAsync();

        html.ShouldStartWith("<!DOCTYPE html>");
        Regex.Count(html, "<!DOCTYPE", RegexOptions.IgnoreCase).ShouldBe(1);
        Regex.Count(html, "<html lang=\"zh-CN\">").ShouldBe(1);
        Regex.Count(html, "<html[ >]").ShouldBe(1);
        Regex.Count(html, "<head>").ShouldBe(1);
        Regex.Count(html, "<body[ >]").ShouldBe(1);
        Regex.Count(html, "<title>").ShouldBe(1);

        var head = HeadPattern().Match(html).Groups[1].Value;
        head.ShouldContain("<meta charset=\"utf-8\">");
        head.ShouldContain($"<meta name=\"viewport\" content=\"{viewport}\"");
        head.ShouldContain($"<title>{title}</title>");
        foreach (var expected in inHead) head.ShouldContain(expected, Case.Sensitive, $"{path}: 头部应有 {expected}");
        foreach (var unexpected in notInHead) head.ShouldNotContain(unexpected, Case.Sensitive, $"{path}: 头部不应有 {unexpected}");

        var body = BodyTagPattern().Match(html);
        body.Success.ShouldBeTrue();
        (body.Groups[1].Success ? body.Groups[1].Value : null).ShouldBe(bodyClass);
    }

    [Fact]
    public void Only_the_one_document_writes_a_doctype()
    {
        var web = Path.Combine(RepoPaths.Root, "src", "GridGovernance.Web");
        var writers = Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => File.ReadAllText(file).Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            .Select(file => Path.GetRelativePath(web, file).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        writers.ShouldBe(["Components/Document.razor"]);
    }

    [GeneratedRegex("<head>(.*?)</head>", RegexOptions.Singleline)]
    private static partial Regex HeadPattern();

    [GeneratedRegex("<body(?: class=\"([^\"]*)\")?>")]
    private static partial Regex BodyTagPattern();
}
