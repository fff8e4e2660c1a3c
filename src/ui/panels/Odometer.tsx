// A byte counter with rolling digits: one node's replication offset (master_repl_offset or
// slave_repl_offset), its name and role, and how far it is from the master.

import { Fragment } from 'react';

const CSS = `
.rs-odo { display: inline-flex; flex-direction: column; gap: 2px; min-width: 150px; padding: 6px 10px;
  border: 1px solid var(--line); border-radius: var(--radius); background: var(--panel); font-family: var(--font-ui); }
.rs-odo[data-role='master'] { border-left: 4px solid var(--role-master); }
.rs-odo[data-role='replica'] { border-left: 4px dashed var(--role-replica); }
.rs-odo-head { display: flex; gap: 6px; align-items: baseline; font-size: var(--fs-sm); color: var(--muted); }
.rs-odo-head b { color: var(--fg); font-size: var(--fs-md); }
.rs-odo-digits { display: inline-flex; font-family: var(--font-mono); font-variant-numeric: tabular-nums;
  font-size: var(--fs-xl); line-height: 1.2em; height: 1.2em; overflow: hidden; color: var(--fg); }
.rs-odo-col { display: inline-block; width: 1ch; height: 1.2em; overflow: hidden; }
.rs-odo-strip { display: flex; flex-direction: column; transition: transform 420ms cubic-bezier(.3,.7,.3,1); }
.rs-odo-strip span { height: 1.2em; text-align: center; }
.rs-odo-sep { display: inline-block; width: 0.35ch; }
.rs-odo-note { font-size: var(--fs-sm); font-family: var(--font-mono); font-variant-numeric: tabular-nums; }
.rs-odo-note[data-tone='none'] { color: var(--muted); }
.rs-odo-tone { display: inline-block; width: 1.2em; font-weight: 700; }
[data-tone='behind'] > .rs-odo-tone { color: var(--bad); }
[data-tone='ok'] > .rs-odo-tone { color: var(--good); }
.rs-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: reduce) { .rs-odo-strip { transition: none; } }
`;

/** A shape for each tone, so the note never relies on colour alone. */
const TONE_GLYPH = { ok: '●', behind: '▼', none: '○' } as const;

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface OdometerProps {
  /** The counter; null shows dashes (no offset yet). */
  readonly value: number | null;
  /** The node's name. */
  readonly label: string;
  /** master_repl_offset or slave_repl_offset. */
  readonly field: string;
  readonly role: 'master' | 'replica';
  /** The line under the digits, e.g. "−27 B behind". */
  readonly note: string;
  readonly tone: 'ok' | 'behind' | 'none';
  /** The least number of digit columns, so counters of one lane line up. */
  readonly minDigits?: number;
}

/** Rolling digits: each place is a strip 0–9 moved by a CSS transform, keyed from the right. */
export function Odometer({ value, label, field, role, note, tone, minDigits = 1 }: OdometerProps) {
  const text = value === null ? '' : String(Math.max(0, Math.trunc(value)));
  const width = Math.max(minDigits, text.length);
  const padded = value === null ? '-'.repeat(width) : text.padStart(width, '0');
  const places = [...padded].map((ch, i) => ({ ch, place: width - 1 - i, lead: value !== null && i < width - text.length }));
  return (
    <div className="rs-odo" data-role={role} data-testid={`odometer-${label}`}>
      <style href="rs-odometer" precedence="default">{CSS}</style>
      <div className="rs-odo-head"><b>{label}</b><span className="mono">{field}</span></div>
      <div className="rs-odo-digits" aria-hidden="true">
        {places.map(({ ch, place, lead }) => (
          <Fragment key={place}>
            <span className="rs-odo-col" style={{ opacity: lead ? 0.3 : 1 }}>
              {ch === '-' ? (
                <span>–</span>
              ) : (
                <span className="rs-odo-strip" style={{ transform: `translateY(${-Number(ch) * 1.2}em)` }}>
                  {DIGITS.map((d) => <span key={d}>{d}</span>)}
                </span>
              )}
            </span>
            {place > 0 && place % 3 === 0 ? <span className="rs-odo-sep" /> : null}
          </Fragment>
        ))}
      </div>
      <span className="rs-sr">{`${label} ${field} ${value ?? '—'}`}</span>
      <div className="rs-odo-note" data-tone={tone}><span className="rs-odo-tone" aria-hidden="true">{TONE_GLYPH[tone]}</span>{note}</div>
    </div>
  );
}
