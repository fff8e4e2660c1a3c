// Test helper (tests only): reads React's static markup as a tree and finds elements the way a
// user or a screen reader does — by role and accessible name, by visible text, by test id —
// so component tests do not depend on tags, class names or attribute order.

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: (El | string)[];
  parent: El | null;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const unescape = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Parses well-formed markup (what renderToStaticMarkup writes) into a tree under a root element. */
export function parseMarkup(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [], parent: null };
  let cur = root;
  const re = /<!--[\s\S]*?-->|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) {
      while (cur !== root && cur.tag !== m[1].toLowerCase()) cur = cur.parent!;
      if (cur !== root) cur = cur.parent!;
    } else if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)) attrs[a[1]] = unescape(a[2] ?? '');
      const el: El = { tag: m[2].toLowerCase(), attrs, children: [], parent: cur };
      cur.children.push(el);
      if (!m[4] && !VOID.has(el.tag)) cur = el;
    } else if (m[5] !== undefined) cur.children.push(unescape(m[5]));
  }
  return root;
}

export function all(root: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Elements whose content is never shown as text. */
const NO_TEXT = new Set(['style', 'script', 'template']);

/** Text content, as the page shows it (style sheets left out). */
export function text(e: El): string {
  return e.children.map((c) => (typeof c === 'string' ? c : NO_TEXT.has(c.tag) ? '' : text(c))).join('');
}

/** Whether the element itself is left out for assistive technology (aria-hidden, hidden). */
const hiddenSelf = (e: El) => e.attrs['aria-hidden'] === 'true' || 'hidden' in e.attrs || NO_TEXT.has(e.tag);

/** Whether the element, or one of its ancestors, is hidden from assistive technology. */
export function isHidden(e: El): boolean {
  for (let c: El | null = e; c; c = c.parent) if (hiddenSelf(c)) return true;
  return false;
}

/** What a screen reader reads of an element: its text without the aria-hidden parts, spaces collapsed. */
export function spokenText(e: El, skip?: El): string {
  const walk = (x: El): string => x.children.map((c) => (typeof c === 'string' ? c : c === skip || hiddenSelf(c) ? '' : walk(c))).join('');
  return walk(e).replace(/\s+/g, ' ').trim();
}

const IMPLICIT: Record<string, string> = {
  button: 'button', select: 'combobox', option: 'option', li: 'listitem', ul: 'list', ol: 'list', table: 'table',
  tr: 'row', th: 'columnheader', td: 'cell', a: 'link', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading',
  h5: 'heading', h6: 'heading', textarea: 'textbox', fieldset: 'group', details: 'group', dt: 'term', dd: 'definition',
  p: 'paragraph', img: 'img', nav: 'navigation', main: 'main', progress: 'progressbar', meter: 'meter', dialog: 'dialog',
  output: 'status', hr: 'separator', thead: 'rowgroup', tbody: 'rowgroup', tfoot: 'rowgroup',
};

const INPUT: Record<string, string> = {
  checkbox: 'checkbox', radio: 'radio', range: 'slider', number: 'spinbutton', search: 'searchbox',
  button: 'button', submit: 'button', reset: 'button', image: 'button', text: 'textbox', email: 'textbox', tel: 'textbox', url: 'textbox',
};

const named = (e: El) => e.attrs['aria-label'] !== undefined || e.attrs['aria-labelledby'] !== undefined;

export function roleOf(e: El): string | undefined {
  if (e.attrs.role) return e.attrs.role.split(/\s+/)[0];
  if (e.tag === 'th' && e.attrs.scope === 'row') return 'rowheader';
  if (e.tag === 'input') return e.attrs.type === 'hidden' ? undefined : INPUT[e.attrs.type ?? 'text'] ?? 'textbox';
  if (e.tag === 'select' && ('multiple' in e.attrs || Number(e.attrs.size) > 1)) return 'listbox';
  if (e.tag === 'section') return named(e) ? 'region' : undefined;
  if (e.tag === 'form') return named(e) ? 'form' : undefined;
  return IMPLICIT[e.tag];
}

const rootOf = (e: El) => {
  let r = e;
  while (r.parent) r = r.parent;
  return r;
};

const LABELABLE = new Set(['input', 'select', 'textarea', 'meter', 'progress', 'output']);

/**
 * The accessible name, much as a browser computes it: aria-labelledby, aria-label, the <label> of a
 * form control (or the <legend> of a fieldset), the spoken text, an SVG <title>, the title attribute.
 */
export function nameOf(e: El): string {
  const by = e.attrs['aria-labelledby'];
  if (by) {
    const root = rootOf(e);
    return by.split(/\s+/).map((id) => all(root, (x) => x.attrs.id === id)[0]).filter(Boolean).map((x) => spokenText(x)).join(' ').trim();
  }
  if (e.attrs['aria-label'] !== undefined && e.attrs['aria-label'].trim()) return e.attrs['aria-label'].trim();
  if (LABELABLE.has(e.tag)) {
    const id = e.attrs.id;
    const label = (id ? all(rootOf(e), (x) => x.tag === 'label' && x.attrs.for === id)[0] : undefined)
      ?? (() => { for (let c = e.parent; c; c = c.parent) if (c.tag === 'label') return c; return undefined; })();
    if (label) return spokenText(label, e);
    return e.attrs.title ?? e.attrs.placeholder ?? '';
  }
  if (e.tag === 'fieldset') {
    const legend = e.children.find((c): c is El => typeof c !== 'string' && c.tag === 'legend');
    if (legend) return spokenText(legend);
  }
  if (e.tag === 'svg') {
    const title = e.children.find((c): c is El => typeof c !== 'string' && c.tag === 'title');
    if (title) return spokenText(title);
  }
  return spokenText(e) || (e.attrs.title ?? '');
}

export function allByRole(root: El, role: string, name?: string | RegExp): El[] {
  return all(root, (e) => roleOf(e) === role && (name === undefined || (typeof name === 'string' ? nameOf(e) === name : name.test(nameOf(e)))));
}

export function byRole(root: El, role: string, name?: string | RegExp): El {
  const found = allByRole(root, role, name);
  if (found.length !== 1) throw new Error(`${found.length} elements with role ${role}${name ? ` named ${String(name)}` : ''}`);
  return found[0];
}

export function allByTestId(root: El, id: string): El[] {
  return all(root, (e) => e.attrs['data-testid'] === id);
}

export function byTestId(root: El, id: string): El {
  const found = allByTestId(root, id);
  if (found.length !== 1) throw new Error(`${found.length} elements with data-testid ${id}`);
  return found[0];
}

/** The innermost elements whose text contains `s`. */
export function allByText(root: El, s: string | RegExp): El[] {
  const has = (e: El) => (typeof s === 'string' ? text(e).includes(s) : s.test(text(e)));
  return all(root, (e) => has(e) && !e.children.some((c) => typeof c !== 'string' && has(c)));
}

/** The nearest ancestor (or the element itself) with this role. */
export function closestRole(e: El, role: string): El | null {
  for (let c: El | null = e; c; c = c.parent) if (roleOf(c) === role) return c;
  return null;
}

/** The definition given for a term in a description list (<dt> then <dd>), the term found by its name. */
export function definitionOf(root: El, term: string | RegExp): El {
  const dt = byRole(root, 'term', term);
  const siblings = dt.parent!.children.filter((c): c is El => typeof c !== 'string');
  const dd = siblings[siblings.indexOf(dt) + 1];
  if (!dd || roleOf(dd) !== 'definition') throw new Error(`no definition after the term ${String(term)}`);
  return dd;
}
