namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// Reads a JPEG's segment markers and frame size without decoding it: the pipeline learns the size of what it wrote without a
/// third process, and tests check that no APP1 (EXIF/XMP) segment survived.
/// </summary>
internal static class JpegFacts
{
    public sealed record Info(int Width, int Height, IReadOnlyList<byte> Markers);

    public static Info? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return null;
        var markers = new List<byte>();
        int width = 0, height = 0;
        var i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF) return null;
            var marker = jpeg[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            markers.Add(marker);
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && i + 9 <= jpeg.Length)
            {
                height = (jpeg[i + 5] << 8) | jpeg[i + 6];
                width = (jpeg[i + 7] << 8) | jpeg[i + 8];
            }
            // Start of scan: every metadata segment comes before it.
            if (marker == 0xDA) return width > 0 && height > 0 ? new Info(width, height, markers) : null;
            i += 2 + length;
        }
        return null;
    }
}
