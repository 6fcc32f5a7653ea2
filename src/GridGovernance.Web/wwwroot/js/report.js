// The resident's report page, improved: the form already works without this module (plain multipart POST).
// Here: photos downsized in a canvas before upload (a weak link sends ~300 KB, not 5 MB), the position filled from
// geolocation, a draft kept in localStorage, a double tap guarded, a character counter and a "复制链接" button.
// All text is set with textContent, never innerHTML.

const MAX_SIDE = 2048;
const JPEG_QUALITY = 0.85;
const DRAFT_FIELDS = ['requestType', 'category', 'description', 'phone'];

function initForm(form) {
    const draftKey = form.dataset.draftKey;
    const maxPhotos = Number(form.dataset.maxPhotos || 6);
    const description = form.querySelector('#description');
    const counter = form.querySelector('[data-counter-for="description"]');
    const submit = form.querySelector('[data-submit]');
    const hasServerErrors = document.querySelector('#error-summary') !== null;

    if (hasServerErrors) document.querySelector('#error-summary').focus();
    else restoreDraft(form, draftKey);

    const updateCounter = () => { if (counter && description) counter.textContent = String(description.value.length); };
    updateCounter();
    description?.addEventListener('input', updateCounter);

    form.addEventListener('input', () => saveDraft(form, draftKey));
    form.addEventListener('change', () => saveDraft(form, draftKey));

    initPhotos(form, maxPhotos);
    initPosition(form);

    form.addEventListener('submit', (event) => {
        if (form.dataset.busy === 'true') { event.preventDefault(); return; }
        // An action that cannot be undone (closing a case) asks first.
        if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
        form.dataset.busy = 'true';
        const label = submit ? submit.textContent : '';
        if (submit) { submit.disabled = true; submit.textContent = '正在提交…'; }
        // A browser "back" to this page restores it from cache with the button disabled: enable it again.
        window.addEventListener('pageshow', () => {
            form.dataset.busy = 'false';
            if (submit) { submit.disabled = false; submit.textContent = label; }
        }, { once: true });
    });
}

function restoreDraft(form, key) {
    let draft;
    try { draft = JSON.parse(localStorage.getItem(key) || 'null'); } catch { draft = null; }
    if (!draft) return;
    for (const name of DRAFT_FIELDS) {
        const value = draft[name];
        if (typeof value !== 'string' || value === '') continue;
        const fields = form.elements.namedItem(name);
        if (fields instanceof RadioNodeList) {
            for (const radio of fields) radio.checked = radio.value === value;
        } else if (fields && !fields.value) {
            fields.value = value;
        }
    }
}

function saveDraft(form, key) {
    const draft = {};
    for (const name of DRAFT_FIELDS) {
        const field = form.elements.namedItem(name);
        draft[name] = field ? field.value : '';
    }
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch { /* private mode or full: the draft is a nicety */ }
}

function initPhotos(form, maxPhotos) {
    const input = form.querySelector('#photos');
    const status = form.querySelector('[data-photo-status]');
    if (!input || typeof DataTransfer === 'undefined' || !HTMLCanvasElement.prototype.toBlob) return;
    input.addEventListener('change', async () => {
        const files = Array.from(input.files || []);
        if (files.length > maxPhotos) {
            status.textContent = `最多上传 ${maxPhotos} 张照片，您选择了 ${files.length} 张，请重新选择。`;
            input.value = '';
            return;
        }
        if (files.length === 0) { status.textContent = ''; return; }
        status.textContent = '正在压缩照片…';
        const submit = form.querySelector('[data-submit]');
        if (submit) submit.disabled = true;
        try {
            const transfer = new DataTransfer();
            for (const file of files) transfer.items.add(await downsize(file));
            input.files = transfer.files;
            const kb = Math.round(Array.from(transfer.files).reduce((sum, f) => sum + f.size, 0) / 1024);
            status.textContent = `已选择 ${files.length} 张照片（约 ${kb} KB）。`;
        } catch {
            // Keep the originals: the server re-encodes them anyway.
            status.textContent = `已选择 ${files.length} 张照片。`;
        } finally {
            if (submit) submit.disabled = false;
        }
    });
}

/** Draws the photo at most MAX_SIDE px on its long side and re-encodes it as JPEG; smaller photos stay as they are. */
async function downsize(file) {
    if (!file.type.startsWith('image/')) return file;
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === 'image/jpeg' && file.size < 1024 * 1024) { bitmap.close(); return file; }
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve, reject) =>
        canvas.toBlob(b => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', JPEG_QUALITY));
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: Date.now() });
}

function initPosition(form) {
    const button = form.querySelector('[data-use-position]');
    const lng = form.querySelector('[data-position-lng]');
    const lat = form.querySelector('[data-position-lat]');
    const status = form.querySelector('[data-position-status]');
    if (!button || !('geolocation' in navigator)) return;
    button.hidden = false;
    const auto = form.hasAttribute('data-auto-position');
    button.addEventListener('click', () => {
        status.textContent = '正在获取位置…';
        button.disabled = true;
        navigator.geolocation.getCurrentPosition(
            (position) => {
                // Browser geolocation is WGS-84, which is what the server stores.
                lng.value = position.coords.longitude.toFixed(6);
                lat.value = position.coords.latitude.toFixed(6);
                status.textContent = `已附上位置（精度约 ${Math.round(position.coords.accuracy)} 米）。`;
                const crs = form.querySelector('[data-position-crs]');
                if (crs) crs.value = 'wgs84';
                // The map pin (place-pin.js) follows the fields.
                form.dispatchEvent(new CustomEvent('gridgov:position'));
                button.disabled = false;
                button.textContent = '重新获取位置';
            },
            () => {
                status.textContent = auto
                    ? '未能获取位置（请检查定位权限）。可以不附位置提交，案件记在本网格，请在描述中写明地点。'
                    : '未能获取位置，可以不附位置直接提交，并在描述中写明地点。';
                button.disabled = false;
            },
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
    // A field report is made where the problem is: ask for the position at once (unless the form came back with one).
    if (auto && !lng.value) button.click();
}

function initAccepted(section) {
    try { localStorage.removeItem(section.dataset.draftKey); } catch { /* nothing to clear */ }
    const copy = section.querySelector('[data-copy-link]');
    const status = section.querySelector('[data-copy-status]');
    if (!copy || !navigator.clipboard) return;
    copy.hidden = false;
    copy.addEventListener('click', async () => {
        try {
            await navigator.clipboard.writeText(copy.dataset.copyLink);
            status.textContent = '链接已复制，请粘贴保存到备忘录或发给自己。';
        } catch {
            status.textContent = '无法自动复制，请长按上面的链接复制。';
        }
    });
}

document.querySelectorAll('[data-report-form]').forEach(initForm);
document.querySelectorAll('[data-report-accepted]').forEach(initAccepted);
