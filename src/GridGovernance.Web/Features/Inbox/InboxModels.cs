using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>A whistled unit's arrival limit and, once it reported in, when.</summary>
public sealed record Arrival(DateTimeOffset Deadline, DateTimeOffset? ArrivedAt, string WhistleKindName)
{
    /// <summary>When the whistle was blown: the countdown turns amber only in the last 20 % from here.</summary>
    public DateTimeOffset? Start { get; init; }
}

/// <summary>One of the unit's work orders in the inbox list.</summary>
public sealed record InboxOrderRow(long Id, string CaseNumber, string CategoryName, string VillageName, string GridName, WorkOrderState State,
    DateTimeOffset DispatchedAt, DeadlineReading? Countdown, Arrival? Arrival);

/// <summary>A notice addressed to the unit (table notification, recipient_scope = the unit's code).</summary>
public sealed record InboxNotice(long Id, long CaseId, long? OrderId, string Message, DateTimeOffset CreatedAt, bool Unread);

/// <summary>A timeline entry of the order itself (case_timeline.work_order_id).</summary>
public sealed record OrderTimelineEntry(DateTimeOffset At, string ActorName, string RoleName, string ActionName, string? Note, int PhotoCount);

/// <summary>Everything the order page shows: the order, the case's facts (never the resident's phone), photos and the order's timeline.</summary>
public sealed record InboxOrder(
    long Id, long CaseId, string UnitName, WorkOrderState State, DateTimeOffset DispatchedAt, DeadlineReading? Countdown, Arrival? Arrival,
    ExtensionStatus Extension, DateTimeOffset? ExtensionUntil, string? FeedbackNote, string? ReturnedReason, string? ShelvedExplanation,
    int ReworkCount, string CaseNumber, CaseState CaseState, string KindName, string MajorName, string CategoryName, string ClosingCondition,
    string TimeLimitText, string RequestTypeName, string SourceName, string Description, DateTimeOffset ReportedAt, double? Longitude, double? Latitude,
    string GridCode, string GridName, string VillageName, string TownshipName, IReadOnlyList<string> ReportPhotoShas,
    IReadOnlyList<string> AfterPhotoShas, IReadOnlyList<OrderTimelineEntry> Timeline)
{
    /// <summary>The unit's 报到 was farther than the radius from the case and the meeting place (位置不符), by this much.</summary>
    public bool PlaceMismatch { get; init; }

    public double? ArrivalDistanceMetres { get; init; }

    /// <summary>The readable place of the case's position (place_description).</summary>
    public string? Place { get; init; }
}

/// <summary>A unit a department may summon for joint work (联合吹哨) on an order's case.</summary>
public sealed record WhistleCandidate(string Code, string Name);

/// <summary>派单到人 and 转派 on the order page (see <see cref="InboxQueries.AssignmentAsync"/>).</summary>
public sealed record OrderAssignment(string? HolderName, bool HeldByCaller, bool CallerIsHead, IReadOnlyList<(long Id, string Name)> Colleagues,
    IReadOnlyList<(string Code, string Name)> SameDepartmentUnits);
