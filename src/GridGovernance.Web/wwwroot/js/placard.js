// The placard page's 打印 button (a module, not an onclick attribute: the Content-Security-Policy allows no inline script).
for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
