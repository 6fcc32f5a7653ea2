using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Dispatch;

public sealed class ScopeLoggingTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task An_action_on_a_case_outside_the_scope_is_answered_404_and_logged()
    {
        using var resident = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        var form = await ResidentForm.OpenAsync(resident, grid);
        (await resident.PostAsync($"/g/{grid}", ResidentForm.Content(form))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);

        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await DispatchApi.CaseAsync(police, caseId, "whistle", new { units = new[] { "451027-chengguan" }, whistleKind = "routine" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        fixture.Factory.Log.Entries.ShouldContain(e => e.Category == "GridGovernance.Accounts.Scope"
            && e.Message.Contains("Out-of-scope case action") && e.Message.Contains(caseId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
