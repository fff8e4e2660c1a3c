// Geometry of the handshake sequence diagram for a given width and cursor: where each section
// heading, lifeline head, row, arrow and label goes, with labels fitted to the space between the
// lifelines (long replication IDs shortened first). Pure: the component only draws it.

import {
  currentRowKey, fmtSec, rowAt, sectionHeading, visibleSections,
  type Dir, type HandshakeRow, type HandshakeSection, type RowAt, type Translate,
} from './handshake.ts';

const HEAD_H = 30;
const TITLE_H = 30;
const ROW_H = 46;
const GAP_H = 18;
const MONO_CH = 7.3; // px per character of the 12 px monospace face
const UI_CH = 6.2; // px per character of the 11 px UI face, on average

export interface RowBox {
  readonly key: string;
  readonly y: number;
  readonly kind: HandshakeRow['kind'];
  readonly dir: Dir;
  readonly at: RowAt;
  readonly current: boolean;
  readonly time: string;
  /** Fitted to the width; the full texts go into the title and the text version. */
  readonly label: string;
  readonly detail: string;
  readonly fullLabel: string;
}

export interface SectionBox {
  readonly key: string;
  readonly y: number;
  readonly bottom: number;
  readonly heading: string;
  readonly started: string;
  readonly replica: string;
  readonly master: string;
  readonly rows: readonly RowBox[];
}

export interface DiagramLayout {
  readonly width: number;
  /** The time column's width and type size (narrower on a phone). */
  readonly timeW: number;
  readonly timeFont: number;
  readonly height: number;
  readonly xReplica: number;
  readonly xMaster: number;
  readonly rowH: number;
  readonly headH: number;
  readonly sections: readonly SectionBox[];
  readonly current: RowBox | null;
  readonly rowCount: number;
}

/** Width of a text in average Latin characters: CJK characters count about two. */
export function textUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u2E80-\uFFEF]/.test(ch) ? 1.9 : 1;
  return n;
}

/** Shortens a label to n character widths: 40-hex replication IDs first, then the end. */
export function fitText(s: string, n: number, hex = true): string {
  if (textUnits(s) <= n) return s;
  const short = hex ? s.replace(/[0-9a-f]{40}/g, (id) => `${id.slice(0, 8)}…`) : s;
  if (textUnits(short) <= n) return short;
  let out = '';
  for (const ch of short) {
    if (textUnits(out + ch) > n - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function layoutDiagram(
  sections: readonly HandshakeSection[], cursorMs: number, showFuture: boolean, width: number, t: Translate,
): DiagramLayout {
  const w = Math.max(300, Math.floor(width));
  const narrow = w < 480;
  const timeW = narrow ? 72 : 88;
  const xReplica = timeW + (narrow ? 24 : 30);
  const xMaster = w - (narrow ? 24 : 30);
  // Labels are centred between the lifelines and may reach a little past them.
  const span = xMaster - xReplica + 16;
  const currentKey = currentRowKey(sections, cursorMs);
  let y = 4;
  let current: RowBox | null = null;
  let rowCount = 0;
  const out: SectionBox[] = [];
  for (const s of visibleSections(sections, cursorMs, showFuture)) {
    const top = y;
    y += TITLE_H + HEAD_H;
    const rows: RowBox[] = [];
    for (const r of s.rows) {
      const at = rowAt(r, s, cursorMs, t);
      if (at.state === 'future' && !showFuture) continue;
      const times = at.count > 1 ? ` ×${at.count}` : '';
      const full = at.text + times;
      const box: RowBox = {
        key: r.key, y, kind: r.kind, dir: r.dir, at, current: r.key === currentKey,
        time: t('handshake.rel', { s: fmtSec(at.firstRelMs) }),
        label: fitText(at.text, Math.floor(span / MONO_CH) - times.length) + times,
        detail: fitText(at.detail, Math.floor(span / UI_CH), false),
        fullLabel: full,
      };
      if (box.current) current = box;
      rows.push(box);
      rowCount++;
      y += ROW_H;
    }
    out.push({
      key: s.conn, y: top, bottom: y, replica: s.replica, master: s.master, rows,
      heading: fitText(sectionHeading(s, cursorMs, t, showFuture), Math.floor((w - 8) / 7.4)),
      started: t('handshake.startedAt', { t: fmtSec(s.startMs) }),
    });
    y += GAP_H;
  }
  return { width: w, timeW, timeFont: narrow ? 11 : 12, height: Math.max(y, 40), xReplica, xMaster, rowH: ROW_H, headH: HEAD_H, sections: out, current, rowCount };
}
