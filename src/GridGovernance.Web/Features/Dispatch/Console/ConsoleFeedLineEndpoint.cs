using GridGovernance.Web.Features.Live;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// GET /dispatch/feed/{eventId}?(the page's filters): the 动态 line of one event the caller's live client heard, as the page
/// renders it (<see cref="FeedLine"/>), so that the server words every line. An event outside the caller's scope answers 404,
/// like an unknown one.
/// </summary>
internal static class ConsoleFeedLineEndpoint
{
    public static async Task<IResult> GetAsync(long eventId, HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource,
        CancellationToken ct)
    {
        if (!staff.UsesConsole() || LiveGroups.RefusalFor(staff, staff.ScopeCode) is not null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "调度台动态供乡镇调度员、县级管理员和村（社区）干部使用。");
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { OutboxEvents.Latest(eventId, 1, staff.ScopeCode) } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var events = await OutboxEvents.ReadAsync(reader, ct);
        // A territory event (a grid edit) is no line of the feed: the page re-reads its grids instead (dispatch.js).
        if (events is not [var (liveEvent, _)] || liveEvent.Id != eventId || liveEvent.CaseId is null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "没有这条动态，或它不在您的管辖范围内。");
        http.Response.Headers.CacheControl = "private, no-cache";
        return new RazorComponentResult<FeedLine>(new { Item = ConsoleFeed.ItemOf(liveEvent), LinkTemplate = filter.CaseLinkTemplate() });
    }
}
