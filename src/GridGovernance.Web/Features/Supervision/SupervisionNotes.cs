using System.Globalization;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Supervision;

/// <summary>The Chinese words of a 督办: the timeline note (on the case's record) and the notification (to whoever must act).</summary>
internal static class SupervisionNotes
{
    /// <summary>The stored level of a whistled unit's late arrival; the three deadline levels are the domain's <see cref="SupervisionLevel"/>.</summary>
    public const string LateArrivalLevel = "late_arrival";

    /// <summary>Timeline action and notification kind of every 督办.</summary>
    public const string Action = "supervise";

    public static string Local(DateTimeOffset instant) => ChinaTime.Text(instant);

    /// <summary>e.g. "超时督办：工单已超过办理时限（时限 11月20日 17:30）".</summary>
    public static string Timeline(SupervisedItem item, string level) => item.Kind switch
    {
        SupervisedKind.Arrival => ArrivalNote(item),
        _ => $"{Chinese(level)}：{Subject(item)}{Overdue(level, item.CriticismAfterWorkDays)}（时限 {Local(item.Deadline)}）",
    };

    public static string Notification(SupervisedItem item, string level) => item.Kind switch
    {
        SupervisedKind.Arrival => $"{ArrivalNote(item)}。案件 {item.CaseNumber}，请立即到场报到。",
        SupervisedKind.Order => $"{Chinese(level)}：案件 {item.CaseNumber} 的工单{Overdue(level, item.CriticismAfterWorkDays)}（时限 {Local(item.Deadline)}），请尽快办结反馈。",
        _ => $"{Chinese(level)}：案件 {item.CaseNumber}{Overdue(level, item.CriticismAfterWorkDays)}（时限 {Local(item.Deadline)}），请督促办理。",
    };

    private static string Chinese(string level) =>
        level == LateArrivalLevel ? "到场督办" : SupervisionLevels.FromCode(level)?.Chinese() ?? level;

    private static string Subject(SupervisedItem item) => item.Kind == SupervisedKind.Order ? $"{item.UnitName}的工单" : "案件";

    private static string Overdue(string level, int criticismDays) => SupervisionLevels.FromCode(level) switch
    {
        SupervisionLevel.NextDayReminder => "超过办理时限，次日仍未办结",
        SupervisionLevel.PublicCriticism => $"超过办理时限 {criticismDays} 个工作日仍未办结",
        _ => "已超过办理时限",
    };

    private static string ArrivalNote(SupervisedItem item)
    {
        var whistle = WhistleKinds.FromCode(item.WhistleKind)?.Chinese() ?? "吹哨";
        return item.ArrivedAt is { } arrived
            ? $"到场督办：{item.UnitName}迟到报到（{whistle}，应于 {Local(item.Deadline)} 前到场，实际 {Local(arrived)}）"
            : $"到场督办：{item.UnitName}未在 {Local(item.Deadline)} 前到场报到（{whistle}）";
    }
}
