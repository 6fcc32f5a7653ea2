using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The browser's clock for live.js tests: instead of sleeping through its retry pauses, a test fast-forwards the page's own
/// clock (Playwright's Clock API: Date, setTimeout and setInterval of the page) and checks what the client did meanwhile.
/// The page also counts the WebSockets it opens, which is how a retry shows the moment its timer fires.
/// </summary>
public static class LiveClock
{
    private const string CountSockets = """
        (() => {
          const Native = window.WebSocket;
          window.socketsOpened = 0;
          window.socketsOpen = 0;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              window.socketsOpened++;
              window.socketsOpen++;
              this.addEventListener('close', () => window.socketsOpen--);
            }
          };
        })();
        """;

    /// <summary>Before the first navigation: the page's timers run on Playwright's clock, and its WebSockets are counted.</summary>
    public static async Task InstallAsync(IPage page)
    {
        await page.Clock.InstallAsync();
        await page.Context.AddInitScriptAsync(CountSockets);
    }

    /// <summary>
    /// After the client gave up: waits until it has closed its connection, then runs the page's clock a minute on — past the
    /// 5 s pause before a new start, the automatic reconnect's 0–5 s delays and 10 s retries, and the 30 s offline timer — and
    /// returns how many connections the client opened meanwhile (none, if it really gave up).
    /// </summary>
    public static async Task<int> SocketsOpenedInTheNextMinuteAsync(IPage page)
    {
        await Eventually.TrueAsync(async () => await page.EvaluateAsync<int>("window.socketsOpen") == 0, "the live client closed its connection");
        var before = await page.EvaluateAsync<int>("window.socketsOpened");
        await page.Clock.RunForAsync("01:00");
        // A retry's timer opens its socket before its first await on the network: by this next round trip it is counted.
        return await page.EvaluateAsync<int>("window.socketsOpened") - before;
    }
}
