using System.Globalization;
using System.Security.Cryptography;
using NetVips;

namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// The photo pipeline: sniff the first bytes, spool at most the size limit to a temp file, let libvips' thumbnail (NetVips,
/// in process, over Debian's libvips42, which reads HEIC through libheif) decode it (failing on truncation), turn it upright
/// by its EXIF orientation, convert to sRGB and write a JPEG with every metadata block stripped (EXIF with GPS, XMP, ICC);
/// then a thumbnail from that JPEG; both stored under their SHA-256.
/// </summary>
internal sealed class VipsPhotoProcessor(PhotoStorageOptions options, VipsRunner vips, PhotoFileStore store, ILogger<VipsPhotoProcessor> logger)
    : IPhotoProcessor
{
    public const int FullLongSide = 2048;
    public const int ThumbnailLongSide = 320;

    public async Task<ProcessedPhoto> ProcessAsync(Stream upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var work = store.CreateWorkDirectory();
        try
        {
            var input = Path.Combine(work, "upload");
            await SpoolAsync(upload, input, ct);

            var full = Path.Combine(work, "full.jpg");
            // --size down: a small photo is kept at its size, never blown up. The box is FullLongSide square, so the long side fits.
            await ConvertAsync(input, full, FullLongSide, quality: 82, ct);
            var thumbnail = Path.Combine(work, "thumb.jpg");
            await ConvertAsync(full, thumbnail, ThumbnailLongSide, quality: 75, ct);

            var fullBytes = await File.ReadAllBytesAsync(full, ct);
            var info = JpegFacts.Read(fullBytes) ?? throw Undecodable();
            var sha = Convert.ToHexStringLower(SHA256.HashData(fullBytes));
            var thumbSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(thumbnail, ct)));

            store.Commit(thumbnail, thumbSha, PhotoFileStore.Variant.Own);
            store.Commit(full, sha, PhotoFileStore.Variant.Own);
            store.LinkThumbnail(sha, thumbSha);
            return new ProcessedPhoto(sha, "image/jpeg", fullBytes.LongLength, info.Width, info.Height, thumbSha);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException e) { logger.LogWarning(e, "Could not delete photo work directory {Directory}", work); }
        }
    }

    /// <summary>Copies the upload to disk, checking the magic bytes first and stopping as soon as the size limit is passed.</summary>
    private async Task SpoolAsync(Stream upload, string path, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var headFilled = 0;
        var head = new byte[PhotoSniffer.HeaderLength];
        int read;
        while ((read = await upload.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > options.MaxUploadBytes)
                throw new PhotoRejectedException($"照片超过 {options.MaxUploadBytes / (1024 * 1024)} MB，请压缩后再上传。")
                {
                    StatusCode = StatusCodes.Status413PayloadTooLarge,
                };
            if (headFilled < head.Length)
            {
                var take = Math.Min(read, head.Length - headFilled);
                buffer.AsSpan(0, take).CopyTo(head.AsSpan(headFilled));
                headFilled += take;
                // Refuse a non-image as soon as its first bytes are known, without spooling the rest.
                if (headFilled == head.Length && PhotoSniffer.Detect(head) is null) throw NotAnImage();
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        if (total == 0) throw new PhotoRejectedException("照片为空，请重新选择。") { StatusCode = StatusCodes.Status400BadRequest };
        if (headFilled < head.Length && PhotoSniffer.Detect(head.AsSpan(0, headFilled)) is null) throw NotAnImage();
    }

    private static PhotoRejectedException NotAnImage() =>
        new("文件不是可识别的照片：仅支持 JPEG、PNG、WebP 和 HEIC（苹果手机）格式。") { StatusCode = StatusCodes.Status415UnsupportedMediaType };

    private static PhotoRejectedException Undecodable() => new("照片无法解码，可能已损坏，请重新拍摄或选择其他照片。");

    private async Task ConvertAsync(string input, string output, int longSide, int quality, CancellationToken ct)
    {
        try
        {
            await vips.RunAsync(token => Shrink(input, output, longSide, quality, token), ct);
        }
        catch (TimeoutException)
        {
            throw new PhotoRejectedException("照片处理超时，可能尺寸过大或已损坏，请换一张照片。");
        }
        catch (VipsException e)
        {
            logger.LogInformation("libvips refused a photo: {Error}", e.Message.Trim());
            throw Undecodable();
        }
        if (!File.Exists(output)) throw Undecodable();
    }

    private static void Shrink(string input, string output, int longSide, int quality, CancellationToken token)
    {
        // size down: a small photo is kept at its size, never blown up. The box is longSide square, so the long side fits.
        // The thumbnail turns the image upright by its EXIF orientation; fail-on truncated refuses a cut-off file.
        // Called by name with libvips 8.14's option names (NetVips 3's typed Thumbnail sends 8.18's output_profile, which
        // Debian 12's libvips does not know).
        using var image = (Image)Operation.Call("thumbnail", new VOption
        {
            { "height", longSide },
            { "size", Enums.Size.Down },
            { "export_profile", "srgb" },
            { "fail_on", Enums.FailOn.Truncated },
        }, input, longSide);
        image.SetProgress(NoProgress.Instance, token);
        // The save options as libvips parses them from a file name ("strip" drops every metadata block): the same text for
        // libvips 8.14 (Debian 12) and later versions, where strip became keep=none.
        image.WriteToFile(string.Create(CultureInfo.InvariantCulture, $"{output}[Q={quality},strip,optimize_coding]"));
    }

    /// <summary>Progress is not reported anywhere; <c>SetProgress</c> is how a cancellation token reaches libvips.</summary>
    private sealed class NoProgress : IProgress<int>
    {
        public static readonly NoProgress Instance = new();
        public void Report(int value) { }
    }
}
