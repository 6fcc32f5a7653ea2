namespace GridGovernance.Domain.Cases;

/// <summary>What someone asks to do to a case; <see cref="CaseStateMachine.Decide(CaseState, CaseAction, CaseContext)"/> says whether it may.</summary>
public enum CaseAction
{
    /// <summary>现场处置办结: the grid worker settles a 微事 on the spot (at intake, while verifying, or when the township sends it back to the grid).</summary>
    ResolveOnSpot,

    /// <summary>核实: the grid worker confirms a public report on site.</summary>
    Verify,

    /// <summary>受理立案: the township files the case. Patrol reports (grid worker, 联户长) may be filed without 核实.</summary>
    Accept,

    /// <summary>作废: not a case; needs a reason.</summary>
    Void,

    /// <summary>交村级处置: the township leaves a 小事 to the village.</summary>
    HandToVillage,

    /// <summary>村级办结: the village reports its handling done; the result is then checked.</summary>
    VillageResolve,

    /// <summary>派遣: send the case to exactly one unit.</summary>
    Dispatch,

    /// <summary>吹哨: summon units (日常哨/攻坚哨/应急哨) who must report on site; also used to add units to a running job.</summary>
    Whistle,

    /// <summary>逐级上报: an unhandled case climbs one level — grid (已上报/已核实) → village → township (待派遣).</summary>
    Escalate,

    /// <summary>全部反馈: the last open work order was fed back (or shelved) — derived from the orders, applied by the system.</summary>
    AllOrdersDone,

    /// <summary>全部退单: every unit returned its order; back to the dispatcher to re-dispatch — applied by the system.</summary>
    AllOrdersReturned,

    /// <summary>核查通过: close with a closure type.</summary>
    CheckPass,

    /// <summary>核查不通过: back to the handlers as rework; needs a reason.</summary>
    CheckFail,

    /// <summary>回访: record whether the requester is satisfied.</summary>
    Revisit,

    /// <summary>归档.</summary>
    Archive,

    /// <summary>挂账: shelve into the backlog; needs a written explanation.</summary>
    Shelve,

    /// <summary>终止办理: stop after review; needs the review's reason.</summary>
    Terminate,

    /// <summary>不满意重办: the resident rates the closed case 不满意; it goes back to rework and counts against its handlers.</summary>
    Reopen,
}
