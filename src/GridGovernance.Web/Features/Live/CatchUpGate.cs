namespace GridGovernance.Web.Features.Live;

/// <summary>
/// One catch-up at a time for an interactive page, with no signal dropped: a signal that arrives while a catch-up runs — reading
/// events or refreshing what they touched — makes that catch-up run once more when it is done. (Coalescing only the reads let a
/// signal that came during the refresh go unanswered until the next one: the console missed a 立案 that way under load.)
/// Called only on the page's renderer (InvokeAsync, lifecycle methods), which runs one piece at a time: two flags suffice, and
/// no signal can slip in between the last check and the end of the run.
/// </summary>
internal sealed class CatchUpGate
{
    private bool _running, _again;

    public async Task RunAsync(Func<Task> catchUp)
    {
        if (_running)
        {
            _again = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                _again = false;
                await catchUp();
            }
            while (_again);
        }
        finally
        {
            _running = false;
        }
    }
}
