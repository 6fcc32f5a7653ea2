// The department inbox, improved: the pages already work without this module (plain forms, clocks rendered by the server).
// Here: the whistle's arrival countdown stays live, 报到 takes the phone's position (WGS-84) into the hidden fields before the
// form is sent, forms that cannot be undone ask first, and a double tap is guarded. Text is set with textContent only.
// The feedback form (photos) is report.js's job: it carries data-report-form, not data-inbox-form.

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function chinaClock(ms) {
    const d = new Date(ms + CHINA_OFFSET_MS);
    return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function updateArrival(element) {
    const deadline = Date.parse(element.dataset.arrivalDeadline);
    const text = element.querySelector('[data-arrival-text]');
    if (Number.isNaN(deadline) || !text) return;
    const left = deadline - Date.now();
    // Rounded up like the server: "剩 0 分钟" while time is left would read as already late.
    const minutes = Math.ceil(Math.abs(left) / 60000);
    text.textContent = left > 0
        ? `须于 ${chinaClock(deadline)} 前到场，剩 ${minutes} 分钟`
        : `须于 ${chinaClock(deadline)} 前到场，已超时 ${minutes} 分钟`;
    element.classList.toggle('inbox-arrival-late', left <= 0);
}

// Looked up on every tick: a live update (live-page.js) may have replaced the list's elements meanwhile.
function tickArrivals() {
    document.querySelectorAll('[data-arrival][data-arrived="false"]').forEach(updateArrival);
}

function initArrivals() {
    tickArrivals();
    setInterval(tickArrivals, 15000);
    document.addEventListener('live:refreshed', tickArrivals);
}

function guard(form) {
    const submit = form.querySelector('[data-submit]');
    form.addEventListener('submit', (event) => {
        if (form.dataset.busy === 'true') { event.preventDefault(); return; }
        if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
        form.dataset.busy = 'true';
        if (submit) submit.disabled = true;
    });
    // A browser "back" restores the page from cache with the button disabled: enable it again.
    window.addEventListener('pageshow', () => {
        form.dataset.busy = 'false';
        if (submit) submit.disabled = false;
    });
}

function initArrive(form) {
    const lng = form.querySelector('[data-position-lng]');
    const lat = form.querySelector('[data-position-lat]');
    const status = form.querySelector('[data-arrive-status]');
    const submit = form.querySelector('[data-submit]');
    if (!('geolocation' in navigator) || !lng || !lat) return; // the server refuses without a position and says why
    // Runs before guard()'s listener: while the position is being taken the form is not sent yet.
    form.addEventListener('submit', (event) => {
        if (lng.value && lat.value) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        if (form.dataset.locating === 'true') return;
        form.dataset.locating = 'true';
        if (submit) submit.disabled = true;
        status.textContent = '正在获取当前位置…';
        navigator.geolocation.getCurrentPosition(
            (position) => {
                lng.value = position.coords.longitude.toFixed(6);
                lat.value = position.coords.latitude.toFixed(6);
                status.textContent = `已获取位置（精度约 ${Math.round(position.coords.accuracy)} 米），正在报到…`;
                form.dataset.busy = 'true';
                form.submit(); // no submit event: the position is in, nothing left to ask
            },
            () => {
                form.dataset.locating = 'false';
                if (submit) submit.disabled = false;
                status.textContent = '未能获取位置：报到须记录到场位置，请打开手机定位并允许本网站使用位置后再试。';
            },
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
    });
}

document.querySelectorAll('[data-inbox-arrive]').forEach(initArrive);
document.querySelectorAll('[data-inbox-form]').forEach(guard);
initArrivals();
