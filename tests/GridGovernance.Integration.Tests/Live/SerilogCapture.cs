using System.Collections.Concurrent;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// A Serilog sink the app's own logger configuration writes to (Serilog:WriteTo through Serilog.Settings.Configuration), so a
/// test sees what the app's log really contains after the app's filters — an ILoggerProvider added beside Serilog sees every
/// entry before them. The sink is shared by the process (Serilog creates it by name); each app instance tags its events
/// with a property of its own, CaptureKey.
/// </summary>
public static class SerilogCapture
{
    private static readonly ConcurrentQueue<LogEvent> Captured = new();

    /// <summary>
    /// The settings that make an app instance write to the capture, tagged <paramref name="key"/>. (WebApplicationFactory
    /// hands settings to Program as command-line arguments, parent sections included as empty values, so a sink must be
    /// named by a plain value, WriteTo:0 = name, without arguments.)
    /// </summary>
    public static (string Key, string Value)[] Settings(string key) =>
    [
        ("Serilog:Using:0", typeof(SerilogCapture).Assembly.GetName().Name!),
        ("Serilog:WriteTo:0", nameof(CapturedLog)),
        ("Serilog:Properties:CaptureKey", key),
    ];

    public static List<LogEvent> EventsOf(string key) =>
        Captured.Where(e => e.Properties.TryGetValue("CaptureKey", out var value) && value is ScalarValue { Value: string k } && k == key).ToList();

    /// <summary>Called by Serilog.Settings.Configuration, by name.</summary>
    public static LoggerConfiguration CapturedLog(this LoggerSinkConfiguration sinks) => sinks.Sink(new QueueSink());

    private sealed class QueueSink : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => Captured.Enqueue(logEvent);
    }
}
