using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>GridGov:Dispatch — the app-wide rules of 吹哨报到 (the per-county ones live in table dispatch_setting).</summary>
internal sealed class DispatchOptions
{
    public const string Section = "GridGov:Dispatch";

    /// <summary>
    /// 报到 checks the place: a whistled unit's reported position farther than this (metres) from both the case's position and
    /// the whistle's meeting place is recorded as 位置不符, with the distance, and the dispatcher is told. A phone's fix in town
    /// is good to tens of metres; 300 m leaves room for a street corner, not for reporting in from the office.
    /// </summary>
    [Range(10, 100_000)]
    public double ArrivalRadiusMeters { get; set; } = 300;
}
