namespace GridGovernance.Domain.Evaluation;

/// <summary>The county's 红黑榜 rule: the best <see cref="Red"/> on the red list, the worst <see cref="Black"/> on the black list.</summary>
public sealed record HonourRule(int Red = 3, int Black = 3)
{
    public static HonourRule Default { get; } = new();

    public const string CriticismRule = "当月被通报批评的单位不能上红榜。";

    public string Text => $"得分前 {Red} 名上红榜、后 {Black} 名上黑榜；{CriticismRule}";
}

public enum Board { None, Red, Black }

/// <summary>One row to rank: an area or unit with its month's score and whether it was publicly criticised (通报批评).</summary>
public sealed record Candidate(string Code, string Name, double? Score, bool Criticised);

/// <summary>A ranked row. <see cref="Change"/> is positive when the row climbed since last month (rank 5 → 2 is +3).</summary>
public sealed record RankedRow(string Code, string Name, double? Score, Grade? Grade, int? Rank, int? PreviousRank, Board Board)
{
    public int? Change => Rank is { } now && PreviousRank is { } before ? before - now : null;

    public string ChangeText => Change switch
    {
        null => Rank is null ? Share.None : "新",
        0 => "持平",
        > 0 and var up => $"↑{up}",
        var down => $"↓{-down}",
    };
}

/// <summary>
/// Ranking and 红黑榜, written once. Rows with a score are ranked by score, highest first, with equal scores sharing a rank
/// (1, 2, 2, 4); rows without a score (nothing to evaluate) are listed after them unranked. The red list takes the best ranked
/// rows in order, skipping any row publicly criticised that month; the black list takes the worst rows not already red.
/// </summary>
public static class Rankings
{
    public static IReadOnlyList<RankedRow> Rank(IEnumerable<Candidate> candidates, HonourRule rule,
        IReadOnlyDictionary<string, int>? previousRanks = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(rule);
        var all = candidates.ToList();
        var scored = all.Where(c => c.Score is not null)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var ranks = new int[scored.Count];
        for (var i = 0; i < scored.Count; i++)
            ranks[i] = i > 0 && scored[i].Score == scored[i - 1].Score ? ranks[i - 1] : i + 1;

        var red = scored.Where(c => !c.Criticised).Take(rule.Red).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var black = Enumerable.Reverse(scored).Where(c => !red.Contains(c.Code)).Take(rule.Black).Select(c => c.Code)
            .ToHashSet(StringComparer.Ordinal);

        var rows = new List<RankedRow>(all.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            var c = scored[i];
            rows.Add(new RankedRow(c.Code, c.Name, c.Score, Scoring.GradeOf(c.Score!.Value), ranks[i],
                previousRanks?.GetValueOrDefault(c.Code) is > 0 and var p ? p : null,
                red.Contains(c.Code) ? Board.Red : black.Contains(c.Code) ? Board.Black : Board.None));
        }
        rows.AddRange(all.Where(c => c.Score is null).OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new RankedRow(c.Code, c.Name, null, null, null,
                previousRanks?.GetValueOrDefault(c.Code) is > 0 and var p ? p : null, Board.None)));
        return rows;
    }
}
