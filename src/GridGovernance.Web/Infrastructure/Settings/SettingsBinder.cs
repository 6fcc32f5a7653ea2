using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure.Settings;

/// <summary>
/// Binds a section with the configuration binder, after checking that every value given can be read as its property's
/// type: the binder's own error ("Failed to convert configuration value at …") is English and stops at the first one.
/// </summary>
internal static class SettingsBinder
{
    public static void Bind<T>(IConfiguration configuration, string sectionName, T options) where T : class
    {
        var section = configuration.GetSection(sectionName);
        var failures = Settable(typeof(T))
            .Where(p => section[p.Name] is { } raw && !CanConvert(raw, p.PropertyType))
            .Select(p => SettingsValidator.Message($"{sectionName}:{p.Name}", SettingsValidator.Expectation(p)))
            .ToList();
        if (failures.Count > 0) throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        section.Bind(options);
    }

    /// <summary>
    /// A section bound outside dependency injection (logging is set up before the container exists). Only the types are
    /// checked here; ranges and formats are checked with every other setting by <see cref="StartupSettings.ValidateSettings"/>,
    /// so that one start-up names every bad key at once.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string sectionName) where T : class, new()
    {
        var options = new T();
        Bind(configuration, sectionName, options);
        return options;
    }

    /// <summary>The properties a section sets: public, writable, of a simple type.</summary>
    public static IEnumerable<PropertyInfo> Settable(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true } && IsSimple(p.PropertyType))
        .OrderBy(p => p.MetadataToken);

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type == typeof(string) || type == typeof(decimal);
    }

    private static bool CanConvert(string raw, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return true;
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw) is not null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }
}
