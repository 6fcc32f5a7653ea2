namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// The domain's state sets (<see cref="GridGovernance.Domain.Cases.StateSets"/>) as SQL list literals, for SQL text that is a
/// constant: the planner uses a partial index only when the query repeats the index's list word for word, and ON CONFLICT must
/// repeat the unique index's predicate. Queries that can take a parameter pass the domain's arrays instead. Each constant is
/// held to the set of the same name by StateSqlTests; the migrations' lists by StateListAgreementTests.
/// </summary>
internal static class StateSql
{
    /// <summary>migration 0010 case_file_open_deadline_idx.</summary>
    public const string ClockRunningCases = "('accepted', 'village_handling', 'dispatched', 'pending_check', 'rework')";

    /// <summary>migration 0010 case_file_level_since_idx.</summary>
    public const string EscalatingCases = "('reported', 'verified', 'village_handling')";

    /// <summary>migration 0011 work_order_live_deadline_idx.</summary>
    public const string ActiveOrders = "('pending', 'signed', 'arrived', 'in_progress')";

    /// <summary>migration 0010 work_order_one_live_per_unit (its predicate is NOT IN this list).</summary>
    public const string NotLiveOrders = "('returned', 'withdrawn')";

    /// <summary>migration 0011 work_order_awaiting_arrival_idx.</summary>
    public const string AwaitingArrivalOrders = "('pending', 'signed')";
}
