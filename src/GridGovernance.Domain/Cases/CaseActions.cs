namespace GridGovernance.Domain.Cases;

public static class CaseActions
{
    public static IReadOnlyList<CaseAction> All { get; } = Enum.GetValues<CaseAction>();

    /// <summary>The verb users see, fits "不能{verb}。".</summary>
    public static string Chinese(this CaseAction action) => action switch
    {
        CaseAction.ResolveOnSpot => "现场处置办结",
        CaseAction.Verify => "核实",
        CaseAction.Accept => "受理立案",
        CaseAction.Void => "作废",
        CaseAction.HandToVillage => "交村级处置",
        CaseAction.VillageResolve => "村级办结",
        CaseAction.Dispatch => "派遣",
        CaseAction.Whistle => "吹哨",
        CaseAction.Escalate => "逐级上报",
        CaseAction.AllOrdersDone => "转入核查",
        CaseAction.AllOrdersReturned => "退回调度员重新派遣",
        CaseAction.CheckPass => "核查通过结案",
        CaseAction.CheckFail => "核查不通过返工",
        CaseAction.Revisit => "回访",
        CaseAction.Archive => "归档",
        CaseAction.Shelve => "挂账",
        CaseAction.Terminate => "终止办理",
        CaseAction.Reopen => "不满意重办",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>The value written to case_timeline.action.</summary>
    public static string Code(this CaseAction action) => action switch
    {
        CaseAction.ResolveOnSpot => "resolve_on_spot",
        CaseAction.Verify => "verify",
        CaseAction.Accept => "accept",
        CaseAction.Void => "void",
        CaseAction.HandToVillage => "hand_to_village",
        CaseAction.VillageResolve => "village_resolve",
        CaseAction.Dispatch => "dispatch",
        CaseAction.Whistle => "whistle",
        CaseAction.Escalate => "escalate",
        CaseAction.AllOrdersDone => "all_orders_done",
        CaseAction.AllOrdersReturned => "all_orders_returned",
        CaseAction.CheckPass => "check_pass",
        CaseAction.CheckFail => "check_fail",
        CaseAction.Revisit => "revisit",
        CaseAction.Archive => "archive",
        CaseAction.Shelve => "shelve",
        CaseAction.Terminate => "terminate",
        CaseAction.Reopen => "reopen",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static CaseAction? FromCode(string? code) => All.Cast<CaseAction?>().FirstOrDefault(a => a!.Value.Code() == code);
}
