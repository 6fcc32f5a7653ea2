using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GridGovernance.Web.Features.Metrics;

/// <summary>
/// The app's own instruments, all on one meter ("GridGovernance"), exported at /metrics with HTTP, Npgsql and SignalR's.
/// A component that has something to report takes this and records or registers a reading; nothing here knows the features.
/// Names follow OpenTelemetry's conventions; the Prometheus exporter turns dots into underscores and adds unit suffixes
/// (gridgov.intake.cases → gridgov_intake_cases_total).
/// </summary>
internal sealed class GridGovMetrics
{
    public const string MeterName = "GridGovernance";

    private readonly ConcurrentDictionary<string, Func<long>> _queues = new(StringComparer.Ordinal);
    private readonly Counter<long> _intake;
    private readonly Counter<long> _tileLookups;
    private readonly Histogram<double> _tickDuration;
    private Func<long?>? _outboxLag;
    private long _supervisionBacklog = -1;

    public GridGovMetrics(IMeterFactory factory) : this(factory.Create(MeterName)) { }

    /// <summary>For objects built outside the container (tests): a meter of its own that no exporter listens to.</summary>
    public static GridGovMetrics Unexported() => new(new Meter(MeterName + ".Unexported"));

    private GridGovMetrics(Meter meter)
    {
        _intake = meter.CreateCounter<long>("gridgov.intake.cases", "{case}", "Cases accepted, by channel (the case's source)");
        _tileLookups = meter.CreateCounter<long>("gridgov.tiles.cache.lookups", "{tile}",
            "Vector tile cache lookups by result (hit or miss); hit ratio = hits / all");
        _tickDuration = meter.CreateHistogram<double>("gridgov.clock.tick.duration", "s",
            "Time one run of a clock took (supervision = 督办, escalation, outbox pruning)");
        meter.CreateObservableGauge("gridgov.gate.queue.length", ObserveQueues, "{request}",
            "Requests waiting for a slot in a concurrency gate (locate, intake)");
        meter.CreateObservableGauge("gridgov.outbox.lag", ObserveOutboxLag, "{event}",
            "Newest outbox event id minus the last one this instance forwarded to live clients");
        meter.CreateObservableGauge("gridgov.supervision.backlog", ObserveSupervisionBacklog, "{item}",
            "Cases and work orders owing a 督办 threshold when the last supervision run started");
    }

    public void CaseAccepted(string channel) => _intake.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void TileLookup(bool hit) => _tileLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void ClockTicked(string clock, TimeSpan elapsed) =>
        _tickDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("clock", clock.ToLowerInvariant()));

    public void ObserveQueue(string gate, Func<long> waiting) => _queues[gate] = waiting;

    /// <summary>Read at scrape time; null when it cannot be known right now (the database is unreachable).</summary>
    public void ObserveOutboxLag(Func<long?> lag) => _outboxLag = lag;

    /// <summary>Items owing a 督办 threshold at the start of a supervision run (the gauge reports the latest run).</summary>
    public void SupervisionBacklog(long owing) => Interlocked.Exchange(ref _supervisionBacklog, owing);

    private IEnumerable<Measurement<long>> ObserveQueues() =>
        _queues.Select(q => new Measurement<long>(q.Value(), new KeyValuePair<string, object?>("gate", q.Key)));

    private IEnumerable<Measurement<long>> ObserveOutboxLag() =>
        _outboxLag?.Invoke() is { } lag ? [new Measurement<long>(lag)] : [];

    private IEnumerable<Measurement<long>> ObserveSupervisionBacklog() =>
        Interlocked.Read(ref _supervisionBacklog) is var backlog and >= 0 ? [new Measurement<long>(backlog)] : [];
}
