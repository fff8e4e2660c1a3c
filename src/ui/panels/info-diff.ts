// Which INFO fields changed between two moments: INFO text (any sections, "\r\n" line ends) read
// into lines, compared field by field, with "was → now (+delta)" for numbers and per-part changes
// for compound values such as slave0:ip=...,state=online,offset=301,lag=0.

/** One line of INFO as printed: a section header, a field, or a blank line between sections. */
export type InfoLine =
  | { readonly type: 'section'; readonly text: string }
  | { readonly type: 'field'; readonly text: string; readonly key: string; readonly value: string }
  | { readonly type: 'blank'; readonly text: '' };

/** INFO text -> its lines, in order. The last "\r\n" ends the text; it makes no empty line. */
export function parseInfo(text: string): InfoLine[] {
  const body = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '') return [];
  return body.split(/\r?\n/).map((line): InfoLine => {
    if (line === '') return { type: 'blank', text: '' };
    if (line.startsWith('#')) return { type: 'section', text: line };
    const colon = line.indexOf(':');
    if (colon < 0) return { type: 'section', text: line };
    return { type: 'field', text: line, key: line.slice(0, colon), value: line.slice(colon + 1) };
  });
}

/** A change inside a compound value (one k=v of slave0's value). */
export interface PartChange {
  readonly key: string;
  readonly was: string | null;
  readonly now: string | null;
  readonly delta: number | null;
}

export interface FieldChange {
  readonly key: string;
  readonly kind: 'changed' | 'added' | 'removed';
  readonly was: string | null;
  readonly now: string | null;
  /** now - was, when both are numbers. */
  readonly delta: number | null;
  /** For k=v,k=v values: the parts that changed. */
  readonly parts: readonly PartChange[] | null;
}

export interface InfoDiff {
  /** Changed and added fields, by key. */
  readonly byKey: ReadonlyMap<string, FieldChange>;
  /** Fields the earlier text had and this one has not, in their earlier order. */
  readonly removed: readonly FieldChange[];
  /** Every change, in the order of the newer text, removed ones last. */
  readonly all: readonly FieldChange[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function numericDelta(was: string | null, now: string | null): number | null {
  if (was === null || now === null || !NUMBER.test(was) || !NUMBER.test(now)) return null;
  const d = Number(now) - Number(was);
  // Keep the decimals INFO printed, without binary noise (0.30000000000000004).
  const places = Math.max(decimals(was), decimals(now));
  return Number(d.toFixed(places));
}

const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** "ip=127.0.0.1,port=6380,state=online" -> its parts, or null when the value is not of that form. */
export function splitParts(value: string): Map<string, string> | null {
  if (!value.includes('=')) return null;
  const parts = new Map<string, string>();
  for (const p of value.split(',')) {
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    parts.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return parts;
}

function partChanges(was: string, now: string): PartChange[] | null {
  const a = splitParts(was);
  const b = splitParts(now);
  if (a === null || b === null) return null;
  const out: PartChange[] = [];
  for (const [k, v] of b) {
    const old = a.get(k) ?? null;
    if (old !== v) out.push({ key: k, was: old, now: v, delta: numericDelta(old, v) });
  }
  for (const [k, v] of a) if (!b.has(k)) out.push({ key: k, was: v, now: null, delta: null });
  return out;
}

function fields(lines: readonly InfoLine[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of lines) if (l.type === 'field') m.set(l.key, l.value);
  return m;
}

/** The fields of `now` that differ from `was` (null: nothing to compare with, so no changes). */
export function diffInfo(was: string | null | undefined, now: string): InfoDiff {
  const byKey = new Map<string, FieldChange>();
  const removed: FieldChange[] = [];
  if (was === null || was === undefined) return { byKey, removed, all: [] };
  const before = fields(parseInfo(was));
  const after = fields(parseInfo(now));
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) byKey.set(key, { key, kind: 'added', was: null, now: value, delta: null, parts: null });
    else if (old !== value) byKey.set(key, { key, kind: 'changed', was: old, now: value, delta: numericDelta(old, value), parts: partChanges(old, value) });
  }
  for (const [key, value] of before) {
    if (!after.has(key)) removed.push({ key, kind: 'removed', was: value, now: null, delta: null, parts: null });
  }
  return { byKey, removed, all: [...byKey.values(), ...removed] };
}

/** "+27", "-3", "+0.5": a delta with its sign. */
export function signed(d: number): string {
  return d > 0 ? `+${d}` : String(d);
}

/** "24 → 51 (+27)" for numbers, "wait_bgsave → online" otherwise; "→ x" when new, "x →" when gone. */
export function describeChange(c: { was: string | null; now: string | null; delta: number | null }): string {
  const was = c.was ?? '';
  const now = c.now ?? '';
  const arrow = `${was}${was === '' ? '' : ' '}→${now === '' ? '' : ' '}${now}`;
  return c.delta === null ? arrow : `${arrow} (${signed(c.delta)})`;
}
