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

/** Text content, as the page shows it. */
export function text(e: El): string {
  return e.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
}

const IMPLICIT: Record<string, string> = {
  button: 'button', select: 'combobox', option: 'option', li: 'listitem', ul: 'list', ol: 'list', table: 'table',
  tr: 'row', th: 'columnheader', td: 'cell', a: 'link', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading',
};

export function roleOf(e: El): string | undefined {
  if (e.tag === 'th' && e.attrs.scope === 'row') return e.attrs.role ?? 'rowheader';
  return e.attrs.role ?? IMPLICIT[e.tag];
}

/** The accessible name: aria-label, else the text. */
export function nameOf(e: El): string {
  return e.attrs['aria-label'] ?? text(e).trim();
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
