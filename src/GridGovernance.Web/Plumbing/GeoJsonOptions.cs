using System.Text.Json;
using NetTopologySuite.IO.Converters;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// The serializer options that read and write NetTopologySuite geometry as GeoJSON (NetTopologySuite.IO.GeoJSON4STJ) outside
/// the HTTP pipeline, which has its own copy (Infrastructure/JsonSetup): drawn shapes, imported areas, grid edits.
/// </summary>
internal static class GeoJsonOptions
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web) { Converters = { new GeoJsonConverterFactory() } };
}
