using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Supervision;
using GridGovernance.Web.Features.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridGovernance.Integration.Tests.Supervision;

public sealed class ClockResilienceTests
{
    /// <summary>Port 9 (discard): nothing listens there, so every connection is refused — the database is down.</summary>
    private const string DeadDatabase = "Host=127.0.0.1;Port=9;Username=postgres;Database=gridgov;Timeout=2";

    [Fact]
    public async Task Both_clocks_keep_running_and_log_each_failed_tick_while_the_database_is_down()
    {
        var capture = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        await using var dataSource = GridGovDataSource.Create(DeadDatabase, "gridgov-tests");
        var supervision = new SupervisionService(dataSource, Options.Create(new SupervisionOptions { IntervalSeconds = 0.1, StartDelaySeconds = 0 }),
            TimeProvider.System, loggers.CreateLogger<SupervisionService>(), GridGovMetrics.Unexported());
        var escalation = new EscalationService(dataSource, Options.Create(new EscalationOptions { IntervalSeconds = 0.1, StartDelaySeconds = 0 }),
            TimeProvider.System, loggers.CreateLogger<EscalationService>(), GridGovMetrics.Unexported());

        await supervision.StartAsync(CancellationToken.None);
        await escalation.StartAsync(CancellationToken.None);
        int Failures(string section) => capture.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.StartsWith($"{section} run failed", StringComparison.Ordinal));
        await Eventually.WithinAsync(() => Failures("Supervision") >= 3 && Failures("Escalation") >= 3, TimeSpan.FromSeconds(30));

        Failures("Supervision").ShouldBeGreaterThanOrEqualTo(3);
        Failures("Escalation").ShouldBeGreaterThanOrEqualTo(3);
        supervision.ExecuteTask!.IsCompleted.ShouldBeFalse("督办 must keep ticking while the database is down");
        escalation.ExecuteTask!.IsCompleted.ShouldBeFalse("escalation must keep ticking while the database is down");

        await supervision.StopAsync(CancellationToken.None);
        await escalation.StopAsync(CancellationToken.None);
        supervision.ExecuteTask.IsCompletedSuccessfully.ShouldBeTrue();
        escalation.ExecuteTask.IsCompletedSuccessfully.ShouldBeTrue();
    }
}
