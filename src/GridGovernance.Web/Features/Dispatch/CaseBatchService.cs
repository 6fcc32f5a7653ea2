using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>One case's result in a batch: its number when the caller may see the case (else null: nothing is told of it).</summary>
internal sealed record BatchLine(long CaseId, string? Number, ActionOutcome Outcome)
{
    public string Name => Number ?? $"编号 {CaseId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>成功, or the refusal of this case in Chinese.</summary>
    public string Result => Outcome is ActionOutcome.Done ? "成功" : Outcome.Problem ?? "不存在或不在您的管辖范围内";
}

/// <summary>A batch's answer: a refusal of the whole batch (bad action, role, key or selection; nothing ran), or a line per case.</summary>
internal sealed record BatchResult(CaseAction? Action, ActionOutcome? Refusal, IReadOnlyList<BatchLine> Lines)
{
    public IReadOnlyList<BatchLine> Done => Lines.Where(l => l.Outcome is ActionOutcome.Done).ToList();

    public IReadOnlyList<BatchLine> Refused => Lines.Where(l => l.Outcome is not ActionOutcome.Done).ToList();

    /// <summary>"批量核实：3 件已办理，1 件未办理——编号：理由。" (both consoles say it in these words).</summary>
    public string Summary => $"批量{Action?.Chinese()}：{Done.Count} 件已办理"
        + (Refused.Count == 0 ? "。" : $"，{Refused.Count} 件未办理——" + string.Join("；", Refused.Select(l => $"{l.Name}：{l.Result}")) + "。");

    /// <summary>The HTTP status of the batch as a whole: 200 when any case landed, else the refusals' (404 when none was found).</summary>
    public int Status => Refusal is not null ? Refusal.Status
        : Done.Count > 0 ? StatusCodes.Status200OK
        : Refused.All(l => l.Outcome is ActionOutcome.NotFound) ? StatusCodes.Status404NotFound
        : Refused.Max(l => l.Outcome.Status);
}

/// <summary>
/// Batch 核实 / 受理立案 / 派遣 over several selected cases, for both consoles (the form POST /dispatch/batch and the interactive
/// page): each case is its own transaction through <see cref="CaseActionService"/> — the same rules, audit and notices — with its
/// own request key derived from the batch's ("{key}-{caseId}"), so a resubmitted batch lands once per case and one refused case
/// does not hold back the others.
/// </summary>
internal sealed class CaseBatchService(CaseActionService cases, NpgsqlDataSource dataSource)
{
    /// <summary>The batch actions: the everyday path from a list of new reports to units at work.</summary>
    public static readonly IReadOnlyList<CaseAction> Actions = [CaseAction.Verify, CaseAction.Accept, CaseAction.Dispatch];

    /// <summary>An input limit (a page of the list holds 50).</summary>
    public const int MaxCases = 50;

    /// <summary>The batch's key leaves room for "-{caseId}" within the 100 characters a request key may have.</summary>
    public const int MaxKeyLength = 80;

    public async Task<BatchResult> ApplyAsync(CurrentStaff staff, CaseAction? action, IReadOnlyList<long> caseIds, string? requestKey,
        string? reason, IReadOnlyList<string> units, CancellationToken ct)
    {
        if (action is not { } chosen || !Actions.Contains(chosen))
            return new(action, new ActionOutcome.Invalid("批量操作只能是核实、受理立案或派遣。"), []);
        if (CasePermissions.Refusal(staff.Role, chosen) is { } notAllowed) return new(chosen, new ActionOutcome.Forbidden(notAllowed), []);
        if (!IdempotencyKeys.IsValid(requestKey) || requestKey!.Length > MaxKeyLength)
            return new(chosen, new ActionOutcome.Invalid(CaseActionService.BadKey), []);
        var ids = caseIds.Where(id => id > 0).Distinct().ToList();
        if (ids.Count == 0) return new(chosen, new ActionOutcome.Invalid("请先勾选要批量处理的案件。"), []);
        if (ids.Count > MaxCases) return new(chosen, new ActionOutcome.Invalid($"一次最多批量处理 {MaxCases} 件，您选择了 {ids.Count} 件。"), []);

        var outcomes = new List<(long Id, ActionOutcome Outcome)>();
        foreach (var id in ids)
            outcomes.Add((id, await cases.ApplyAsync(staff, id,
                new CaseCommand(chosen, $"{requestKey}-{id.ToString(CultureInfo.InvariantCulture)}", reason, units), ct)));
        var numbers = await NumbersAsync(staff, ids, ct);
        return new(chosen, null, outcomes.Select(o => new BatchLine(o.Id, numbers.GetValueOrDefault(o.Id), o.Outcome)).ToList());
    }

    /// <summary>The case numbers of <paramref name="ids"/> that the caller may see (others stay "编号 N": nothing is told of them).</summary>
    private async Task<Dictionary<long, string>> NumbersAsync(CurrentStaff staff, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff,
            $"SELECT c.id, c.number FROM case_file c WHERE c.id = ANY(@ids) AND {StaffScopeSql.SeesCase("c")}");
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var numbers = new Dictionary<long, string>();
        while (await reader.ReadAsync(ct)) numbers[reader.GetInt64(0)] = reader.GetString(1);
        return numbers;
    }
}
