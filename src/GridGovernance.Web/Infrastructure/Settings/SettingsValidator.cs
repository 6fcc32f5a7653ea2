using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure.Settings;

/// <summary>An options class whose values need more than a range (addresses, URLs): it names each property that is wrong.</summary>
internal interface ISettingsCheck
{
    /// <summary>The property name and what its value should be, for every property whose value is wrong.</summary>
    IEnumerable<(string Property, string Expectation)> Problems();
}

/// <summary>
/// Checks a bound options object: each <see cref="RangeAttribute"/> on its properties, then <see cref="ISettingsCheck"/>.
/// Every failure is one Chinese sentence naming the full key, e.g.
/// "配置项 GridGov:Supervision:IntervalSeconds 的值无效：应为 0.01 到 86400 之间的数".
/// </summary>
internal sealed class SettingsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var property in SettingsBinder.Settable(typeof(T)))
        {
            if (property.GetCustomAttribute<RangeAttribute>() is { } range && property.GetValue(options) is { } value && !range.IsValid(value))
                failures.Add(SettingsValidator.Message($"{section}:{property.Name}", SettingsValidator.Expectation(property)));
        }
        if (options is ISettingsCheck check)
            failures.AddRange(check.Problems().Select(p => SettingsValidator.Message($"{section}:{p.Property}", p.Expectation)));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class SettingsValidator
{
    public static string Message(string key, string expectation) => $"配置项 {key} 的值无效：{expectation}";

    /// <summary>What a property accepts, in words: its range when it has one, else its type.</summary>
    public static string Expectation(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var whole = type == typeof(int) || type == typeof(long);
        if (type == typeof(bool)) return "应为 true 或 false";
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            return $"应为 {Number(range.Minimum)} 到 {Number(range.Maximum)} 之间的{(whole ? "整数" : "数")}";
        return whole ? "应为整数" : type == typeof(string) ? "应为文本" : "应为数";
    }

    private static string Number(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
