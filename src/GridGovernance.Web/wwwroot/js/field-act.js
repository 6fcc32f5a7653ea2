// The case page's actions on the spot (核实, 作废, 核查, 逐级上报) work as plain forms; this module adds where the worker stands
// (one geolocation request fills every form's hidden lng/lat; WGS-84, as the server stores it), asks before an action that
// cannot be undone, and guards against a double tap. Text is set with textContent only.

const forms = Array.from(document.querySelectorAll('form[data-field-act]'));
const status = document.querySelector('[data-act-position-status]');

if (forms.length > 0 && 'geolocation' in navigator) {
    navigator.geolocation.getCurrentPosition(
        (position) => {
            for (const form of forms) {
                form.querySelector('[data-act-lng]').value = position.coords.longitude.toFixed(6);
                form.querySelector('[data-act-lat]').value = position.coords.latitude.toFixed(6);
            }
            if (status) status.textContent = `已获取您的位置（精度约 ${Math.round(position.coords.accuracy)} 米），提交时一并记录。`;
        },
        () => { if (status) status.textContent = '未能获取位置（请检查定位权限）。仍可提交，不记录位置。'; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

for (const form of forms) {
    form.addEventListener('submit', (event) => {
        if (form.dataset.busy === 'true') { event.preventDefault(); return; }
        if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
        form.dataset.busy = 'true';
        const submit = form.querySelector('[data-act-submit]');
        const label = submit ? submit.textContent : '';
        if (submit) { submit.disabled = true; submit.textContent = '正在提交…'; }
        window.addEventListener('pageshow', () => {
            form.dataset.busy = 'false';
            if (submit) { submit.disabled = false; submit.textContent = label; }
        }, { once: true });
    });
}
