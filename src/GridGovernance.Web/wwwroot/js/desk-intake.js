// The desk's phone / 12345 intake form, improved: while the dispatcher types (小类 chosen, position given) the open cases of the
// same 小类 nearby are asked for and shown (the server renders them: /dispatch/intake/duplicates). Without JavaScript the form
// works the same, only without the hints; the case page shows them after filing.
const form = document.querySelector('[data-desk-intake]');
if (form) {
    const box = form.querySelector('[data-desk-duplicates]');
    const category = form.querySelector('[data-category]');
    const lng = form.querySelector('[data-lng]');
    const lat = form.querySelector('[data-lat]');
    let timer = 0;
    let asked = '';
    const ask = async () => {
        if (!category.value || !lng.value || !lat.value) return;
        const query = new URLSearchParams({ category: category.value, lng: lng.value.trim(), lat: lat.value.trim() }).toString();
        if (query === asked) return;
        asked = query;
        const response = await fetch(`/dispatch/intake/duplicates?${query}`, { headers: { Accept: 'text/html' } });
        if (response.ok && query === asked) box.innerHTML = await response.text();
    };
    for (const input of [category, lng, lat]) {
        input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(ask, 300); });
        input.addEventListener('change', ask);
    }
    form.addEventListener('submit', () => { form.querySelector('[data-submit]').disabled = true; });
}
