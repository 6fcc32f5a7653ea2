using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using GridGovernance.Web.Plumbing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// Evaluation (考核, issue 15): the facts every timeline entry keeps (<see cref="EvaluationFacts"/>), monthly rankings, the
/// monthly close and the 红黑榜, the /stats page and its exports.
/// </summary>
internal static class StatsFeature
{
    public static IServiceCollection AddStats(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StatsService>();
        services.AddSettings<MonthlyCloseOptions>(MonthlyCloseOptions.Section);
        services.AddSettings<FactBackfillOptions>(FactBackfillOptions.Section);
        // Singletons first, so tests can call RunOnceAsync on the instance the host runs.
        services.AddSingleton<MonthlyCloseService>();
        services.AddHostedService(sp => sp.GetRequiredService<MonthlyCloseService>());
        services.AddSingleton<FactBackfillService>();
        services.AddHostedService(sp => sp.GetRequiredService<FactBackfillService>());
        return services;
    }

    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var territorial = app.MapGroup("/api/staff/stats").RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        territorial.MapGet("/ranking", StatsEndpoints.RankingAsync).WithName("GetStatsRanking");
        territorial.MapGet("/ranking.csv", StatsEndpoints.RankingFile(SpreadsheetFormat.Csv)).WithName("GetStatsRankingCsv");
        territorial.MapGet("/ranking.xlsx", StatsEndpoints.RankingFile(SpreadsheetFormat.Xlsx)).WithName("GetStatsRankingXlsx");
        foreach (var (table, path, name) in new[]
                 {
                     (StatsEndpoints.PageTable.VolumeBySource, "volume-by-source", "GetStatsVolumeBySource"),
                     (StatsEndpoints.PageTable.VolumeByCategory, "volume-by-category", "GetStatsVolumeByCategory"),
                     (StatsEndpoints.PageTable.Posts, "posts", "GetStatsPosts"),
                 })
        {
            territorial.MapGet($"/{path}.csv", StatsEndpoints.PageTableFile(table, SpreadsheetFormat.Csv)).WithName(name + "Csv");
            territorial.MapGet($"/{path}.xlsx", StatsEndpoints.PageTableFile(table, SpreadsheetFormat.Xlsx)).WithName(name + "Xlsx");
        }
        territorial.MapGet("/cases", StatsEndpoints.CasesAsync).WithName("GetStatsCases");
        app.MapGet("/api/staff/stats/published", StatsEndpoints.PublishedAsync).RequireAuthorization(AuthSetup.StaffPolicy)
            .WithName("GetStatsPublished");
        return app;
    }
}
