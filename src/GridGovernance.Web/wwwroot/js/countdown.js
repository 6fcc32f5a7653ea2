// Arrival countdowns, the same on every page: the server renders the text and, on the element, its words (DeadlineText via
// ArrivalCountdown.razor: data-countdown-left/-over with {span}, and the span patterns with {h}/{m}). This module only
// keeps the number true from the browser's clock, with the server's rounding rule: a started minute counts.

function span(element, ms) {
    const minutes = Math.ceil(Math.abs(ms) / 60000);
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const pattern = hours === 0 ? element.dataset.countdownMinutes
        : rest === 0 ? element.dataset.countdownHours : element.dataset.countdownHoursMinutes;
    return pattern.replace('{h}', String(hours)).replace('{m}', String(rest));
}

function tick(onTick) {
    const now = Date.now();
    for (const element of document.querySelectorAll('[data-countdown]')) {
        const deadline = Date.parse(element.dataset.countdown);
        if (Number.isNaN(deadline) || !element.dataset.countdownLeft) continue;
        const left = deadline - now;
        const words = left >= 0 ? element.dataset.countdownLeft : element.dataset.countdownOver;
        element.textContent = words.replace('{span}', span(element, left));
        element.dataset.overdue = left < 0 ? 'true' : 'false';
        // DeadlineText.ArrivalLight's rule: amber only under 20 % of the limit left (measured from the whistle), red once late.
        const start = Date.parse(element.dataset.countdownStart || '');
        element.dataset.light = left < 0 ? 'red'
            : !Number.isNaN(start) && left < (deadline - start) * 0.2 ? 'yellow' : 'green';
        element.dataset.ticking = 'true';
        if (onTick) onTick(element, left < 0);
    }
}

/**
 * Ticks every countdown on the page now and every `intervalMs`, and again after a live update replaced a fragment
 * (live-page.js's 'live:refreshed'). Elements are looked up on every tick, so replaced ones are picked up.
 */
export function startCountdowns(intervalMs, onTick) {
    const run = () => tick(onTick);
    run();
    setInterval(run, intervalMs);
    document.addEventListener('live:refreshed', run);
}
