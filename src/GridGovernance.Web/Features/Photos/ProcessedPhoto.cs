namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// A photo after the pipeline: re-encoded as baseline JPEG (long side ≤ 2048 px, upright, no metadata) and stored under the
/// hex SHA-256 of those bytes; the thumbnail (long side ≤ 320 px) likewise under its own hash.
/// </summary>
public sealed record ProcessedPhoto(string Sha256, string MediaType, long Bytes, int Width, int Height, string ThumbnailSha256);
