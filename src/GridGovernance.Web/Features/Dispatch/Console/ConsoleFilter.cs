using System.Globalization;
using System.Text;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// The console's filters, read from the query string of /dispatch and of the markers API (the same rules for both, so the map
/// shows what the list lists). <see cref="Problem"/> holds the Chinese reason when a value is not understood.
/// </summary>
public sealed record ConsoleFilter(string State, string? Category, string? Source, bool OverdueOnly, string? Area, int Page)
{
    public const int PageSize = 50;

    /// <summary>The longest search text taken (a case number is 17 characters, an address a few dozen).</summary>
    public const int MaxSearchLength = 50;

    /// <summary>Search (搜索): a case number or part of one, words of the description, a village or grid name, or the reporter's full mobile number.</summary>
    public string? Search { get; init; }

    /// <summary>"urgency" (default: 应急 first, then red, then the oldest unverified report) or "newest".</summary>
    public string Sort { get; init; } = UrgencySort;

    public const string UrgencySort = "urgency";
    public const string NewestSort = "newest";
    public const string OpenStates = "open";
    public const string AllStates = "all";

    public string? Problem { get; init; }

    public static ConsoleFilter Default { get; } = new(OpenStates, null, null, false, null, 1);

    /// <summary>The state codes the filter admits (SQL: state = ANY).</summary>
    public string[] StateCodes() => State switch
    {
        OpenStates => [.. StateSets.OpenCases],
        AllStates => CaseStates.All.Select(s => s.Code()).ToArray(),
        var code => [code],
    };

    public static ConsoleFilter Parse(IQueryCollection query, string scope)
    {
        string? Value(string name) => query[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
        var problems = new List<string>();

        var state = Value("state") ?? OpenStates;
        if (state is not (OpenStates or AllStates) && CaseStates.FromCode(state) is null)
        {
            problems.Add($"未知的案件状态“{state}”。");
            state = OpenStates;
        }
        var category = Value("category");
        if (category is not null && !(category.Length == 5 && (category[0] is 'E' or 'C') && category[1..].All(char.IsAsciiDigit)))
        {
            problems.Add($"小类编码“{category}”格式不对（例如 E0102）。");
            category = null;
        }
        var source = Value("source");
        if (source is not null && CaseSources.FromCode(source) is null)
        {
            problems.Add($"未知的案件来源“{source}”。");
            source = null;
        }
        var area = Value("area");
        // An area is any territory code inside the caller's scope (a township for the county, a village, a grid); anything
        // else would either widen the scope or find nothing, so it is refused rather than silently ignored.
        if (area is not null && (!area.All(char.IsAsciiDigit) || !area.StartsWith(scope, StringComparison.Ordinal)))
        {
            problems.Add($"区域编码“{area}”不在您的管辖范围内。");
            area = null;
        }
        var page = 1;
        if (Value("page") is { } pageText && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 10_000))
        {
            problems.Add("页码应为 1 到 10000 的整数。");
            page = 1;
        }
        var overdue = Value("overdue") is "1" or "true" or "on";
        var search = Value("q");
        if (search is { Length: > MaxSearchLength })
        {
            problems.Add($"搜索内容最多 {MaxSearchLength} 个字。");
            search = null;
        }
        var sort = Value("sort") ?? UrgencySort;
        if (sort is not (UrgencySort or NewestSort))
        {
            problems.Add("排序应为 urgency（按紧急程度）或 newest（最新上报在前）。");
            sort = UrgencySort;
        }
        return new ConsoleFilter(state, category, source, overdue, area == scope ? null : area, page)
        {
            Problem = problems.Count == 0 ? null : string.Join(" ", problems),
            Search = search,
            Sort = sort,
        };
    }

    /// <summary>The query string (without "?") that reproduces this filter; <paramref name="page"/> overrides the page.</summary>
    public string ToQuery(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        if (State != OpenStates) Add("state", State);
        Add("category", Category);
        Add("source", Source);
        if (OverdueOnly) Add("overdue", "1");
        Add("area", Area);
        Add("q", Search);
        if (Sort != UrgencySort) Add("sort", Sort);
        var p = page ?? Page;
        if (p > 1) Add("page", p.ToString(CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }

    /// <summary>The drawer link with "{id}" for the case id (the map script fills it in).</summary>
    public string CaseLinkTemplate() => ToQuery() is { Length: > 0 } q ? $"/dispatch?{q}&case={{id}}" : "/dispatch?case={id}";

    /// <summary>A console link with this filter and, optionally, a case's drawer open.</summary>
    public string Link(long? caseId = null, int? page = null, string? notice = null)
    {
        var query = new StringBuilder(ToQuery(page));
        if (caseId is { } id) query.Append(query.Length > 0 ? "&" : "").Append("case=").Append(id.ToString(CultureInfo.InvariantCulture));
        if (notice is not null) query.Append(query.Length > 0 ? "&" : "").Append("done=").Append(Uri.EscapeDataString(notice));
        return query.Length == 0 ? "/dispatch" : "/dispatch?" + query;
    }
}
