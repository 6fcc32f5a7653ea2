using NetTopologySuite.IO.Converters;

namespace GridGovernance.Web.Infrastructure;

internal static class JsonSetup
{
    /// <summary>
    /// Geometry and features that .NET holds as NetTopologySuite objects are written (and read) as GeoJSON by one converter,
    /// NetTopologySuite.IO.GeoJSON4STJ's; collections built from database rows come whole from PostGIS (<see cref="Plumbing.GeoJsonSql"/>).
    /// </summary>
    public static void AddGridGovernanceJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new GeoJsonConverterFactory()));
}
