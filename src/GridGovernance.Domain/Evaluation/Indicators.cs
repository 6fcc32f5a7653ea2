using System.Globalization;

namespace GridGovernance.Domain.Evaluation;

public enum IndicatorKind
{
    Count,    // a number of cases, orders or notices
    Share,    // a rate, "—" with nothing to count
    Duration, // working hours, "—" with nothing measured
}

/// <summary>One indicator's value on one row: the number behind it (for sorting and charts) and the text the page shows.</summary>
public sealed record IndicatorValue(double? Number, string Text, long? Numerator = null, long? Denominator = null)
{
    public static IndicatorValue Of(Share share) => new(share.Value, share.Text, share.Numerator, share.Denominator);

    public static IndicatorValue Of(long count) => new(count, count.ToString(CultureInfo.InvariantCulture));

    public static IndicatorValue Hours(double? minutes) => new(minutes / 60, DurationStats.Hours(minutes));
}

/// <summary>
/// An indicator: its key (CSV column, URL), its Chinese name (column header), its formula and the 说明 the page shows on
/// hover or under "说明". <see cref="Compute"/> is the formula itself — the only place it is written.
/// </summary>
public sealed record Indicator(string Key, string Name, IndicatorKind Kind, string Formula, string Explanation,
    Func<IndicatorCounts, IndicatorValue> Compute);

/// <summary>Every indicator of the evaluation, in the order the ranking tables show them.</summary>
public static class Indicators
{
    private static IndicatorValue Rate(long numerator, long denominator) => IndicatorValue.Of(new Share(numerator, denominator));

    public static Indicator Reported { get; } = new("reported", "上报量", IndicatorKind.Count,
        "当月上报的案件数",
        "按上报时间（北京时间）归月，含全部来源（扫码、网格员、联户长、12345、外部系统）；作废的案件也计入上报量。",
        c => IndicatorValue.Of(c.Reported));

    public static Indicator DueToClose { get; } = new("due", "应结案件", IndicatorKind.Count,
        "当月应结案的案件数",
        "已立案的案件在期限内结案的计入结案当月，否则计入期限所在月份；未立案的微事计入现场办结当月。挂账（缓办）、终止办理、作废的案件不计入。",
        c => IndicatorValue.Of(c.DueToClose));

    public static Indicator Response { get; } = new("response", "响应率", IndicatorKind.Share,
        "按时响应的工单数 ÷ 派遣的工单数",
        "单位在派遣后 1 个工作时内签收（或在此期限内说明理由退单）即为按时响应。工单按派遣时间归月；撤回的工单不计入。",
        c => Rate(c.RespondedInTime, c.Dispatched));

    public static Indicator OnTime { get; } = new("on_time", "按期办结率", IndicatorKind.Share,
        "按期结案数 ÷ 应结案件数",
        "在办理期限（含批准的延期）内结案的比例。对部门单位以工单计：在工单期限内反馈的工单 ÷ 应办工单（退单、撤回、挂账的除外）。",
        c => Rate(c.ClosedOnTime, c.DueToClose));

    public static Indicator Closure { get; } = new("closure", "结案率", IndicatorKind.Share,
        "当月结案数 ÷ 应结案件数",
        "应结案件中在该月结束前结案的比例；月份结束后才结案的仍算该月未结。对部门单位：已反馈工单 ÷ 应办工单。",
        c => Rate(c.Closed, c.DueToClose));

    public static Indicator Rework { get; } = new("rework", "返工率", IndicatorKind.Share,
        "返工案件数 ÷ 经核查的案件数",
        "核查不通过即为返工，返工计入处置单位。对部门单位以工单计：被返工的工单 ÷ 已反馈的工单。",
        c => Rate(c.Reworked, c.Checked));

    public static Indicator ReturnRate { get; } = new("returned", "退单率", IndicatorKind.Share,
        "退单数 ÷ 派遣的工单数",
        "单位认为不属于本单位职责而退回的工单；调度员重新派遣的新工单另行计数。",
        c => Rate(c.Returned, c.Dispatched));

    public static Indicator Extension { get; } = new("extended", "延期率", IndicatorKind.Share,
        "批准延期的工单数 ÷ 派遣的工单数",
        "在期限前申请并经调度员批准延期的工单；被驳回的申请不计入。",
        c => Rate(c.Extended, c.Dispatched));

    public static Indicator Supervision { get; } = new("supervisions", "督办次数", IndicatorKind.Count,
        "当月发出的督办数（超时督办、次日催办、通报批评、报到超时）",
        "按督办阈值到达的时间归月；其中通报批评（超期 5 个工作日以上）使该单位当月不能上红榜。",
        c => IndicatorValue.Of(c.Supervisions));

    public static Indicator SignTime { get; } = new("sign_hours", "平均签收用时", IndicatorKind.Duration,
        "派遣至签收的工作时长的平均值",
        "只计工作时间（按本县工作日历），单位为工作小时。",
        c => IndicatorValue.Hours(DurationStats.Of(c.SignMinutes).MeanMinutes));

    public static Indicator SignTimeP90 { get; } = new("sign_hours_p90", "签收用时（90%）", IndicatorKind.Duration,
        "派遣至签收的工作时长的第 90 百分位",
        "90% 的工单在此工作时长内签收（最近秩法：取排序后第 ⌈0.9×n⌉ 个值）。",
        c => IndicatorValue.Hours(DurationStats.Of(c.SignMinutes).P90Minutes));

    public static Indicator ArriveTime { get; } = new("arrive_hours", "平均报到用时", IndicatorKind.Duration,
        "吹哨至到场报到的工作时长的平均值",
        "只计吹哨召集的工单；工作小时。",
        c => IndicatorValue.Hours(DurationStats.Of(c.ArriveMinutes).MeanMinutes));

    public static Indicator ArriveTimeP90 { get; } = new("arrive_hours_p90", "报到用时（90%）", IndicatorKind.Duration,
        "吹哨至到场报到的工作时长的第 90 百分位",
        "最近秩法；工作小时。",
        c => IndicatorValue.Hours(DurationStats.Of(c.ArriveMinutes).P90Minutes));

    public static Indicator CloseTime { get; } = new("close_hours", "平均结案用时", IndicatorKind.Duration,
        "上报至结案的工作时长的平均值",
        "当月结案的案件，从上报到结案的工作时长；工作小时。",
        c => IndicatorValue.Hours(DurationStats.Of(c.CloseMinutes).MeanMinutes));

    public static Indicator CloseTimeP90 { get; } = new("close_hours_p90", "结案用时（90%）", IndicatorKind.Duration,
        "上报至结案的工作时长的第 90 百分位",
        "最近秩法；工作小时。",
        c => IndicatorValue.Hours(DurationStats.Of(c.CloseMinutes).P90Minutes));

    public static Indicator Resolution { get; } = new("resolution", "解决率", IndicatorKind.Share,
        "回访答\"已解决\"数 ÷ 已评价数",
        "群众评价或回访时回答问题已解决的比例；按评价时间归月，迟到的评价计入到达当月，不改变已封存的月份。",
        c => Rate(c.Resolved, c.Rated));

    public static Indicator Satisfaction { get; } = new("satisfaction", "满意率", IndicatorKind.Share,
        "（满意 + 基本满意）÷ 已评价数",
        "按评价时间归月，迟到的评价计入到达当月。",
        c => Rate(c.Satisfied, c.Rated));

    public static Indicator OnSpot { get; } = new("on_spot", "微事占比", IndicatorKind.Share,
        "网格员现场办结数 ÷ 当月结案数",
        "微事由网格员现场处置，不立案、不派遣。",
        c => Rate(c.ClosedOnSpot, c.Closed));

    public static Indicator InVillage { get; } = new("in_village", "小事不出村占比", IndicatorKind.Share,
        "在网格或村（社区）一级办结数 ÷ 当月结案数",
        "现场办结或村级办结、未派遣任何单位的案件。",
        c => Rate(c.ClosedInVillage, c.Closed));

    public static Indicator Escalation { get; } = new("escalation", "逐级上报占比", IndicatorKind.Share,
        "因超时无人处置被自动上报的案件数 ÷ 当月上报数",
        "网格 4 小时、村 24 小时未处置即自动上报上一级（按本县设置）；按上报时间归月。",
        c => Rate(c.Escalated, c.Reported));

    /// <summary>All indicators, in table order.</summary>
    public static IReadOnlyList<Indicator> All { get; } =
    [
        Reported, DueToClose, Response, OnTime, Closure, Resolution, Satisfaction, Rework, ReturnRate, Extension, Supervision,
        SignTime, SignTimeP90, ArriveTime, ArriveTimeP90, CloseTime, CloseTimeP90, OnSpot, InVillage, Escalation,
    ];

    public static Indicator? ByKey(string? key) => All.FirstOrDefault(i => i.Key == key);
}
