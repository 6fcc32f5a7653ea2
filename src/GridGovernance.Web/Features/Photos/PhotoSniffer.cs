namespace GridGovernance.Web.Features.Photos;

/// <summary>Recognises the accepted formats by their first bytes — never by file name or declared content type, which lie.</summary>
internal static class PhotoSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 16;

    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "mif1", "msf1"];

    /// <summary>"jpeg", "png", "webp", "heif", or null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "jpeg";
        if (head.Length >= 4 && head[0] == 0x89 && head[1] == 0x50 && head[2] == 0x4E && head[3] == 0x47) return "png";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "webp";
        // ISO-BMFF: a 4-byte box size, then "ftyp" and the major brand.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            if (HeifBrands.Contains(brand, StringComparer.Ordinal)) return "heif";
        }
        return null;
    }
}
