using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>GridGov:Tiles: the cache of cut vector tiles.</summary>
internal sealed class TileOptions
{
    public const string Section = "GridGov:Tiles";

    /// <summary>Off only for measuring (tests/bench): every request is cut by PostGIS, and nothing pays for storing tiles.</summary>
    public bool CacheEnabled { get; set; } = true;

    [Range(1, 1_048_576)]
    public int CacheMegabytes { get; set; } = 128;

    /// <summary>How long the territory revision that keys every cached tile is trusted before it is read again.</summary>
    [Range(0.0, 3600)]
    public double RevisionCheckSeconds { get; set; } = 1;
}

/// <summary>GridGov:Tiles:WarmUp: which tiles are cut ahead of the first visitor (<see cref="TileWarmUpSettings"/>).</summary>
internal sealed class TileWarmUpOptions
{
    public const string Section = "GridGov:Tiles:WarmUp";

    /// <summary>Unset: on, except in the Testing environment.</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Zoom 12 and below: a few hundred tiles for a county, a few thousand for a province; the tiles every visitor sees first,
    /// and the costliest to cut (the lowest zooms hold the most features per tile).
    /// </summary>
    [Range(0, TileLayers.MaxZoom)]
    public int MaxZoom { get; set; } = 12;

    /// <summary>One at a time by default: the warm-up must leave the cores to the people using the map.</summary>
    [Range(1, 4)]
    public int Concurrency { get; set; } = 1;

    [Range(0.05, 86400)]
    public double CheckSeconds { get; set; } = 30;

    /// <summary>At most half the cache's sliding expiration, so the pass that touches every warm tile keeps it there.</summary>
    [Range(0.01, 15)]
    public double RefreshMinutes { get; set; } = 10;
}
