using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// A staff action on a case with its arguments: <see cref="Reason"/> for 作废/挂账/终止/核查不通过/村级办结 (or a note for any
/// action), <see cref="UnitCodes"/> for 派遣 (one) and 吹哨 (several), <see cref="WhistleKind"/>, <see cref="ClosureType"/>
/// for 核查通过 (null: 正常 or 超时 by the deadline), <see cref="Rating"/> and <see cref="Resolved"/> for a 回访 by phone.
/// For 吹哨 the reason is the dispatcher's note to every summoned unit. <see cref="RequestKey"/> makes a retry land once.
/// <see cref="Position"/> (WGS-84) is where the actor stood, recorded on the timeline entry when an action is taken from the field.
/// </summary>
public sealed record CaseCommand(
    CaseAction Action,
    string RequestKey,
    string? Reason = null,
    IReadOnlyList<string>? UnitCodes = null,
    WhistleKind? WhistleKind = null,
    ClosureType? ClosureType = null,
    Satisfaction? Rating = null,
    bool? Resolved = null,
    (double Longitude, double Latitude)? Position = null)
{
    /// <summary>吹哨's meeting place (集合点, WGS-84); none: the units meet at the case's position.</summary>
    public double? MeetingLongitude { get; init; }

    public double? MeetingLatitude { get; init; }
}
