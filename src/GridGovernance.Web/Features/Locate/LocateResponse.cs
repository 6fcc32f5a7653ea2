using System.Text.Json.Serialization;

namespace GridGovernance.Web.Features.Locate;

/// <summary>The body of a successful /api/locate answer (camelCase in JSON, as the web defaults give).</summary>
internal sealed record LocateResponse(
    LocatePoint Point, LocatePoint? Input, LocateArea Township, LocateArea Village, LocateArea Grid,
    // False when the point lies in a sliver between grids and was assigned to the nearest one (属地兜底).
    bool InsideGrid,
    LocatePerson? GridHead, IReadOnlyList<LocatePerson> GridWorkers, LocateLinkUnit? LinkUnit);

internal sealed record LocatePoint(double Lng, double Lat, string Crs);

internal sealed record LocateArea(string Code, string Name);

/// <summary>A person who serves the place; the phone is always masked (138****5678).</summary>
internal sealed record LocatePerson(string Name, string? Phone);

internal sealed record LocateLinkUnit(string Code, string? Name, double DistanceMetres, LocatePerson? Leader);

/// <summary>
/// Serialisation code generated at build time for the hottest public endpoint: no reflection-built metadata, and the
/// types are the contract (an anonymous object let a renamed variable silently rename a JSON field).
/// </summary>
[JsonSerializable(typeof(LocateResponse))]
internal sealed partial class LocateJsonContext : JsonSerializerContext;
