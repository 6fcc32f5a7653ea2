using System.Globalization;
using GridGovernance.Domain.Evaluation;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// A ranking table as a spreadsheet (CSV or xlsx through <see cref="Plumbing.SpreadsheetFile"/>): the columns, their Chinese
/// headers and each row's cells, written once for both formats.
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

    public static string BoardText(Board board) => board switch
    {
        Board.Red => "红榜",
        Board.Black => "黑榜",
        _ => "",
    };
}
