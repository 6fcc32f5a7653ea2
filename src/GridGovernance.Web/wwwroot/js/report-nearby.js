// 附议 on the resident's form: once the form has a 问题类别 and a position, ask /g/{code}/nearby for open reports of the same
// kind near the pin and offer "我也遇到" for each — a small form of its own posting to /g/{code}/second, which adds a 附议 to
// that case instead of filing a new one. Without JavaScript nothing of this shows and the form files a case as before.
// Text is set with textContent only.

for (const box of document.querySelectorAll('[data-nearby]')) init(box);

function init(box) {
  const form = box.closest('form') ?? document.querySelector('[data-report-form]');
  if (!form) return;
  // The offers are forms of their own: they cannot live inside the report form, so they go right after it.
  const list = document.createElement('section');
  list.className = 'nearby';
  list.hidden = true;
  list.setAttribute('aria-live', 'polite');
  list.dataset.nearbyList = '';
  form.querySelector('[data-submit]')?.before(list);
  let asked = 0;

  const check = async () => {
    const category = form.elements.namedItem('category')?.value;
    const lng = form.querySelector('[data-position-lng]')?.value;
    const lat = form.querySelector('[data-position-lat]')?.value;
    const crs = form.querySelector('[data-position-crs]')?.value;
    if (!category || !lng || !lat || (crs && crs !== 'wgs84')) { list.hidden = true; return; }
    const ask = ++asked;
    const url = new URL(box.dataset.nearbyUrl, location.href);
    url.search = new URLSearchParams({ category, lng, lat }).toString();
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (ask !== asked || !response.ok) return;
      render(await response.json());
    } catch { /* offline: the form files as usual */ }
  };

  const render = (answer) => {
    list.replaceChildren();
    list.dataset.count = String(answer.count);
    if (!answer.count) { list.hidden = true; return; }
    const title = document.createElement('h2');
    title.textContent = `附近已有 ${answer.count} 条相同问题：`;
    const hint = document.createElement('p');
    hint.className = 'report-hint';
    hint.textContent = '如果是同一个问题，点“我也遇到”即可，网格员会一并处理；不是同一个问题就继续提交。';
    list.append(title, hint);
    const token = form.querySelector('input[name="__RequestVerificationToken"]') ?? form.querySelector('input[type="hidden"]');
    const key = form.querySelector('input[name="idempotencyKey"]').value;
    for (const report of answer.reports) {
      // A form cannot sit inside the report form: each offer's form lives at the end of the body and its button, in the list,
      // names it (the form attribute), so pressing it posts only the 附议.
      const offer = document.createElement('form');
      offer.method = 'post';
      offer.action = box.dataset.secondUrl;
      offer.id = `nearby-${report.number}`;
      offer.hidden = true;
      const hidden = (name, value) => { const input = document.createElement('input'); input.type = 'hidden'; input.name = name; input.value = value; return input; };
      offer.append(hidden(token.name, token.value), hidden('number', report.number), hidden('idempotencyKey', `${key}-${report.number}`));
      document.getElementById(offer.id)?.remove();
      document.body.append(offer);

      const item = document.createElement('div');
      item.className = 'nearby-offer';
      item.dataset.nearbyNumber = report.number;
      const line = document.createElement('p');
      line.textContent = `${report.category} · 约 ${Math.round(report.distanceMetres)} 米 · ${report.reportedAt} 上报 · ${report.state}`
        + (report.seconds > 0 ? ` · 已有 ${report.seconds + 1} 人反映` : '');
      const button = document.createElement('button');
      button.type = 'submit';
      button.setAttribute('form', offer.id);
      button.className = 'report-secondary';
      button.textContent = '我也遇到';
      button.dataset.second = '';
      item.append(line, button);
      list.append(item);
    }
    list.hidden = false;
  };

  form.addEventListener('change', check);
  form.addEventListener('gridgov:position', check);
  check();
}
