using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Web.Features.Photos;

/// <summary>GridGov:Photos: how large an upload may be and how hard the pipeline may work.</summary>
internal sealed class PhotoSettings
{
    public const string Section = "GridGov:Photos";

    [Range(1L, 1L << 30)]
    public long MaxUploadBytes { get; set; } = PhotoStorageOptions.DefaultMaxUploadBytes;

    [Range(1, 3600)]
    public int VipsTimeoutSeconds { get; set; } = 30;

    /// <summary>One vips per core: vips is itself multi-threaded, so more processes only queue for the same cores and memory.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentVips { get; set; } = Math.Max(1, Environment.ProcessorCount);
}

/// <summary>GridGov:Storage: where photos live and when unreferenced files are swept (<see cref="PhotoOrphanSweeper"/>).</summary>
internal sealed class StorageSettings
{
    public const string Section = "GridGov:Storage";

    /// <summary>Empty: &lt;GridGov:DataDirectory or content root/App_Data&gt;/photos.</summary>
    public string PhotoDirectory { get; set; } = "";

    /// <summary>Unreferenced files younger than this stay: a photo is written before its case's transaction commits.</summary>
    [Range(1.0, 87600)]
    public double OrphanGraceHours { get; set; } = 24;

    [Range(0.1, 8760)]
    public double OrphanSweepHours { get; set; } = 6;
}
