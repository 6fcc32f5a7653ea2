// The 大屏 (/stats/screen) hears the outbox through the same live client as every live page (live.js: SignalR, re-join and
// catch-up after a reconnect, each event once and in id order, from the event id the page was read at). It only tells the
// circuit that something happened; the circuit re-reads its figures and the latest events from the database itself.
import { startLive } from './live.js';

export function start(dotNet, scope, after) {
  const live = startLive({
    scopes: [scope],
    after,
    onEvent: (event) => dotNet.invokeMethodAsync('OnLiveEvent', event.id),
    // Too far behind (events pruned while away): re-read everything, which is what every event does anyway.
    onResync: () => dotNet.invokeMethodAsync('OnLiveEvent', 0),
  });
  return { stop: () => live.stop() };
}
