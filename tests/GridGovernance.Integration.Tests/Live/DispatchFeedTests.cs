using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Console;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// The 调度台's 动态 feed opens with the scope's latest events, read with the page (no second request) up to the page's
/// data-live-after, so that the live client (events after that id) continues it with no gap and no duplicate.
/// </summary>
public sealed partial class DispatchFeedTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Township = "451027100"; // 泗城镇, the demo dispatcher's
    private const int Seeded = 20;

    [GeneratedRegex("""data-live-after="(\d+)""")]
    private static partial Regex LiveAfterPattern();

    [GeneratedRegex("""<li data-feed-event="(\d+)" data-feed-case="(\d+)">(.*?)</li>""")]
    private static partial Regex LinePattern();

    [GeneratedRegex("""<p class="console-muted" data-feed-empty( hidden)?>""")]
    private static partial Regex EmptyPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    private sealed record FeedLine(long Id, long CaseId, string Text);

    private sealed record FeedPage(long LiveAfter, IReadOnlyList<FeedLine> Lines, bool EmptyShown);

    private static async Task<FeedPage> OpenAsync(StaffSession session)
    {
        var response = await session.Client.GetAsync("/dispatch");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html[..Math.Min(html.Length, 400)]);
        var lines = LinePattern().Matches(html).Select(m => new FeedLine(
            long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            WebUtility.HtmlDecode(TagPattern().Replace(m.Groups[3].Value, "")))).ToList();
        var empty = EmptyPattern().Match(html);
        empty.Success.ShouldBeTrue("the feed's empty message is on the page (shown or hidden)");
        return new FeedPage(long.Parse(LiveAfterPattern().Match(html).Groups[1].Value, CultureInfo.InvariantCulture), lines,
            !empty.Groups[1].Success);
    }

    /// <summary>The township's newest events up to <paramref name="upTo"/>, found through the cases' places (not the events' scope codes).</summary>
    private async Task<long[]> ExpectedAsync(string township, long upTo)
    {
        var ids = await fixture.Database.ScalarAsync<long[]>("""
            SELECT coalesce(array_agg(id ORDER BY id DESC), '{}') FROM (
                SELECT e.id FROM outbox_event e JOIN case_file c ON c.id = e.case_id
                WHERE starts_with(c.grid_code, $1) AND e.id <= $2 ORDER BY e.id DESC LIMIT $3) newest
            """, township, upTo, Seeded);
        return ids;
    }

    private Task<long> TownshipEventsAsync(string township) => fixture.Database.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_event e JOIN case_file c ON c.id = e.case_id WHERE starts_with(c.grid_code, $1)", township);

    /// <summary>A township dispatcher of the <paramref name="nth"/> township (in code order) other than 泗城镇.</summary>
    private async Task<(string Username, string Township)> DispatcherOfAsync(int nth)
    {
        var township = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM township WHERE code <> $1 ORDER BY code OFFSET $2 LIMIT 1", Township, nth);
        var username = await ConsoleSession.AddTownshipDispatcherAsync(fixture, township);
        return (username, township);
    }

    [Fact]
    public async Task The_feed_opens_with_the_townships_latest_events_newest_first_up_to_the_live_start_and_none_of_another_township()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        // More events than the feed shows, so that "the latest" is a choice: each case reported, verified and filed.
        do
        {
            var (id, _) = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
            (await ConsoleSession.ActAsync(dispatcher, id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
            (await ConsoleSession.ActAsync(dispatcher, id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        }
        while (await TownshipEventsAsync(Township) < Seeded + 3);
        var newestOwn = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "C0101", "井盖缺失，路口有坑");
        // The newest event of all is another township's: it must not lead 泗城镇's feed.
        var otherGrid = await ConsoleSession.OtherTownshipGridAsync(fixture);
        var other = await ConsoleSession.ReportAsync(fixture, otherGrid);

        var page = await OpenAsync(dispatcher);
        var ids = page.Lines.Select(l => l.Id).ToArray();
        ids.ShouldBe(await ExpectedAsync(Township, page.LiveAfter));
        ids.Length.ShouldBe(Seeded);
        ids.Zip(ids.Skip(1)).ShouldAllBe(pair => pair.First > pair.Second, "newest first, each event once");
        ids.ShouldAllBe(id => id <= page.LiveAfter);
        page.Lines.ShouldNotContain(l => l.CaseId == other.Id);
        page.EmptyShown.ShouldBeFalse();
        // Worded as dispatch.js words a live event: time, number, action → new state.
        page.Lines[0].CaseId.ShouldBe(newestOwn.Id);
        page.Lines[0].Text.ShouldMatch($@"^\d\d:\d\d:\d\d {Regex.Escape(newestOwn.Number)} 上报问题 → 已上报$");
        page.Lines[1].Text.ShouldEndWith("受理立案 → 已立案");

        // The live client starts after data-live-after: what it catches up on is new, and continues the list.
        var next = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
        var caughtUp = await dispatcher.Client.GetFromJsonAsync<JsonElement>($"/api/events?after={page.LiveAfter}");
        var liveIds = caughtUp.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();
        liveIds.ShouldBe([await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1", next.Id)]);
        liveIds.Intersect(ids).ShouldBeEmpty();

        // The other township's dispatcher sees its own case and nothing of 泗城镇's.
        var (otherUsername, otherTownship) = await DispatcherForGridAsync(otherGrid);
        using var otherDispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync(otherUsername);
        var otherPage = await OpenAsync(otherDispatcher);
        otherPage.Lines.Select(l => l.Id).ToArray().ShouldBe(await ExpectedAsync(otherTownship, otherPage.LiveAfter));
        otherPage.Lines.ShouldContain(l => l.CaseId == other.Id);
        otherPage.Lines.ShouldNotContain(l => l.CaseId == newestOwn.Id || l.CaseId == next.Id);
    }

    [Fact]
    public async Task A_township_without_events_shows_the_empty_message_and_no_lines()
    {
        // The last township in code order: no other test of this class reports there.
        var count = await fixture.Database.ScalarAsync<int>("SELECT count(*)::int FROM township WHERE code <> $1", Township);
        var (username, township) = await DispatcherOfAsync(count - 1);
        (await TownshipEventsAsync(township)).ShouldBe(0);
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync(username);
        var page = await OpenAsync(session);
        page.Lines.ShouldBeEmpty();
        page.EmptyShown.ShouldBeTrue();
    }

    [Fact]
    public async Task Pages_read_while_cases_are_being_reported_show_exactly_the_latest_events_up_to_their_own_live_start()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++) await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
        });
        var pages = new List<FeedPage>();
        while (!writer.IsCompleted && pages.Count < 60) pages.Add(await OpenAsync(dispatcher));
        await writer;

        // Events up to a page's live start were all committed when it was read (ids commit in order), so the page must
        // show exactly the newest of them: none missing (a gap before the live ones) and none after it (a duplicate).
        foreach (var page in pages)
        {
            page.Lines.Select(l => l.Id).ToArray().ShouldBe(await ExpectedAsync(Township, page.LiveAfter), $"page read at {page.LiveAfter}");
        }
        pages.Select(p => p.LiveAfter).Distinct().Count().ShouldBeGreaterThan(1, "the pages were read while events were being written");
    }

    private async Task<(string Username, string Township)> DispatcherForGridAsync(string grid)
    {
        var index = await fixture.Database.ScalarAsync<int>(
            "SELECT count(*)::int FROM township WHERE code <> $1 AND code < left($2, 9)", Township, grid);
        return await DispatcherOfAsync(index);
    }
}
