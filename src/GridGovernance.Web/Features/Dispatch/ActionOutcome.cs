using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>What became of a staff action on a case or a work order.</summary>
public abstract record ActionOutcome
{
    /// <summary>Committed (or found committed earlier under the same request key: <paramref name="Replayed"/>).</summary>
    public sealed record Done(string State, bool Replayed) : ActionOutcome;

    /// <summary>No such case or order within the caller's scope (the same answer for both).</summary>
    public sealed record NotFound : ActionOutcome;

    /// <summary>Bad input; nothing stored.</summary>
    public sealed record Invalid(string Message) : ActionOutcome;

    /// <summary>The caller's role may not do this at all.</summary>
    public sealed record Forbidden(string Message) : ActionOutcome;

    /// <summary>The state does not allow it now (the domain's refusal).</summary>
    public sealed record Refused(string Message) : ActionOutcome;

    /// <summary>The HTTP status every page and the API answer this outcome with: the one place that maps them.</summary>
    public int Status => this switch
    {
        Done => StatusCodes.Status200OK,
        Invalid => StatusCodes.Status400BadRequest,
        Forbidden => StatusCodes.Status403Forbidden,
        Refused => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status404NotFound,
    };

    /// <summary>The Chinese reason of a refusal (bad input, role or state); null for Done and NotFound.</summary>
    public string? Problem => this switch
    {
        Invalid invalid => invalid.Message,
        Forbidden forbidden => forbidden.Message,
        Refused refused => refused.Message,
        _ => null,
    };

    internal IResult ToResult(string notFoundMessage) => this is Done done
        ? Results.Ok(new { state = done.State, replayed = done.Replayed })
        : ProblemDetailsSetup.Problem(Status, Problem ?? notFoundMessage);
}
