using System.Globalization;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Issue 12, point 2, in Chromium at 1440×900 on /admin/departments: the county administrator adds a township's 综合行政执法队
/// (a bad phone refused by its field first), gives 施工扰民 a county rule naming 城管 and changes an installation rule's
/// priority, and the 派单预览 at a point of that township at once names the new unit (属主, 辖区内); the county rule is then
/// removed after a confirmation and the preview no longer names it. Database and audit checked at each step.
/// </summary>
public sealed class AdminUnitsAndRulesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Siceng = "451027100";
    private const string Squad = "451027100-chengguan";

    [Fact]
    public async Task A_new_township_unit_and_an_edited_rule_show_in_the_routing_preview_at_once()
    {
        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/admin/departments");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        // 新增单位: 泗城镇综合行政执法队, a 城管 unit of 泗城镇; a bad phone first.
        await page.ClickAsync("#unit-new");
        await page.Locator("#unit-new-form").WaitForAsync(new() { Timeout = Timeout });
        await page.SelectOptionAsync("#new-unit-department", "chengguan");
        await page.FillAsync("#new-unit-name", "泗城镇综合行政执法队");
        await page.SelectOptionAsync("#new-unit-township", Siceng);
        await page.FillAsync("#new-unit-phone", "0776 12");
        await page.ClickAsync("#new-unit-save");
        (await page.Locator("#unit-new-form [data-field-error='phone']").InnerTextAsync(new() { Timeout = Timeout }))
            .ShouldBe("办公电话只能含数字和连字符（5–20 位，如 0776-7612345）。");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM department_unit WHERE code = $1", Squad)).ShouldBe(0);
        await Screenshots.SaveAsync(page, "admin-units-1-new-unit-refused-phone");
        await page.FillAsync("#new-unit-phone", "0776-7619001");
        await page.ClickAsync("#new-unit-save");
        (await page.Locator("#unit-notice").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain($"编码 {Squad}");
        await page.Locator($"[data-unit-phone='{Squad}']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator($"[data-unit-jurisdiction='{Squad}']").InnerTextAsync()).ShouldBe("泗城镇");
        (await fixture.Database.ScalarAsync<string>("SELECT name || '|' || phone || '|' || township_code FROM department_unit WHERE code = $1", Squad))
            .ShouldBe($"泗城镇综合行政执法队|0776-7619001|{Siceng}");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'unit.create' AND subject_id = $1", Squad)).ShouldBe(1);
        await Screenshots.SaveAsync(page, "admin-units-2-unit-added");

        // 派单预览 before: 施工扰民 at a point of 泗城镇 goes to the township, 住建 and 生态环境 — no 城管.
        var point = await fixture.Database.ScalarAsync<string>(
            "SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (SELECT ST_PointOnSurface(geom) AS p FROM township WHERE code = $1) x", Siceng);
        var (lng, lat) = (point.Split(' ')[0], point.Split(' ')[1]);
        await page.ClickAsync("#tab-preview");
        await page.Locator("#preview-map[data-leaflet-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#preview-category", "E0301");
        await page.FillAsync("#preview-lng", lng);
        await page.FillAsync("#preview-lat", lat);
        await page.ClickAsync("#preview-go");
        await page.Locator($"#preview-result tr[data-preview-unit='{Siceng}-township']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator($"#preview-result tr[data-preview-unit='{Squad}']").CountAsync()).ShouldBe(0);

        // 派遣规则: 施工扰民 — a priority of 100 refused by its field, then 城管 as first owner; 住建's installation rule moved to 5.
        await page.ClickAsync("#tab-rules");
        await page.SelectOptionAsync("#rule-level", "E0301");
        await page.Locator("#rules-table tr[data-rule-dept='zhujian'][data-rule-source='installation']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#rule-applied").InnerTextAsync()).ShouldBe("本县该小类的案件按下列小类规则派遣。");
        await page.SelectOptionAsync("#rule-dept", "chengguan");
        await page.SelectOptionAsync("#rule-party", "owner");
        await page.FillAsync("#rule-priority", "100");
        await page.ClickAsync("#rule-add");
        (await page.Locator("#rule-add-form [data-field-error='priority']").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("优先级应为 1–99 的整数（1 最先）。");
        await page.FillAsync("#rule-priority", "1");
        await page.ClickAsync("#rule-add");
        (await page.Locator("#rule-notice").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("新增派遣规则：小类 E0301 施工扰民 → 城市管理综合执法局（属主，优先级 1）");
        await page.Locator("#rules-table tr[data-rule-dept='chengguan'][data-rule-source='county']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#rules-table tr[data-rule-dept='zhujian'][data-rule-source='installation'] [data-rule-edit]").ClickAsync();
        await page.FillAsync("#rule-edit-priority", "5");
        await page.ClickAsync("#rule-edit-save");
        await page.Locator("#rule-notice", new() { HasTextString = "住房和城乡建设局，优先级 1 → 5（本县替代通用规则）" }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#rules-table tr[data-rule-dept='zhujian'][data-rule-source='county']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#rules-table tr[data-rule-dept='zhujian'][data-rule-source='installation']").GetAttributeAsync("data-rule-state")).ShouldBe("replaced");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(department_code || ':' || priority, ',' ORDER BY department_code) FROM routing_rule WHERE county_code = '451027' AND category_code = 'E0301'"))
            .ShouldBe("chengguan:1,zhujian:5");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action IN ('routing_rule.add', 'routing_rule.update')")).ShouldBe(2);
        await Screenshots.SaveAsync(page, "admin-units-3-rules-edited");

        // Back to the preview: the same point now names the new unit as 城管's answer (属主, 辖区内), and 住建 after 生态环境.
        await page.ClickAsync("#tab-preview");
        var squadRow = page.Locator($"#preview-result tr[data-preview-unit='{Squad}']");
        await squadRow.WaitForAsync(new() { Timeout = Timeout });
        (await squadRow.GetAttributeAsync("data-match")).ShouldBe("jurisdiction");
        (await squadRow.Locator("td:nth-child(2)").InnerTextAsync()).ShouldBe("属主");
        var order = await page.Locator("#preview-result tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.previewUnit)");
        order.ShouldBe([$"{Siceng}-township", Squad, "451027-shengtai", "451027-zhujian"]);
        await Screenshots.SaveAsync(page, "admin-units-4-preview-new-answer");

        // The county's 城管 rule removed after a confirmation: the preview no longer names the unit.
        await page.ClickAsync("#tab-rules");
        await page.Locator("#rules-table tr[data-rule-dept='chengguan'][data-rule-source='county'] [data-rule-remove]").ClickAsync(new() { Timeout = Timeout });
        var confirm = page.Locator("#rules-table tr[data-rule-dept='chengguan'][data-rule-source='county'] [data-rule-remove-yes]");
        await confirm.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-units-5-remove-confirm");
        await confirm.ClickAsync();
        await page.Locator("#rule-notice", new() { HasTextString = "删除本县派遣规则" }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#rules-table tr[data-rule-dept='chengguan']").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM routing_rule WHERE county_code = '451027' AND department_code = 'chengguan'")).ShouldBe(0);
        await page.ClickAsync("#tab-preview");
        await page.Locator($"#preview-result tr[data-preview-unit='{Siceng}-township']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator($"#preview-result tr[data-preview-unit='{Squad}']").CountAsync()).ShouldBe(0);
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
