using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>An open report near the resident's pin, as the public form may show it: no description, no photo, no person.</summary>
public sealed record NearbyReport(string Number, string CategoryName, string StateName, double DistanceMetres, DateTimeOffset CreatedAt, int Seconds);

/// <summary>
/// 附议 ("我也遇到"): before a resident files, the form shows the open reports of the same 小类 in the scanned grid within
/// <see cref="DuplicateHints.RadiusMetres"/> and <see cref="DuplicateHints.Window"/> (the staff's duplicate rule); pressing
/// 我也遇到 adds a 附议 to that case — a timeline entry and a notice to the grid — instead of a new case. The public list shows
/// the kind, the state, the distance and the age only: descriptions and photos are the first reporter's.
/// </summary>
internal static class CaseSeconding
{
    public const string Action = "second";

    public static async Task<IReadOnlyList<NearbyReport>> NearbyAsync(NpgsqlDataSource dataSource, string gridCode, string category,
        double lng, double lat, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT o.number, k.major_name || ' · ' || k.name, o.state, ST_Distance(o.geom::geography, p.pt::geography), o.created_at,
                   (SELECT count(*) FROM case_timeline t WHERE t.case_id = o.id AND t.action = @second)::int
            FROM (SELECT ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS pt) p
            JOIN case_file o ON {DuplicateHints.NearPointSql("o", "p.pt")}
            JOIN case_category k ON k.code = o.category
            WHERE o.grid_code = @grid
              AND o.merged_into_case_id IS NULL
            ORDER BY 4, o.created_at DESC
            LIMIT 5
            """);
        DuplicateHints.AddNearPointParameters(command, lng, lat, category, now);
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        command.Parameters.Add(new NpgsqlParameter<string>("second", Action));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<NearbyReport>();
        while (await reader.ReadAsync(ct))
            found.Add(new NearbyReport(reader.GetString(0), reader.GetString(1), CaseStates.FromCode(reader.GetString(2))?.Chinese() ?? "",
                Math.Round(reader.GetDouble(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5)));
        return found;
    }

    public abstract record Result
    {
        public sealed record Seconded(string Number, string StateName, int Seconds) : Result;
        public sealed record Refused(int Status, string Reason) : Result;
    }

    /// <summary>
    /// One transaction: the open case of the scanned grid with that number, locked; its 附议 entry (the form's key makes a
    /// retry land once) and the notice to the grid.
    /// </summary>
    public static async Task<Result> SecondAsync(NpgsqlDataSource dataSource, string gridCode, string? number, string? requestKey,
        CancellationToken ct)
    {
        if (requestKey is null || !Plumbing.IdempotencyKeys.IsValid(requestKey))
            return new Result.Refused(StatusCodes.Status400BadRequest, "页面已过期，请刷新后再试。");
        if (CaseNumber.TryParse(number?.ToUpperInvariant()) is not { } parsed)
            return new Result.Refused(StatusCodes.Status400BadRequest, "缺少要附议的案件编号。");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        string state;
        await using (var select = new NpgsqlCommand("""
            SELECT c.id, c.state FROM case_file c
            WHERE c.number = $1 AND c.grid_code = $2 AND c.merged_into_case_id IS NULL FOR UPDATE
            """, connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parsed.ToString() });
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = gridCode });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return new Result.Refused(StatusCodes.Status404NotFound, "未找到该案件，请直接提交您的问题。");
            (id, state) = (reader.GetInt64(0), reader.GetString(1));
        }
        var current = CaseStates.FromCode(state);
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey, ct) is not { } already)
        {
            if (current is not { } open || !open.IsOpen())
                return new Result.Refused(StatusCodes.Status409Conflict, "该问题已办结。如果问题仍然存在，请直接提交新的问题。");
            await CaseRecords.TimelineAsync(connection, tx, id, new CaseRecords.Actor("resident", null, "resident"), Action, state, state,
                "其他群众附议：也遇到这个问题", ct, requestKey: requestKey);
            await CaseRecords.NotifyAsync(connection, tx, gridCode, id, null, Action, $"群众附议：案件 {parsed} 又有群众反映同一问题。", ct);
        }
        else if (already != id)
        {
            return new Result.Refused(StatusCodes.Status422UnprocessableEntity, "页面已过期，请刷新后再试。");
        }
        await using var count = new NpgsqlCommand("SELECT count(*)::int FROM case_timeline WHERE case_id = $1 AND action = $2", connection, tx);
        count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Action });
        var seconds = (int)(await count.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return new Result.Seconded(parsed.ToString(), current?.Chinese() ?? "", seconds);
    }
}
