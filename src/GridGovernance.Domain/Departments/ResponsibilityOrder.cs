using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Departments;

/// <summary>Whose responsibility a routing rule names: the owner (属主: the facility's owner or the competent department) or the territory (属地).</summary>
public enum ResponsibilityParty
{
    Owner,
    Territory,
}

/// <summary>
/// DOMAIN §3: 部件 — owner first, then territory (先属主后属地); 事件 — territory first, then owner (先属地后属主). The routing
/// query takes the first party from here, so this is the one place the rule lives.
/// </summary>
public static class ResponsibilityOrder
{
    public static ResponsibilityParty FirstParty(CaseKind kind) =>
        kind == CaseKind.Component ? ResponsibilityParty.Owner : ResponsibilityParty.Territory;

    public static IReadOnlyList<ResponsibilityParty> Parties(CaseKind kind) =>
        FirstParty(kind) == ResponsibilityParty.Owner
            ? [ResponsibilityParty.Owner, ResponsibilityParty.Territory]
            : [ResponsibilityParty.Territory, ResponsibilityParty.Owner];

    /// <summary>How the order is said to staff: 先属主后属地 or 先属地后属主.</summary>
    public static string Chinese(CaseKind kind) => kind == CaseKind.Component ? "先属主后属地" : "先属地后属主";

    /// <summary>The value stored in routing_rule.party.</summary>
    public static string DatabaseName(this ResponsibilityParty party) => party == ResponsibilityParty.Owner ? "owner" : "territory";

    public static ResponsibilityParty? Parse(string? databaseName) => databaseName switch
    {
        "owner" => ResponsibilityParty.Owner,
        "territory" => ResponsibilityParty.Territory,
        _ => null,
    };

    public static string Chinese(this ResponsibilityParty party) => party == ResponsibilityParty.Owner ? "属主" : "属地";
}
