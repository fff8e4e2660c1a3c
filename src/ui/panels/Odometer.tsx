// A byte counter with rolling digits: one node's replication offset (master_repl_offset or
// slave_repl_offset), its name and role, and how far it is from the master.

import { Fragment } from 'react';
import './odometer.css';


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
