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

    internal IResult ToResult(string notFoundMessage) => this switch
    {
        Done done => Results.Ok(new { state = done.State, replayed = done.Replayed }),
        Invalid invalid => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, invalid.Message),
        Forbidden forbidden => ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, forbidden.Message),
        Refused refused => ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, refused.Message),
        _ => ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, notFoundMessage),
    };
}
