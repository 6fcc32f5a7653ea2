using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Geo;
using GridGovernance.Domain.Privacy;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Locate;

/// <summary>GET /api/locate?lng=…&amp;lat=…[&amp;crs=wgs84|gcj02]: which township, village and grid a point falls in, and who serves it.</summary>
internal static class LocateEndpoint
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        var gate = app.ServiceProvider.GetRequiredService<LocateGate>();
        // The app's JSON settings (as every other endpoint answers), with this endpoint's generated serialiser.
        var json = new LocateJsonContext(new JsonSerializerOptions(
            app.ServiceProvider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)).LocateResponse;
        app.MapGet("/api/locate", (HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
            HandleAsync(request, dataSource, gate, json, cancellationToken)).WithName("Locate");
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, NpgsqlDataSource dataSource, LocateGate gate,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<LocateResponse> json, CancellationToken cancellationToken)
    {
        var lng = QueryCoordinates.Coordinate(request.Query, "lng", "经度", 180);
        if (lng.Error is not null) return lng.Error;
        var lat = QueryCoordinates.Coordinate(request.Query, "lat", "纬度", 90);
        if (lat.Error is not null) return lat.Error;
        var input = new LngLat(lng.Value, lat.Value);

        var (wgs, crs, crsError) = QueryCoordinates.ToWgs84(request.Query, input);
        if (crsError is not null) return crsError;

        var row = await gate.RunAsync(token => LocateQuery.RunAsync(dataSource, wgs.Lng, wgs.Lat, token), cancellationToken);
        if (row is null)
            return ProblemDetailsSetup.Problem(404,
                $"该位置（经度 {wgs.Lng.ToString("0.######", CultureInfo.InvariantCulture)}，纬度 {wgs.Lat.ToString("0.######", CultureInfo.InvariantCulture)}）不在本系统管辖的县域范围内。");

        return Results.Json(ToResponse(row, wgs, crs, input), json);
    }

    private static LocateResponse ToResponse(LocateRow row, LngLat wgs, string crs, LngLat input)
    {
        // Staff come ordered by role, then id (LocateQuery): the first 网格长 is the head, every 网格员 is listed.
        LocatePerson? head = null;
        var workers = new List<LocatePerson>(row.StaffRoles.Length);
        for (var i = 0; i < row.StaffRoles.Length; i++)
        {
            var person = new LocatePerson(row.StaffNames[i], PhoneMask.Mask(row.StaffPhones[i]));
            if (row.StaffRoles[i] == "grid_head") head ??= person;
            else if (row.StaffRoles[i] == "grid_worker") workers.Add(person);
        }

        return new LocateResponse(
            Point: new LocatePoint(Math.Round(wgs.Lng, 7), Math.Round(wgs.Lat, 7), "wgs84"),
            Input: crs == "wgs84" ? null : new LocatePoint(input.Lng, input.Lat, crs),
            Township: new LocateArea(row.TownshipCode, row.TownshipName),
            Village: new LocateArea(row.VillageCode, row.VillageName),
            Grid: new LocateArea(row.GridCode, row.GridName),
            InsideGrid: row.InsideGrid,
            GridHead: head,
            GridWorkers: workers,
            LinkUnit: row.LinkUnitCode is null ? null : new LocateLinkUnit(
                row.LinkUnitCode, row.LinkUnitName, Math.Round(row.LinkUnitDistanceMetres ?? 0, 1),
                row.LeaderName is null ? null : new LocatePerson(row.LeaderName, PhoneMask.Mask(row.LeaderPhone))));
    }
}
