using System.Collections.Concurrent;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// This instance's open /hubs/live connections of signed-in staff, with the account and security stamp each was opened with.
/// A connection is authenticated once, when it opens; the registry lets <see cref="LiveSignOut"/> close the ones whose
/// account has since been disabled, re-scoped or had its password changed. Residents' connections are not kept (they hold
/// no account).
/// </summary>
internal sealed class LiveConnections
{
    private sealed record Entry(HubCallerContext Context, long AccountId, string SecurityStamp);

    private readonly ConcurrentDictionary<string, Entry> _byConnection = new(StringComparer.Ordinal);

    public int Count => _byConnection.Count;

    public void Add(HubCallerContext context, CurrentStaff staff) =>
        _byConnection[context.ConnectionId] = new Entry(context, staff.Id, staff.SecurityStamp);

    public void Remove(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    /// <summary>The accounts that have a connection open here now.</summary>
    public long[] AccountIds() => _byConnection.Values.Select(e => e.AccountId).Distinct().ToArray();

    /// <summary>
    /// Aborts every connection of <paramref name="accountIds"/> whose stamp differs from the account's current one
    /// (<paramref name="currentStamps"/>; an account missing from it is gone or disabled). Returns the accounts of the
    /// connections it aborted, one entry per connection.
    /// </summary>
    public List<long> AbortStale(IReadOnlySet<long> accountIds, IReadOnlyDictionary<long, string> currentStamps)
    {
        var aborted = new List<long>();
        // A scan, not an index by account: sign-outs are rare and a scan of even ten thousand entries takes microseconds.
        foreach (var (connectionId, entry) in _byConnection)
        {
            if (!accountIds.Contains(entry.AccountId)) continue;
            if (currentStamps.TryGetValue(entry.AccountId, out var stamp) && stamp == entry.SecurityStamp) continue;
            // Removed here too, so a second sign-out before OnDisconnectedAsync ran does not count it twice.
            if (!_byConnection.TryRemove(connectionId, out _)) continue;
            entry.Context.Abort();
            aborted.Add(entry.AccountId);
        }
        return aborted;
    }
}
