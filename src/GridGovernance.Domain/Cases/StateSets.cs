namespace GridGovernance.Domain.Cases;

/// <summary>
/// The sets of stored state codes that SQL, scripts and pages filter by, each derived once from the domain's own predicates
/// (<see cref="CaseStates.IsOpen"/>, <see cref="WorkOrderStates.IsLive"/> …). Nothing else may list states: C# passes these
/// (or the SQL literals built from them), pages render them for their scripts, and a test fails when a list written in a
/// migration, a SQL string or a script differs from every set named here (tests/…/Cases/StateListAgreementTests).
/// </summary>
public static class StateSets
{
    public static IReadOnlyList<string> AllCases { get; } = CaseCodes(_ => true);

    /// <summary>Still someone's work (未结).</summary>
    public static IReadOnlyList<string> OpenCases { get; } = CaseCodes(s => s.IsOpen());

    /// <summary>Finished one way or another (办结, 作废, 终止, 归档).</summary>
    public static IReadOnlyList<string> FinishedCases { get; } = CaseCodes(s => !s.IsOpen());

    /// <summary>Solved (办结), so the resident may rate it.</summary>
    public static IReadOnlyList<string> ClosedCases { get; } = CaseCodes(s => s.IsClosed());

    /// <summary>The time limit runs and 督办 watches it.</summary>
    public static IReadOnlyList<string> ClockRunningCases { get; } = CaseCodes(s => s.IsClockRunning());

    /// <summary>Owned by the grid (已上报, 已核实): not yet taken up by the township.</summary>
    public static IReadOnlyList<string> GridLevelCases { get; } = CaseCodes(s => s.Level() == HandlingLevel.Grid);

    /// <summary>Owned by the grid or the village: the escalation clock watches them.</summary>
    public static IReadOnlyList<string> EscalatingCases { get; } =
        CaseCodes(s => s.Level() is HandlingLevel.Grid or HandlingLevel.Village);

    /// <summary>Not yet with a unit nor the village (已上报, 已核实, 已立案): the desk may merge them or pass them to another township.</summary>
    public static IReadOnlyList<string> DeskMovableCases { get; } =
        CaseCodes(s => s.Level() == HandlingLevel.Grid || s == CaseState.Accepted);

    public static IReadOnlyList<string> AllOrders { get; } = OrderCodes(_ => true);

    /// <summary>The unit still owes work (its clock runs).</summary>
    public static IReadOnlyList<string> ActiveOrders { get; } = OrderCodes(s => s.IsActive());

    /// <summary>Done with, one way or another.</summary>
    public static IReadOnlyList<string> InactiveOrders { get; } = OrderCodes(s => !s.IsActive());

    /// <summary>Still binding the unit to the case.</summary>
    public static IReadOnlyList<string> LiveOrders { get; } = OrderCodes(s => s.IsLive());

    /// <summary>Returned or withdrawn: no longer binding ("not live").</summary>
    public static IReadOnlyList<string> NotLiveOrders { get; } = OrderCodes(s => !s.IsLive());

    /// <summary>A whistled unit not yet on site.</summary>
    public static IReadOnlyList<string> AwaitingArrivalOrders { get; } = OrderCodes(s => s.IsAwaitingArrival());

    /// <summary>Every set by name, for the test that holds SQL and scripts to them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Named { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [nameof(AllCases)] = AllCases,
        [nameof(OpenCases)] = OpenCases,
        [nameof(FinishedCases)] = FinishedCases,
        [nameof(ClosedCases)] = ClosedCases,
        [nameof(ClockRunningCases)] = ClockRunningCases,
        [nameof(GridLevelCases)] = GridLevelCases,
        [nameof(EscalatingCases)] = EscalatingCases,
        [nameof(DeskMovableCases)] = DeskMovableCases,
        [nameof(AllOrders)] = AllOrders,
        [nameof(ActiveOrders)] = ActiveOrders,
        [nameof(InactiveOrders)] = InactiveOrders,
        [nameof(LiveOrders)] = LiveOrders,
        [nameof(NotLiveOrders)] = NotLiveOrders,
        [nameof(AwaitingArrivalOrders)] = AwaitingArrivalOrders,
    };

    /// <summary>A set as a SQL list literal, in the domain's order: "('returned', 'withdrawn')".</summary>
    public static string Sql(IEnumerable<string> codes) => "(" + string.Join(", ", codes.Select(c => $"'{c}'")) + ")";

    private static string[] CaseCodes(Func<CaseState, bool> keep) => CaseStates.All.Where(keep).Select(s => s.Code()).ToArray();

    private static string[] OrderCodes(Func<WorkOrderState, bool> keep) => WorkOrderStates.All.Where(keep).Select(s => s.Code()).ToArray();
}
