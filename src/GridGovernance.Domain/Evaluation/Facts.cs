using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// What a case's evaluation facts are derived from: its row and a few things its timeline says. <see cref="ReportedBy"/> is
/// the staff account that reported it (a grid worker's own report), <see cref="RegisteredBy"/> and <see cref="RegisteredAt"/>
/// the account and time of its first 立案 (<c>accept</c> entry with an account): whose post the case counts for (岗位评价).
/// </summary>
public sealed record CaseFactInput(
    long CaseId, string GridCode, string Category, CaseSource Source, CaseState State,
    DateTimeOffset CreatedAt, DateTimeOffset? DeadlineAt, DateTimeOffset? ClosedAt, int ReworkCount,
    Satisfaction? Satisfaction, bool? Resolved, DateTimeOffset? RatedAt,
    bool HadOrders, bool VillageResolved, bool Escalated,
    long? ReportedBy = null, long? RegisteredBy = null, DateTimeOffset? RegisteredAt = null);

/// <summary>What a work order's facts are derived from. <see cref="RespondedAt"/> is the 签收 or, failing that, the 退单.</summary>
public sealed record OrderFactInput(
    long OrderId, long CaseId, string UnitCode, WorkOrderState State, DateTimeOffset DispatchedAt, DateTimeOffset DeadlineAt,
    bool Whistled, DateTimeOffset? SignedAt, DateTimeOffset? ReturnedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? FedBackAt,
    ExtensionStatus Extension, int ReworkCount);

/// <summary>Where a case was finally handled (the escalation ladder 小事不出村、大事不出镇).</summary>
public enum HandledLevel
{
    Grid,     // 微事: closed on the spot by the grid worker
    Village,  // 小事: resolved by the village, no unit summoned
    Township, // 大事: dispatched or whistled to units
}

/// <summary>
/// One case's evaluation facts (the row of <c>eval_case_fact</c>). A case can count in three months: the month it was
/// reported (volume, escalation), the month it was due (closure indicators, see <see cref="FactRules.DueMonth"/>) and the month
/// its rating arrived (解决率, 满意率: a late rating counts when it arrives, never reopening a closed month). For 岗位评价 it
/// names its reporter and its registrar (立案) with the month of the registration (<see cref="PostCounts.From"/>).
/// </summary>
public sealed record CaseFact(
    long CaseId, EvaluationMonth ReportedMonth, EvaluationMonth? DueMonth,
    bool Counted, bool ClosedInMonth, bool ClosedOnTime, bool Checked, bool Reworked,
    HandledLevel? Level, bool Escalated, int? CloseMinutes,
    EvaluationMonth? RatedMonth, bool? Satisfied, bool? Resolved,
    long? ReporterId = null, long? RegistrarId = null, EvaluationMonth? RegisteredMonth = null);

/// <summary>One work order's facts (the row of <c>eval_order_fact</c>); it counts in the month it was dispatched.</summary>
public sealed record OrderFact(
    long OrderId, long CaseId, string UnitCode, EvaluationMonth Month, bool Counted,
    bool RespondedInTime, int? SignMinutes, int? ArriveMinutes,
    bool Returned, bool Extended, bool Handled, bool Reworked, bool Due, bool FedBackOnTime);

/// <summary>
/// The month-assignment rules and the derivation of facts, written once: the facts writer stores what these return, and the
/// README section "How performance is evaluated" quotes them.
/// </summary>
public static class FactRules
{
    /// <summary>A dispatched unit must sign for (签收) within one working hour (common practice, DOMAIN §4).</summary>
    public const int SignLimitWorkHours = 1;

    /// <summary>
    /// The month a case's closure counts in: the month it was closed if it was closed by its deadline, otherwise the month
    /// its deadline fell (it was due then — closing it later does not move it into a later month). A case never filed (no
    /// deadline) counts in the month it was closed (微事 closed on the spot), or nowhere while open or voided.
    /// </summary>
    public static EvaluationMonth? DueMonth(DateTimeOffset? deadlineAt, DateTimeOffset? closedAt)
    {
        if (deadlineAt is { } due)
            return EvaluationMonth.Of(closedAt is { } closed && closed <= due ? closed : due);
        return closedAt is { } c ? EvaluationMonth.Of(c) : null;
    }

    public static CaseFact ForCase(CaseFactInput c, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(calendar);
        var dueMonth = DueMonth(c.DeadlineAt, c.ClosedAt);
        // 缓办 (挂账) and 终止办理 leave the denominators; a voided case was never due.
        var counted = dueMonth is not null && c.State is not (CaseState.Shelved or CaseState.Terminated or CaseState.Voided);
        // Closed in its month: a late closure after the month ended leaves the month's figure "not closed" for good,
        // so the live figure of a past month and its frozen snapshot agree.
        var closedInMonth = counted && c.ClosedAt is { } closedAt && closedAt < dueMonth!.Value.End;
        var onTime = closedInMonth && (c.DeadlineAt is not { } deadline || c.ClosedAt <= deadline);
        HandledLevel? level = c.State == CaseState.ClosedOnSpot ? HandledLevel.Grid
            : c.HadOrders ? HandledLevel.Township
            : c.VillageResolved ? HandledLevel.Village
            : null;
        // 核查: a closure after a check (every filed case), or any case that failed one.
        var isChecked = (closedInMonth && c.DeadlineAt is not null) || c.ReworkCount > 0;
        int? closeMinutes = closedInMonth ? Minutes(calendar.WorkingTimeBetween(c.CreatedAt, c.ClosedAt!.Value)) : null;
        return new CaseFact(c.CaseId, EvaluationMonth.Of(c.CreatedAt), dueMonth, counted, closedInMonth, onTime,
            counted && isChecked, counted && c.ReworkCount > 0, level, c.Escalated, closeMinutes,
            c.RatedAt is { } rated ? EvaluationMonth.Of(rated) : null,
            c.Satisfaction is { } s ? s != Satisfaction.Dissatisfied : null, c.Resolved,
            c.ReportedBy, c.RegisteredBy, c.RegisteredAt is { } registered ? EvaluationMonth.Of(registered) : null);
    }

    public static OrderFact ForOrder(OrderFactInput o, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(calendar);
        var signBy = calendar.Deadline(o.DispatchedAt, SignLimitWorkHours, DeadlineUnit.WorkHour);
        var respondedAt = o.SignedAt ?? o.ReturnedAt;
        var withdrawn = o.State == WorkOrderState.Withdrawn;
        var returned = o.State == WorkOrderState.Returned;
        var handled = o.FedBackAt is not null || o.ReworkCount > 0 || o.State == WorkOrderState.FedBack;
        // An order is due to be finished unless it was withdrawn, returned (not the unit's) or shelved (缓办).
        var due = !withdrawn && !returned && o.State != WorkOrderState.Shelved;
        // A withdrawn order was the dispatcher's decision, not the unit's: it counts nowhere.
        return new OrderFact(o.OrderId, o.CaseId, o.UnitCode, EvaluationMonth.Of(o.DispatchedAt), !withdrawn,
            !withdrawn && respondedAt is { } r && r <= signBy,
            o.SignedAt is { } s ? Minutes(calendar.WorkingTimeBetween(o.DispatchedAt, s)) : null,
            o.Whistled && o.ArrivedAt is { } a ? Minutes(calendar.WorkingTimeBetween(o.DispatchedAt, a)) : null,
            returned, o.Extension == ExtensionStatus.Approved, handled, o.ReworkCount > 0,
            due, due && o.FedBackAt is { } f && f <= o.DeadlineAt);
    }

    /// <summary>Whole working minutes, a started minute counting (the rounding rule of every duration in the app).</summary>
    public static int Minutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes - 1e-9);
}
