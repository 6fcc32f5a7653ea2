using GridGovernance.Web.Features.Admin;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>Bulk creation from CSV: a file with any bad row writes nothing and names every problem by row and column.</summary>
public sealed class AccountBulkCreateTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private AccountBulkCreate Bulk => fixture.Service<AccountBulkCreate>();

    private const string Header = "姓名,手机号,角色,管辖范围编码\n";

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing_and_the_report_names_each_problem_in_Chinese()
    {
        var admin = await fixture.StaffAsync("admin");
        var before = await fixture.CountAsync("SELECT count(*) FROM staff_account");
        var file = Header
            + "蓝一,13900000201,网格员,451027100001001\n"
            + "蓝二,1390000020,网格员,451027100001002\n"          // row 3: phone too short
            + "蓝三,13900000203,镇长,451027100001002\n"            // row 4: no such role
            + "蓝四,13900000201,联户长,451027100001001001\n"       // row 5: phone repeats row 2
            + "\"蓝,五\",13900000205,网格员,451027100001999\n"     // row 6: no such grid (a quoted comma is fine)
            + "蓝六,13900000206,网格员\n";                         // row 7: a column short

        var report = await Bulk.CreateAsync(admin, new StringReader(file), default);

        report.Ok.ShouldBeFalse();
        report.Created.ShouldBeEmpty();
        report.Problems.Select(p => (p.Row, p.Column)).ShouldBe([(3, "手机号"), (4, "角色"), (5, "手机号"), (6, "管辖范围编码"), (7, "")]);
        report.Problems[0].Message.ShouldContain("手机号应为 11 位数字");
        report.Problems[1].Message.ShouldBe("角色“镇长”不存在。");
        report.Problems[2].Message.ShouldBe("手机号 13900000201 与第 2 行重复。");
        report.Problems[3].Message.ShouldBe("网格 451027100001999 不存在。");
        report.Problems[4].Message.ShouldBe("应有 4 列，实际 3 列。");
        (await fixture.CountAsync("SELECT count(*) FROM staff_account")).ShouldBe(before, "有错的文件不得写入任何账号");
        (await fixture.CountAsync("SELECT count(*) FROM staff_account WHERE username = '13900000201'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_good_file_creates_every_account_with_its_own_one_time_password_and_audit_row()
    {
        var admin = await fixture.StaffAsync("admin");
        var unit = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = '451027100001002' ORDER BY code LIMIT 1");
        var file = "\uFEFFname,phone,role,scope\r\n"
            + "农一,13900000301,grid_worker,451027100001002\r\n"
            + $"农二,13900000302,联户长,{unit}\r\n";

        var report = await Bulk.CreateAsync(admin, new StringReader(file), default);

        report.Ok.ShouldBeTrue(string.Join("；", report.Problems.Select(p => $"{p.Row} {p.Column} {p.Message}")));
        report.Created.Select(c => c.Username).ShouldBe(["13900000301", "13900000302"]);
        report.Created.Select(c => c.OneTimePassword).Distinct().Count().ShouldBe(2);
        (await fixture.CountAsync("SELECT count(*) FROM staff_account WHERE username IN ('13900000301', '13900000302') AND must_change_password")).ShouldBe(2);
        foreach (var created in report.Created)
            await AuditAssert.RecordedAsync(fixture.Database, "account.create", created.Id, admin.Id, mustNotContain: created.OneTimePassword);

        // The same file again: every phone already has an account, nothing is written.
        var again = await Bulk.CreateAsync(admin, new StringReader(file), default);
        again.Problems.Select(p => p.Message).ShouldBe(["手机号 13900000301 已有账号。", "手机号 13900000302 已有账号。"]);
    }

    [Fact]
    public async Task A_township_dispatchers_file_may_name_only_their_townships_field_staff_and_a_malformed_file_is_refused()
    {
        var dispatcher = await fixture.StaffAsync("dispatcher");
        var file = Header
            + "黄一,13900000401,网格员,451027100001001\n"
            + $"黄二,13900000402,网格员,{fixture.OtherTownshipGrid}\n"
            + "黄三,13900000403,村（社区）干部,451027100001\n";
        var report = await Bulk.CreateAsync(dispatcher, new StringReader(file), default);
        report.Problems.Select(p => (p.Row, p.Column)).ShouldBe([(3, "管辖范围编码"), (4, "角色")]);
        (await fixture.CountAsync("SELECT count(*) FROM staff_account WHERE username = '13900000401'")).ShouldBe(0);

        var wrongHeader = await Bulk.CreateAsync(dispatcher, new StringReader("姓名,电话\n黄一,13900000401\n"), default);
        wrongHeader.Problems.Single().Message.ShouldContain("表头应为");
        var unclosed = await Bulk.CreateAsync(dispatcher, new StringReader(Header + "\"黄一,13900000401,网格员,451027100001001\n"), default);
        unclosed.Problems.Single().Message.ShouldContain("CSV 格式错误");

        var cadre = await fixture.StaffAsync("cadre");
        (await Bulk.CreateAsync(cadre, new StringReader(Header + "黄一,13900000401,网格员,451027100001001\n"), default)).Message
            .ShouldBe(AccountAdminService.NotManager);
    }
}
