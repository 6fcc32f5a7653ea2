namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// Content-addressed photo files: {root}/{sha[0..2]}/{sha}.jpg, plus {sha}.thumb.jpg beside a photo for its thumbnail. Files
/// are written in a work directory under the same root and moved into place, so a reader never sees half a file; a file
/// that already exists under the hash is the same bytes and is kept.
/// </summary>
internal sealed class PhotoFileStore(PhotoStorageOptions options) : IPhotoStore
{
    public enum Variant { Own, ThumbnailOf }

    private string WorkRoot => Path.Combine(options.Root, ".work");

    public string CreateWorkDirectory()
    {
        var directory = Path.Combine(WorkRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public string PathOf(string sha256, Variant variant) =>
        Path.Combine(options.Root, sha256[..2], variant == Variant.Own ? $"{sha256}.jpg" : $"{sha256}.thumb.jpg");

    /// <summary>Moves a finished file into place under its hash (an atomic rename within one file system).</summary>
    public void Commit(string finishedFile, string sha256, Variant variant)
    {
        var target = PathOf(sha256, variant);
        if (File.Exists(target))
        {
            // The same content again: refresh its time so that the orphan sweeper sees it as fresh until this upload commits.
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(finishedFile, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same photo won the race: identical content, nothing to do.
        }
    }

    /// <summary>Lets OpenRead(photoSha, thumbnail: true) find the thumbnail without a database lookup.</summary>
    public void LinkThumbnail(string photoSha, string thumbnailSha)
    {
        var link = PathOf(photoSha, Variant.ThumbnailOf);
        if (File.Exists(link)) return;
        var temp = Path.Combine(WorkRoot, $"{Guid.NewGuid():N}.link");
        Directory.CreateDirectory(WorkRoot);
        File.CreateSymbolicLink(temp, Path.Combine("..", thumbnailSha[..2], $"{thumbnailSha}.jpg"));
        try
        {
            File.Move(temp, link, overwrite: false);
        }
        catch (IOException) when (File.Exists(link))
        {
            File.Delete(temp);
        }
    }

    public Stream? OpenRead(string sha256, bool thumbnail)
    {
        if (!IsSha256(sha256)) return null;
        var candidates = thumbnail ? new[] { PathOf(sha256, Variant.ThumbnailOf), PathOf(sha256, Variant.Own) } : [PathOf(sha256, Variant.Own)];
        foreach (var path in candidates)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            }
            catch (FileNotFoundException) { }
            catch (DirectoryNotFoundException) { }
        }
        return null;
    }

    /// <summary>Only 64 lowercase hex digits reach the file system: no path tricks through this parameter.</summary>
    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
