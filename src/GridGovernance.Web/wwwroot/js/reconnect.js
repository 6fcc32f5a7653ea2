// Opens and closes the reconnect notice (Components/ReconnectNotice.razor) as Blazor reports the circuit's connection state.
// When the server no longer knows the circuit (its instance stopped: "rejected"), or cannot resume it, the page reloads and
// opens a new circuit — on interactive pages the address keeps what is open (the console's ?case=), so nothing is lost.
// A badge of the circuit's connection ([data-circuit-state], the console's "在线") follows too: the circuit cannot re-render it while it is down.
const notice = document.getElementById('components-reconnect-modal');
const BADGE = { show: ['reconnecting', '重新连接中'], retrying: ['reconnecting', '重新连接中'], hide: ['online', '在线'], failed: ['offline', '已断开'] };

if (notice) {
  notice.addEventListener('components-reconnect-state-changed', (event) => {
    const { state, remote } = event.detail;
    showBadge(state);
    if (state === 'show' && !notice.open) notice.showModal();
    else if (state === 'hide') notice.close();
    else if (state === 'failed') document.addEventListener('visibilitychange', retryWhenVisible);
    else if (state === 'rejected' || (state === 'resume-failed' && remote === true)) location.reload();
  });
  document.getElementById('components-reconnect-button')?.addEventListener('click', retry);
  document.getElementById('components-resume-button')?.addEventListener('click', resume);
}

function showBadge(state) {
  const badge = BADGE[state];
  if (!badge) return;
  for (const element of document.querySelectorAll('[data-circuit-state]')) {
    element.dataset.state = badge[0];
    element.textContent = badge[1];
  }
}

async function retry() {
  document.removeEventListener('visibilitychange', retryWhenVisible);
  try {
    // true: reconnected; false: the server is up but no longer knows the circuit; an exception: the server is not reachable.
    if (await Blazor.reconnect()) return;
    if (await Blazor.resumeCircuit()) notice.close();
    else location.reload();
  } catch {
    document.addEventListener('visibilitychange', retryWhenVisible);
  }
}

async function resume() {
  try {
    if (!(await Blazor.resumeCircuit())) location.reload();
  } catch {
    location.reload();
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === 'visible') await retry();
}
