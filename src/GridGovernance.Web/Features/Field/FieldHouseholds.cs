using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>A household on the 住户名单: who, how many people, where, and when someone of the grid last visited.</summary>
public sealed record FieldHousehold(string Code, string HeadName, int Members, string? Address, string? UnitName, DateTimeOffset? LastVisit);

/// <summary>
/// 住户名单 (GET /field/households): the households of the 联户长's unit (or the grid worker's grid) with their people count and
/// last visit, and 记录走访 (POST /field/households/{code}/visit, one row in household_visit under the form's key). Both go
/// through the one scope rule (<see cref="StaffScopeSql.SeesHousehold"/>); a household outside it reads as missing.
/// </summary>
internal static class FieldHouseholds
{
    public static void MapFieldHouseholds(this RouteGroupBuilder field)
    {
        field.MapGet("/households", ListAsync);
        field.MapPost("/households/{code}/visit", VisitAsync).DisableAntiforgery();
    }

    private static async Task<IResult> ListAsync(string? visited, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        if (staff.GridCode() is not { } gridCode || !staff.WorksInOneGrid()) return FieldPages.OnlyForGridStaff(staff, antiforgery, context);
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT h.code, h.head_name, h.members, h.address, u.name,
                   (SELECT max(v.visited_at) FROM household_visit v WHERE v.household_code = h.code)
            FROM household h LEFT JOIN link_unit u ON u.code = h.link_unit_code
            WHERE h.grid_code = @grid AND {StaffScopeSql.SeesHousehold("h")}
            ORDER BY h.link_unit_code NULLS LAST, h.code
            LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        var households = new List<FieldHousehold>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                households.Add(new FieldHousehold(reader.GetString(0), reader.GetString(1), reader.GetInt16(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return new RazorComponentResult<FieldHouseholdsPage>(new Dictionary<string, object?>
        {
            [nameof(FieldHouseholdsPage.User)] = FieldUser.Of(staff),
            [nameof(FieldHouseholdsPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldHouseholdsPage.Households)] = households,
            [nameof(FieldHouseholdsPage.Visited)] = visited,
        });
    }

    private static async Task<IResult> VisitAsync(string code, IFormCollection form, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!staff.WorksInOneGrid()) return FieldPages.OnlyForGridStaff(staff, antiforgery, context);
        if (!await antiforgery.IsRequestValidAsync(context))
            return FieldPages.Message(staff, antiforgery, context, StatusCodes.Status400BadRequest, "未记录", "页面已过期，请返回住户名单再点一次。");
        var key = FormReading.Text(form, "requestKey");
        if (TerritoryCode.Problem(code, TerritoryLevel.Household) is not null || !IdempotencyKeys.IsValid(key))
            return FieldPages.Message(staff, antiforgery, context, StatusCodes.Status400BadRequest, "未记录", "请求无效，请返回住户名单再点一次。");
        // One statement: inserted only when the household is in the caller's scope; a retry with the same key adds nothing.
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            WITH target AS (SELECT h.code FROM household h WHERE h.code = @code AND {StaffScopeSql.SeesHousehold("h")}),
                 inserted AS (INSERT INTO household_visit (household_code, account_id, request_key)
                              SELECT code, @account, @key FROM target ON CONFLICT (request_key) DO NOTHING RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM target)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("code", code));
        command.Parameters.Add(new NpgsqlParameter<long>("account", staff.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("key", key!));
        if (!(bool)(await command.ExecuteScalarAsync(ct))!)
            return FieldPages.Message(staff, antiforgery, context, StatusCodes.Status404NotFound, "未找到该住户",
                $"编码为 {code} 的住户不存在，或不在您的管辖范围内。");
        return FieldPages.SeeOther($"/field/households?visited={code}#h-{code}");
    }
}
