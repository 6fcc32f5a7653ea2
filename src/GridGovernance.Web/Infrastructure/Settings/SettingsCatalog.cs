namespace GridGovernance.Web.Infrastructure.Settings;

/// <summary>
/// Every options class bound to a <c>GridGov:*</c> section, and so every key the app reads: what the README's Configuration
/// table is checked against.
/// </summary>
internal sealed class SettingsCatalog
{
    private readonly List<(Type Type, string Section)> _bound = [];

    public IReadOnlyList<(Type Type, string Section)> Bound => _bound;

    /// <summary>Every key with the default a fresh options object has (null when the default is computed or absent).</summary>
    public IEnumerable<(string Key, object? Default)> Keys() =>
        _bound.SelectMany(b => SettingsBinder.Settable(b.Type).Select(p => ($"{b.Section}:{p.Name}", p.GetValue(Activator.CreateInstance(b.Type)))));

    public void Add(Type type, string section)
    {
        if (!_bound.Contains((type, section))) _bound.Add((type, section));
    }

    public static SettingsCatalog Of(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(SettingsCatalog))?.ImplementationInstance is SettingsCatalog existing)
            return existing;
        var catalog = new SettingsCatalog();
        services.AddSingleton(catalog);
        return catalog;
    }
}
