namespace GridGovernance.Web.Features.Photos;

/// <summary>Read access to stored photos, for endpoints that have already decided the caller may see them.</summary>
public interface IPhotoStore
{
    /// <summary>
    /// The stored JPEG, or null when there is none (or <paramref name="sha256"/> is not a hex SHA-256). With
    /// <paramref name="thumbnail"/> true, <paramref name="sha256"/> may be the photo's own hash (its thumbnail is returned) or
    /// the thumbnail's hash; with false it must be the photo's hash.
    /// </summary>
    Stream? OpenRead(string sha256, bool thumbnail);
}
