using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// /hubs/live: clients join groups, the forwarder (<see cref="OutboxForwarder"/>) sends each committed event to them as
/// <c>event</c>. Every join is checked here on the server, whatever the page asked for: staff may follow their own
/// territory or unit (<see cref="LiveGroups.RefusalFor"/>); a resident follows one case by its tracking token. A staff
/// connection is authenticated once, when it opens, so it is registered (<see cref="LiveConnections"/>) and closed when its
/// account is signed out (<see cref="LiveSignOut"/>).
/// </summary>
internal sealed class LiveHub(NpgsqlDataSource dataSource, LiveConnections connections, ILogger<LiveHub> logger) : Hub
{
    public const string Path = "/hubs/live";
    public const string EventMethod = "event";

    public override Task OnConnectedAsync()
    {
        if (CurrentStaff.From(Context.User) is { } staff) connections.Add(Context, staff);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task JoinScope(string code)
    {
        var staff = CurrentStaff.From(Context.User) ?? throw new HubException("请先登录后再订阅动态。");
        if (LiveGroups.RefusalFor(staff, code) is { } refusal)
        {
            logger.LogWarning("Live join refused: {Username} ({Role} {Scope}) asked for {Code}", staff.Username, staff.Role, staff.ScopeCode, code);
            throw new HubException(refusal);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.OfScope(code), Context.ConnectionAborted);
    }

    /// <summary>The resident's tracking page follows its own case; the token is the only key to it.</summary>
    public async Task JoinCase(string trackingToken)
    {
        var hash = TrackingToken.HashOf(trackingToken) ?? throw new HubException("查询码无效。");
        await using var command = dataSource.CreateCommand($"SELECT id FROM case_file WHERE id = {GridGovernance.Web.Features.Cases.CaseTracking.CaseOfToken}");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
        if (await command.ExecuteScalarAsync(Context.ConnectionAborted) is not long caseId) throw new HubException("查询码无效。");
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.OfCase(caseId), Context.ConnectionAborted);
    }
}
