namespace GridGovernance.Domain.Cases;

/// <summary>
/// Where a case stands in the closed loop (闭环): 上报 → 核实 → 受理/立案 → 网格/村级处置 or 派遣/吹哨 → 核查 → 结案 → 回访 → 归档.
/// Stored by <see cref="CaseStates.Code"/>, so adding or reordering members never renumbers stored rows.
/// <see cref="CaseStateMachine.Transitions"/> is the one list of legal moves.
/// </summary>
public enum CaseState
{
    /// <summary>已上报: received; a public report waits for the grid worker's 核实, a patrol report may be filed directly.</summary>
    Reported,

    /// <summary>已办结·现场处置: a 微事 the grid worker settled on the spot (微事不出网格).</summary>
    ClosedOnSpot,

    /// <summary>已核实: the grid worker confirmed it on site; waits for the township to accept or void it.</summary>
    Verified,

    /// <summary>已立案（待派遣）: accepted and filed at the township; waits to be handed to the village or dispatched.</summary>
    Accepted,

    /// <summary>已作废: not a case (duplicate, false, out of scope), with the reason on the timeline. Final.</summary>
    Voided,

    /// <summary>村级处置中: a 小事 the village (community) handles itself (小事不出村).</summary>
    VillageHandling,

    /// <summary>已派遣（处置中）: one unit dispatched or several whistled; their work orders are under way.</summary>
    Dispatched,

    /// <summary>待核查: every order fed back (or the village finished); the grid worker or dispatcher checks the result.</summary>
    PendingCheck,

    /// <summary>返工中: the check failed; the handlers work again and the rework counts against them.</summary>
    Rework,

    /// <summary>已结案: the check passed, with a closure type (正常/超时/差错/特殊).</summary>
    Closed,

    /// <summary>已回访: the requester was asked whether it was solved and whether they are satisfied.</summary>
    Revisited,

    /// <summary>已挂账: cannot be solved now; shelved into the problem backlog with a written explanation.</summary>
    Shelved,

    /// <summary>已终止办理: stopped after review (e.g. the matter went to court), with the review's reason.</summary>
    Terminated,

    /// <summary>已归档: the file is complete and read-only. Final.</summary>
    Archived,
}
