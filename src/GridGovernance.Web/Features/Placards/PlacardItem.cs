namespace GridGovernance.Web.Features.Placards;

/// <summary>One placard ready to render: its data, the URL it points to, and that URL's QR code as inline SVG.</summary>
public sealed record PlacardItem(PlacardData Data, string Url, string QrSvg);

/// <summary>Paper formats: one A5 placard (the default), one A4 placard, or the village sheet (two A5 per A4 page, to cut).</summary>
public enum PlacardFormat { A5, A4, VillageSheet }
