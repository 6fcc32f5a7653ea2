// Keyboard shortcuts of the interactive console (Features/Dispatch/Console/ConsolePage.razor). Keys typed into a field are
// the field's; "/" focuses the search box here (no round trip); every other shortcut goes to the component, which knows
// what is open and what the case allows.
const KEYS = new Set(['j', 'k', 'Enter', 'v', 'l', 'p', 'w', '?', 'Escape']);

export function attach(dotNet) {
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof HTMLElement
      && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (typing) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    if (event.key === '/') {
      event.preventDefault();
      document.querySelector('[data-console-search]')?.focus();
      return;
    }
    // Enter on a button or link is that element's own click.
    if (event.key === 'Enter' && target instanceof HTMLElement && target.closest('button, a, summary')) return;
    if (!KEYS.has(event.key)) return;
    event.preventDefault();
    dotNet.invokeMethodAsync('OnShortcut', event.key);
  };
  document.addEventListener('keydown', onKey);
  return { dispose: () => document.removeEventListener('keydown', onKey) };
}

/** Keeps the selected row in view after j/k. */
export function reveal(selector) {
  document.querySelector(selector)?.scrollIntoView({ block: 'nearest' });
}

/**
 * Puts the open case in the address (?case=ID) without a navigation, so that a reload — Blazor's own when the circuit's
 * instance has stopped and another instance answers — opens the same case.
 */
export function remember(url) {
  const next = new URL(url, document.baseURI);
  if (next.href !== location.href) history.replaceState(history.state, '', next.href);
}
