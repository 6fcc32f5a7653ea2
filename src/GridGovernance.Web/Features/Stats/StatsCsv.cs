using System.Globalization;
using System.Text;
using GridGovernance.Domain.Evaluation;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// A ranking table as CSV for Excel/WPS: UTF-8 with a BOM (without it Excel on Chinese Windows reads the headers as GBK and
/// shows mojibake), CRLF lines, fields quoted when they hold a comma, quote or line break, and a leading quote-apostrophe
/// for cells that a spreadsheet would run as a formula.
/// </summary>
internal static class StatsCsv
{
    public static readonly string[] FixedHeaders = ["排名", "编码", "名称", "综合得分", "等次", "红黑榜", "上月排名", "变化"];

    public static byte[] Write(StatsTable table)
    {
        var text = new StringBuilder();
        Line(text, FixedHeaders.Concat(Indicators.All.Select(i => i.Name)));
        foreach (var row in table.Rows)
        {
            var r = row.Ranked;
            Line(text, new[]
            {
                r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", row.Code, row.Name, Scoring.ScoreText(r.Score), r.Grade?.ToString() ?? "",
                BoardText(r.Board), r.PreviousRank?.ToString(CultureInfo.InvariantCulture) ?? "", r.ChangeText,
            }.Concat(Indicators.All.Select(i => row.Value(i).Text)));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static string BoardText(Board board) => board switch
    {
        Board.Red => "红榜",
        Board.Black => "黑榜",
        _ => "",
    };

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' || (value.Length > 1 && value[0] == '-' && !char.IsDigit(value[1])))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
