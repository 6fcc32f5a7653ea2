namespace GridGovernance.Web.Features.Photos;

/// <summary>Validates, re-encodes and stores one uploaded photo. Throws <see cref="PhotoRejectedException"/> for a refused file.</summary>
public interface IPhotoProcessor
{
    Task<ProcessedPhoto> ProcessAsync(Stream upload, CancellationToken ct);
}
