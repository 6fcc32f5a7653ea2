using GridGovernance.Domain.Accounts;

namespace GridGovernance.Domain.Tests.Accounts;

public sealed class AccountAdministrationTests
{
    [Fact]
    public void A_county_admin_manages_every_role_of_the_county_and_a_township_dispatcher_only_the_field_staff_of_the_township()
    {
        var county = new Scope(StaffRole.CountyAdmin, "451027");
        var township = new Scope(StaffRole.TownshipDispatcher, "451027100");
        AccountAdministration.Covers(county, StaffRole.DepartmentStaff, "451027100-police").ShouldBeTrue();
        AccountAdministration.Covers(county, StaffRole.TownshipDispatcher, "451099100").ShouldBeFalse();
        AccountAdministration.Covers(township, StaffRole.GridWorker, "451027100001001").ShouldBeTrue();
        AccountAdministration.Covers(township, StaffRole.LinkLeader, "451027100001001001").ShouldBeTrue();
        AccountAdministration.Covers(township, StaffRole.GridWorker, "451027101001001").ShouldBeFalse();
        // The township's own police station starts with its code, but department staff are not the dispatcher's to manage.
        AccountAdministration.Covers(township, StaffRole.DepartmentStaff, "451027100-police").ShouldBeFalse();
        AccountAdministration.Covers(township, StaffRole.VillageCadre, "451027100001").ShouldBeFalse();
        foreach (var role in new[] { StaffRole.VillageCadre, StaffRole.GridWorker, StaffRole.LinkLeader, StaffRole.DepartmentStaff })
            AccountAdministration.ManagesAccounts(role).ShouldBeFalse();
    }

    [Fact]
    public void Fields_get_Chinese_messages_and_one_time_passwords_are_readable_and_different()
    {
        AccountAdministration.DisplayNameProblem(" ").ShouldBe("请填写姓名。");
        AccountAdministration.DisplayNameProblem(new string('张', 51)).ShouldBe("姓名不能超过 50 个字。");
        AccountAdministration.PhoneProblem("", required: false).ShouldBeNull();
        AccountAdministration.PhoneProblem("", required: true).ShouldBe("请填写手机号。");
        AccountAdministration.PhoneProblem("12812345678", required: false).ShouldNotBeNull();
        AccountAdministration.PhoneProblem("13812345678", required: true).ShouldBeNull();
        AccountAdministration.UsernameProblem("Wang.Wu").ShouldBeNull();
        AccountAdministration.UsernameProblem("王五").ShouldNotBeNull();
        var passwords = Enumerable.Range(0, 50).Select(_ => AccountAdministration.NewOneTimePassword()).ToList();
        passwords.Distinct().Count().ShouldBe(50);
        passwords.ShouldAllBe(p => p.Length == 14 && p[4] == '-' && p[9] == '-' && !p.Any(c => "0O1lI".Contains(c)));
        passwords.ShouldAllBe(p => PasswordRules.Problem("someone", p, p) == null);
    }
}
