using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// The one writer of the evaluation facts (<c>eval_case_fact</c>, <c>eval_order_fact</c>, migration 0050). Called inside the
/// transaction of every change that writes a timeline entry (<c>CaseRecords.TimelineAsync</c> and the resident's rating),
/// after the change itself: it reads the case and its orders as the transaction now sees them, derives the facts with the
/// domain's <see cref="FactRules"/> and upserts them. Rankings then sum a month's facts instead of scanning cases.
/// A new case's first row comes from the database itself (trigger <c>case_file_eval_fact</c>), so intake stays one statement.
/// The row also names whose post the case counts for (岗位评价, migration 0052): its reporter and its registrar (the account
/// of the first 立案 entry) with the month of that entry, so the posts figures read facts only.
/// </summary>
internal static class EvaluationFacts
{
    private const string CaseSql = """
        SELECT c.county_code, c.grid_code, c.category, c.source, c.state, c.created_at, c.deadline_at, c.closed_at, c.rework_count,
               c.satisfaction, c.resolved, c.rated_at,
               EXISTS (SELECT 1 FROM case_timeline t WHERE t.case_id = c.id AND t.action = $2),
               EXISTS (SELECT 1 FROM case_timeline t WHERE t.case_id = c.id AND t.action = $3 AND t.actor_kind = 'system'),
               c.reported_by_account_id, r.actor_account_id, r.at
        FROM case_file c
        -- Its registration (立案) for 岗位评价: the first accept entry made by an account.
        LEFT JOIN LATERAL (SELECT t.actor_account_id, t.at FROM case_timeline t
                           WHERE t.case_id = c.id AND t.action = $4 AND t.actor_account_id IS NOT NULL
                           ORDER BY t.at, t.id LIMIT 1) r ON true
        WHERE c.id = $1
        """;

    private const string OrdersSql = """
        SELECT o.id, o.unit_code, o.state, o.dispatched_at, o.deadline_at, o.whistle_id IS NOT NULL, o.signed_at,
               (SELECT min(t.at) FROM case_timeline t WHERE t.work_order_id = o.id AND t.action = $2),
               o.arrived_at, o.fed_back_at, o.extension_status, o.rework_count
        FROM work_order o WHERE o.case_id = $1 ORDER BY o.id
        """;

    private const string UpsertCaseSql = """
        INSERT INTO eval_case_fact AS f (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
            due_month, counted, closed_in_month, closed_on_time, checked, reworked, handled_level, escalated, close_minutes,
            rated_month, satisfied, resolved, reporter_account_id, registrar_account_id, registered_month)
        SELECT c.id, c.county_code, c.township_code, c.village_code, c.grid_code, c.category, c.source,
               $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17
        FROM case_file c WHERE c.id = $1
        ON CONFLICT (case_id) DO UPDATE SET
            reported_month = EXCLUDED.reported_month, due_month = EXCLUDED.due_month, counted = EXCLUDED.counted,
            closed_in_month = EXCLUDED.closed_in_month, closed_on_time = EXCLUDED.closed_on_time, checked = EXCLUDED.checked,
            reworked = EXCLUDED.reworked, handled_level = EXCLUDED.handled_level, escalated = EXCLUDED.escalated,
            close_minutes = EXCLUDED.close_minutes, rated_month = EXCLUDED.rated_month, satisfied = EXCLUDED.satisfied,
            resolved = EXCLUDED.resolved, reporter_account_id = EXCLUDED.reporter_account_id,
            registrar_account_id = EXCLUDED.registrar_account_id, registered_month = EXCLUDED.registered_month, updated_at = now()
        """;

    private const string UpsertOrderSql = """
        INSERT INTO eval_order_fact AS f (order_id, case_id, unit_code, department_code, county_code, township_code, village_code,
            grid_code, month, counted, responded_in_time, sign_minutes, arrive_minutes, returned, extended, handled, reworked, due,
            fed_back_on_time)
        SELECT o.id, o.case_id, o.unit_code, u.department_code, c.county_code, c.township_code, c.village_code, c.grid_code,
               $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
        FROM work_order o JOIN case_file c ON c.id = o.case_id JOIN department_unit u ON u.code = o.unit_code
        WHERE o.id = $1
        ON CONFLICT (order_id) DO UPDATE SET
            month = EXCLUDED.month, counted = EXCLUDED.counted, responded_in_time = EXCLUDED.responded_in_time,
            sign_minutes = EXCLUDED.sign_minutes, arrive_minutes = EXCLUDED.arrive_minutes, returned = EXCLUDED.returned,
            extended = EXCLUDED.extended, handled = EXCLUDED.handled, reworked = EXCLUDED.reworked, due = EXCLUDED.due,
            fed_back_on_time = EXCLUDED.fed_back_on_time, updated_at = now()
        """;

    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, CancellationToken ct)
    {
        string county;
        CaseFactInput caseInput;
        var orders = new List<OrderFactInput>();
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            batch.BatchCommands.Add(Command(CaseSql, caseId, CaseAction.VillageResolve.Code(), CaseAction.Escalate.Code(),
                CaseAction.Accept.Code()));
            batch.BatchCommands.Add(Command(OrdersSql, caseId, WorkOrderAction.Return.Code()));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return;
            county = reader.GetString(0);
            var partial = new CaseFactInput(caseId, reader.GetString(1), reader.GetString(2),
                CaseSources.FromCode(reader.GetString(3)) ?? CaseSource.QrScan,
                CaseStates.FromCode(reader.GetString(4)) ?? CaseStateMachine.Initial,
                reader.GetFieldValue<DateTimeOffset>(5), Instant(reader, 6), Instant(reader, 7), reader.GetInt32(8),
                Satisfactions.FromCode(reader.IsDBNull(9) ? null : reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetBoolean(10), Instant(reader, 11),
                HadOrders: false, VillageResolved: reader.GetBoolean(12), Escalated: reader.GetBoolean(13),
                ReportedBy: Long(reader, 14), RegisteredBy: Long(reader, 15), RegisteredAt: Instant(reader, 16));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                orders.Add(new OrderFactInput(reader.GetInt64(0), caseId, reader.GetString(1),
                    WorkOrderStates.FromCode(reader.GetString(2)) ?? WorkOrderState.Pending,
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5),
                    Instant(reader, 6), Instant(reader, 7), Instant(reader, 8), Instant(reader, 9),
                    ExtensionStatuses.FromCode(reader.GetString(10)) ?? ExtensionStatus.None, reader.GetInt32(11)));
            caseInput = partial with { HadOrders = orders.Count > 0 };
        }

        // Only durations and the 签收 limit need the calendar: a case just reported, verified or accepted does without it.
        var calendar = orders.Count > 0 || caseInput.ClosedAt is not null
            ? await WorkCalendarLoader.LoadAsync(connection, tx, county, ct)
            : WorkCalendar.MondayToFriday;
        var fact = FactRules.ForCase(caseInput, calendar);

        await using var write = new NpgsqlBatch(connection, tx);
        write.BatchCommands.Add(Command(UpsertCaseSql, caseId, fact.ReportedMonth.FirstDay, Month(fact.DueMonth), fact.Counted,
            fact.ClosedInMonth, fact.ClosedOnTime, fact.Checked, fact.Reworked, Level(fact.Level), fact.Escalated,
            Int(fact.CloseMinutes), Month(fact.RatedMonth), Bool(fact.Satisfied), Bool(fact.Resolved), Id(fact.ReporterId),
            Id(fact.RegistrarId), Month(fact.RegisteredMonth)));
        foreach (var order in orders.Select(o => FactRules.ForOrder(o, calendar)))
            write.BatchCommands.Add(Command(UpsertOrderSql, order.OrderId, order.Month.FirstDay, order.Counted, order.RespondedInTime,
                Int(order.SignMinutes), Int(order.ArriveMinutes), order.Returned, order.Extended, order.Handled, order.Reworked,
                order.Due, order.FedBackOnTime));
        await write.ExecuteNonQueryAsync(ct);
    }

    public static string? LevelCode(HandledLevel? level) => level switch
    {
        HandledLevel.Grid => "grid",
        HandledLevel.Village => "village",
        HandledLevel.Township => "township",
        _ => null,
    };

    private static DateTimeOffset? Instant(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);

    private static long? Long(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    private static NpgsqlParameter Month(EvaluationMonth? month) =>
        new() { Value = (object?)month?.FirstDay ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };

    private static NpgsqlParameter Int(int? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    private static NpgsqlParameter Id(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Bool(bool? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean };

    private static NpgsqlParameter Level(HandledLevel? level) =>
        new() { Value = (object?)LevelCode(level) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
