namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>
/// A measurement through the real app that reports figures and asserts no timing. Timings on a shared machine are noise in a
/// test run, so it runs only when asked: GRIDGOV_MEASURE=1 deploy/local/test.sh --filter "FullyQualifiedName~Latency".
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("GRIDGOV_MEASURE") != "1")
            Skip = "测量，不是测试：设置 GRIDGOV_MEASURE=1 时运行（见 tests/bench/README.md）";
    }
}
