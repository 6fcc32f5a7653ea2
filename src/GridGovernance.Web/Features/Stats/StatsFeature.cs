using GridGovernance.Web.Infrastructure;
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
        return services;
    }

    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var territorial = app.MapGroup("/api/staff/stats").RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        territorial.MapGet("/ranking", StatsEndpoints.RankingAsync).WithName("GetStatsRanking");
        territorial.MapGet("/ranking.csv", StatsEndpoints.RankingFile(SpreadsheetFormat.Csv)).WithName("GetStatsRankingCsv");
        territorial.MapGet("/ranking.xlsx", StatsEndpoints.RankingFile(SpreadsheetFormat.Xlsx)).WithName("GetStatsRankingXlsx");
        territorial.MapGet("/cases", StatsEndpoints.CasesAsync).WithName("GetStatsCases");
        app.MapGet("/api/staff/stats/published", StatsEndpoints.PublishedAsync).RequireAuthorization(AuthSetup.StaffPolicy)
            .WithName("GetStatsPublished");
        return app;
    }
}
