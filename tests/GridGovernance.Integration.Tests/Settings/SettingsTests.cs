using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace GridGovernance.Integration.Tests.Settings;

/// <summary>Every GridGov:* setting is bound through an options class, documented in the README and checked at start-up.</summary>
public sealed partial class SettingsTests
{
    /// <summary>Nothing listens on port 9: these apps must stop before they would ever touch a database.</summary>
    private const string NoDatabase = "Host=127.0.0.1;Port=9;Username=postgres;Database=gridgov;Timeout=2";

    private static SettingsCatalog Catalog()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddGridGovernanceFeatures();
        return builder.Services.Select(d => d.ImplementationInstance).OfType<SettingsCatalog>().Single();
    }

    /// <summary>The README's "## Configuration" table: each `GridGov:…` key in the first column, with the row's default cell.</summary>
    private static Dictionary<string, string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README.md has no ## Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            foreach (Match key in BacktickedKey().Matches(cells[1])) keys[key.Groups[1].Value] = cells[2].Trim();
        }
        return keys;
    }

    [GeneratedRegex("`(GridGov:[A-Za-z:]+)`")]
    private static partial Regex BacktickedKey();

    [Fact]
    public void The_READMEs_configuration_table_lists_exactly_the_bound_settings_with_their_defaults()
    {
        var bound = Catalog().Keys().ToDictionary(k => k.Key, k => k.Default, StringComparer.Ordinal);
        var documented = DocumentedKeys();

        bound.Count.ShouldBeGreaterThan(40);
        bound.Keys.Except(documented.Keys).ShouldBeEmpty("bound but missing from README.md's Configuration table");
        documented.Keys.Except(bound.Keys).ShouldBeEmpty("in README.md's Configuration table but bound by no options class");
        foreach (var (key, cell) in documented)
        {
            // A cell that is one bare value states the default; anything else ("2 × cores", "— (loopback only)") describes it.
            if (!Regex.IsMatch(cell, "^`[^`]+`$")) continue;
            Format(bound[key]).ShouldBe(cell.Trim('`'), $"default of {key}");
        }
    }

    private static string? Format(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };

    [Theory]
    [InlineData("GridGov:Supervision:IntervalSeconds", "0", "配置项 GridGov:Supervision:IntervalSeconds 的值无效：应为 0.01 到 86400 之间的数")]
    [InlineData("GridGov:Supervision:IntervalSeconds", "一分钟", "配置项 GridGov:Supervision:IntervalSeconds 的值无效：应为 0.01 到 86400 之间的数")]
    [InlineData("GridGov:Tiles:CacheMegabytes", "12.5", "配置项 GridGov:Tiles:CacheMegabytes 的值无效：应为 1 到 1048576 之间的整数")]
    [InlineData("GridGov:Supervision:Parallelism", "33", "配置项 GridGov:Supervision:Parallelism 的值无效：应为 1 到 32 之间的整数")]
    [InlineData("GridGov:MigrateOnStartup", "yes", "配置项 GridGov:MigrateOnStartup 的值无效：应为 true 或 false")]
    [InlineData("GridGov:TrustedProxies", "127.0.0.1, nginx", "配置项 GridGov:TrustedProxies 的值无效：“nginx”不是 IP 地址")]
    [InlineData("GridGov:PublicBaseUrl", "wangge.example.cn", "配置项 GridGov:PublicBaseUrl 的值无效：应为以 http:// 或 https:// 开头的完整地址")]
    [InlineData("GridGov:Metrics:AllowedNetworks", "10.0.0.0/33", "配置项 GridGov:Metrics:AllowedNetworks 的值无效：“10.0.0.0/33”不是网段")]
    [InlineData("GridGov:Photos:MaxUploadBytes", "-1", "配置项 GridGov:Photos:MaxUploadBytes 的值无效：应为 1 到 1073741824 之间的整数")]
    public void A_bad_value_stops_the_start_up_with_a_Chinese_message_naming_the_key(string key, string value, string message)
    {
        using var factory = new GridGovAppFactory(NoDatabase);
        using var app = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Should.Throw<Exception>(() => app.CreateClient());

        var messages = Flatten(error).Select(e => e.Message).ToList();
        messages.ShouldContain(m => m.Contains(message, StringComparison.Ordinal), string.Join("\n", messages));
    }

    [Fact]
    public void Several_bad_values_are_all_named_at_once()
    {
        using var factory = new GridGovAppFactory(NoDatabase);
        using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting("GridGov:Live:PollSeconds", "0")
            .UseSetting("GridGov:Locate:MaxConcurrentQueries", "-1"));

        var error = Flatten(Should.Throw<Exception>(() => app.CreateClient())).OfType<InvalidSettingsException>().Single();

        error.Failures.ShouldContain("配置项 GridGov:Live:PollSeconds 的值无效：应为 0.1 到 3600 之间的数");
        error.Failures.ShouldContain("配置项 GridGov:Locate:MaxConcurrentQueries 的值无效：应为 0 到 100000 之间的整数");
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        new[] { e }.Concat(e is AggregateException a ? a.InnerExceptions.SelectMany(Flatten) : e.InnerException is { } inner ? Flatten(inner) : []);

    /// <summary>A guard for the future: a new setting read by its key string would bypass the checks and the README.</summary>
    [Fact]
    public void No_code_reads_a_GridGov_setting_by_its_key_string()
    {
        var source = Path.Combine(RepoPaths.Root, "src");
        var offenders = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(source, f), Line: i + 1, Text: line)))
            .Where(l => DirectRead().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [GeneratedRegex("""(GetValue|GetSection|GetRequiredSection|\[)\s*(<[^>]*>)?\s*\(?\s*[$@]?"GridGov[:_]""")]
    private static partial Regex DirectRead();
}
