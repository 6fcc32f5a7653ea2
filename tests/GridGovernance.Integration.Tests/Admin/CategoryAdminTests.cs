using GridGovernance.Domain.Calendar;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Data.Calendar;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>The classification page: edit and add 小类 (Chinese messages, nothing written on a refusal), and a case keeps its limit.</summary>
public sealed class CategoryAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private CategoryAdminService Categories => fixture.Service<CategoryAdminService>();

    private static CategoryInput Input(string major, string name, string limit = "3", string unit = "work_day", bool active = true) =>
        new(major, name, "立案条件：" + name, "结案条件：" + name, limit, unit, "属地乡镇", active);

    private async Task<long> FileAsync(StaffSession worker)
    {
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        return FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report", FieldForms.Report(page, null, category: "C0102")));
    }

    private async Task AcceptAsync(StaffSession dispatcher, long caseId)
    {
        var response = await DispatchApi.CaseAsync(dispatcher, caseId, "accept");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_case_keeps_the_limit_it_was_filed_under_and_cases_filed_after_a_change_get_the_new_one()
    {
        var admin = await fixture.StaffAsync("admin");
        using var worker = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("gridworker");
        using var dispatcher = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dispatcher");
        // 路灯 (C0102): 5 working days. A is filed and accepted before the change, B filed before and accepted after it.
        var a = await FileAsync(worker);
        await AcceptAsync(dispatcher, a);
        var b = await FileAsync(worker);
        var deadlineA = await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM case_file WHERE id = $1", a);

        var changed = await Categories.UpdateAsync(admin, "C0102", Input("公用设施", "路灯", "12", "work_day"), default);
        changed.Status.ShouldBe(AdminStatus.Ok, changed.Message);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'category.update' AND subject_id = 'C0102' ORDER BY id DESC LIMIT 1")).ShouldContain("时限 5 个工作日 → 12 个工作日");

        await AcceptAsync(dispatcher, b);
        var c = await FileAsync(worker);
        await AcceptAsync(dispatcher, c);

        (await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM case_file WHERE id = $1", a)).ShouldBe(deadlineA);
        (await fixture.Database.ScalarAsync<int>("SELECT time_limit FROM case_file WHERE id = $1", a)).ShouldBe(5);
        (await fixture.Database.ScalarAsync<int>("SELECT time_limit FROM case_file WHERE id = $1", b)).ShouldBe(5);
        (await fixture.Database.ScalarAsync<int>("SELECT time_limit FROM case_file WHERE id = $1", c)).ShouldBe(12);
        var calendar = await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default);
        foreach (var (id, days) in new[] { (b, 5), (c, 12) })
        {
            var accepted = await fixture.Database.ScalarAsync<DateTime>("SELECT accepted_at FROM case_file WHERE id = $1", id);
            var deadline = await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM case_file WHERE id = $1", id);
            new DateTimeOffset(deadline, TimeSpan.Zero).ShouldBe(calendar.Deadline(new DateTimeOffset(accepted, TimeSpan.Zero), days, DeadlineUnit.WorkDay),
                $"案件 {id} 的期限应按 {days} 个工作日计算");
        }
    }

    [Fact]
    public async Task Bad_input_gets_Chinese_messages_by_field_a_new_subcategory_is_added_and_other_roles_are_refused()
    {
        var admin = await fixture.StaffAsync("admin");
        var before = await fixture.Database.ScalarAsync<string>("SELECT time_limit || time_unit FROM case_category WHERE code = 'E0104'");

        var bad = await Categories.UpdateAsync(admin, "E0104", new CategoryInput("市容环境", "", "x", "y", "abc", "week", "环卫", true), default);
        bad.Status.ShouldBe(AdminStatus.Invalid);
        bad.Errors["name"].ShouldBe("请填写小类名称。");
        bad.Errors["timeLimit"].ShouldBe("处置时限应为正整数。");
        bad.Errors["timeUnit"].ShouldBe("请选择时限单位（工作时、工作日或分钟）。");
        var tooLong = await Categories.UpdateAsync(admin, "E0104", Input("市容环境", "道路不洁", "2500", "work_hour"), default);
        tooLong.Errors["timeLimit"].ShouldBe("以工作时计的时限不能超过 2000。");
        (await Categories.UpdateAsync(admin, "E0104", Input("改名大类", "道路不洁"), default)).Errors["majorName"].ShouldContain("不能修改");
        (await fixture.Database.ScalarAsync<string>("SELECT time_limit || time_unit FROM case_category WHERE code = 'E0104'")).ShouldBe(before);

        (await Categories.CreateAsync(admin, "E0100", Input("市容环境", "新事项"), default)).Errors["code"].ShouldContain("小类编码为 5 位");
        (await Categories.CreateAsync(admin, "E0101", Input("市容环境", "新事项"), default)).Errors["code"].ShouldBe("小类编码 E0101 已存在。");
        (await Categories.CreateAsync(admin, "E0109", Input("别的名字", "新事项"), default)).Errors["majorName"].ShouldBe("大类 E01 已名为“市容环境”。");
        var added = await Categories.CreateAsync(admin, "e0109", Input("市容环境", "违规晾晒", "8", "work_hour"), default);
        added.Status.ShouldBe(AdminStatus.Ok, added.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT major_name || name || time_limit || time_unit FROM case_category WHERE code = 'E0109'"))
            .ShouldBe("市容环境违规晾晒8work_hour");
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'category.create' AND subject_id = 'E0109'")).ShouldBe(1);
        (await Categories.CreateAsync(admin, "C0701", Input("水务设施", "排水口"), default)).Status.ShouldBe(AdminStatus.Ok);

        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Categories.UpdateAsync(dispatcher, "E0104", Input("市容环境", "道路不洁"), default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Categories.ListAsync(dispatcher, default)).ShouldBeEmpty();
    }
}
