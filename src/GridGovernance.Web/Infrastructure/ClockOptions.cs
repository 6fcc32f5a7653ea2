using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Web.Infrastructure;

/// <summary>The settings every <see cref="ClockedService{TResult}"/> shares, under its own section.</summary>
internal abstract class ClockOptions
{
    /// <summary>Off only for tests that drive RunOnceAsync with chosen times.</summary>
    public bool Enabled { get; set; } = true;

    [Range(0.01, 86400)]
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>Start-up applies migrations and warms caches; the clocks can wait a few seconds.</summary>
    [Range(0.0, 86400)]
    public double StartDelaySeconds { get; set; } = 5;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    public TimeSpan StartDelay => TimeSpan.FromSeconds(StartDelaySeconds);
}
