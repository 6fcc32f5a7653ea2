namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// An upload the pipeline refuses (empty, too large, not an image by its content, or undecodable). The message is Chinese and
/// safe to show the person who uploaded it: callers turn it into a 4xx problem and the same text on the page.
/// </summary>
public sealed class PhotoRejectedException(string chineseMessage) : Exception(chineseMessage)
{
    /// <summary>The HTTP status that fits the reason: 400 empty, 413 too large, 415 not an image, 422 undecodable.</summary>
    public int StatusCode { get; init; } = StatusCodes.Status422UnprocessableEntity;
}
