// Browser benchmark page (filled in by the bench).
const out = document.getElementById('out')!;
out.textContent = 'no benchmark';
(window as unknown as { benchResult: unknown }).benchResult = null;
