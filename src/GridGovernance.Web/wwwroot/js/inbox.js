// The department inbox, improved: the pages already work without this module (plain forms, clocks rendered by the server).
// Here: the whistle's arrival countdown stays live, 报到 takes the phone's position (WGS-84) into the hidden fields before the
// form is sent, forms that cannot be undone ask first, and a double tap is guarded. Text is set with textContent only.
// The feedback form (photos) is report.js's job: it carries data-report-form, not data-inbox-form.

import { startCountdowns } from './countdown.js';

// The arrival countdown (words from the page, see countdown.js); the whole line turns red once the unit is late.
function initArrivals() {
    startCountdowns(15000, (element, late) => element.closest('[data-arrival]')?.classList.toggle('inbox-arrival-late', late));
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
