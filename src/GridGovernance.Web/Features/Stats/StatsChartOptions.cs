using GridGovernance.Domain.Evaluation;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// The ECharts options of the evaluation's charts, as data (Components/Charts/EChart serialises them): the same charts on
/// /stats, the 大屏 and the printed report. Every rate comes from the domain's indicator (<see cref="Indicators"/>), never
/// recomputed here; a month with nothing to count is a gap ("-"), not 0 %.
/// </summary>
internal static class StatsChartOptions
{
    /// <summary>The rates a trend draws, in the order of the legend.</summary>
    public static readonly Indicator[] TrendRates = [Indicators.Response, Indicators.Resolution, Indicators.Satisfaction, Indicators.OnTime];

    /// <summary>Volume per month as bars (left axis), 三率 and 按期办结率 as lines (right axis, %).</summary>
    public static object Trend(IReadOnlyList<TrendPoint> points, bool print = false) => new
    {
        tooltip = new { trigger = "axis" },
        legend = new { top = 0, data = new[] { Indicators.Reported.Name }.Concat(TrendRates.Select(r => r.Name)).ToArray() },
        grid = new { left = 48, right = 56, top = 36, bottom = 28 },
        xAxis = new { type = "category", data = points.Select(p => StatsCharts.MonthLabel(p.Month)).ToArray() },
        yAxis = new object[]
        {
            new { type = "value", name = "件", minInterval = 1 },
            new { type = "value", name = "%", min = 0, max = 100, splitLine = new { show = false } },
        },
        series = new object[] { new { name = Indicators.Reported.Name, type = "bar", barMaxWidth = 22, z = 1, itemStyle = new { opacity = 0.55 }, data = points.Select(p => p.Counts.Reported).ToArray() } }
            .Concat(TrendRates.Select(r => (object)new
            {
                name = r.Name,
                type = "line",
                yAxisIndex = 1,
                connectNulls = false,
                z = 3, // over the bars: a month's rates sit inside its volume bar
                symbolSize = print ? 4 : 6,
                data = points.Select(p => StatsCharts.Percent(r.Compute(p.Counts))).ToArray(),
            }))
            .ToArray(),
    };

    /// <summary>Horizontal bars of a volume breakdown (by source or by category), largest on top.</summary>
    public static object Bars(IReadOnlyList<VolumeRow> rows, string seriesName) => new
    {
        tooltip = new { trigger = "item", formatter = "{b}：{c} 件" },
        grid = new { left = 8, right = 40, top = 8, bottom = 8, containLabel = true },
        xAxis = new { type = "value", minInterval = 1 },
        yAxis = new { type = "category", inverse = true, data = rows.Select(r => r.Name).ToArray() },
        series = new object[]
        {
            new { name = seriesName, type = "bar", barMaxWidth = 18, data = rows.Select(r => r.Count).ToArray(), label = new { show = true, position = "right" } },
        },
    };

    /// <summary>A pie of a volume breakdown.</summary>
    public static object Pie(IReadOnlyList<VolumeRow> rows, string seriesName) => new
    {
        tooltip = new { trigger = "item", formatter = "{b}：{c} 件（{d}%）" },
        series = new object[]
        {
            new
            {
                name = seriesName, type = "pie", radius = new[] { "35%", "65%" },
                label = new { formatter = "{b}\n{c}" },
                data = rows.Select(r => new { name = r.Name, value = r.Count }).ToArray(),
            },
        },
    };

    /// <summary>The composite score per ranked row as bars, in rank order (rows without a score are left out).</summary>
    public static object Scores(IReadOnlyList<StatsRow> rows)
    {
        var scored = rows.Where(r => r.Ranked.Score is not null).ToList();
        return new
        {
            tooltip = new { trigger = "axis" },
            grid = new { left = 8, right = 40, top = 8, bottom = 8, containLabel = true },
            xAxis = new { type = "value", min = 0, max = 100 },
            yAxis = new { type = "category", inverse = true, data = scored.Select(r => r.Name).ToArray() },
            series = new object[]
            {
                new
                {
                    name = "综合得分", type = "bar", barMaxWidth = 16,
                    data = scored.Select(r => new
                    {
                        value = r.Ranked.Score,
                        itemStyle = new { color = r.Ranked.Board switch { Board.Red => "#c81e1e", Board.Black => "#57606a", _ => "#3182bd" } },
                    }).ToArray(),
                    label = new { show = true, position = "right" },
                },
            },
        };
    }
}
