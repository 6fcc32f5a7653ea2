using System.Globalization;
using GridGovernance.Domain.Evaluation;

namespace GridGovernance.Web.Features.Stats;

/// <summary>The two volume tables of /stats.</summary>
internal enum VolumeTable
{
    BySource,
    ByCategory,
}

/// <summary>
/// The tables of /stats as spreadsheets (CSV or xlsx through <see cref="Plumbing.SpreadsheetFile"/>): the ranking, the volume
/// by source and by category, and 岗位评价 — the columns, their Chinese headers and each row's cells, written once for both
/// formats.
/// </summary>
internal static class StatsSheet
{
    public static readonly string[] FixedHeaders = ["排名", "编码", "名称", "综合得分", "等次", "红黑榜", "上月排名", "变化"];

    public static IEnumerable<string> Headers => FixedHeaders.Concat(Indicators.All.Select(i => i.Name));

    public static IEnumerable<IEnumerable<string>> Rows(StatsTable table) => table.Rows.Select(row =>
    {
        var r = row.Ranked;
        return new[]
        {
            r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", row.Code, row.Name, Scoring.ScoreText(r.Score), r.Grade?.ToString() ?? "",
            BoardText(r.Board), r.PreviousRank?.ToString(CultureInfo.InvariantCulture) ?? "", r.ChangeText,
        }.Concat(Indicators.All.Select(i => row.Value(i).Text));
    });

    /// <summary>The volume tables of /stats (by source, by 大类): one row per source or category, then the total.</summary>
    public static IEnumerable<string> VolumeHeaders(VolumeTable table) =>
        ["序号", "编码", table == VolumeTable.BySource ? "来源" : "类别（大类）", Indicators.Reported.Name, "占比"];

    public static IEnumerable<IEnumerable<string>> VolumeRows(IReadOnlyList<VolumeRow> rows, long total) =>
        rows.Select((row, i) => new[]
            {
                (i + 1).ToString(CultureInfo.InvariantCulture), row.Code, row.Name, row.Count.ToString(CultureInfo.InvariantCulture),
                new Share(row.Count, total).Text,
            })
            .Append(["", "", "合计", total.ToString(CultureInfo.InvariantCulture), new Share(total, total).Text]);

    /// <summary>The 岗位评价 table of /stats: the post holder, then <see cref="PostScores.All"/>, score and grade.</summary>
    public static IEnumerable<string> PostHeaders =>
        new[] { "岗位", "姓名", "所在区域" }.Concat(PostScores.All.Select(i => i.Name)).Concat(["岗位得分", "等次"]);

    public static IEnumerable<IEnumerable<string>> PostRows(IEnumerable<PostRow> posts) => posts.Select(post =>
        new[] { post.Post.PostName(), post.Name, post.ScopeCode }
            .Concat(PostScores.All.Select(i => i.Compute(post.Counts).Text))
            .Concat([Scoring.ScoreText(post.Values.Score), post.Values.Grade?.ToString() ?? Share.None]));

    public static string BoardText(Board board) => board switch
    {
        Board.Red => "红榜",
        Board.Black => "黑榜",
        _ => "",
    };
}
