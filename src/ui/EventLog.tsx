// The event log: Redis's own log lines (and the faults acted on the cluster) up to the cursor,
// newest at the bottom. Each line is a button that moves the cursor to its moment; the list is one
// Tab stop, and ↑ ↓ Home End move between its lines.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { LogLine } from '../app/store.ts';
import { useApp, useT } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';
import { formatSeconds, logLineParts } from './format.ts';
import { actionEntryText } from './timeline-marks.ts';

/** The most lines drawn at once; older ones stay in the trace. */
export const LOG_LINES_SHOWN = 600;

function LineText({ line }: { line: LogLine }) {
  if (line.kind !== 'log') {
    // An action, written as its scenario line: "cut m r1", "crash r1", "latency m r1 50ms".
    return <span className="log-action">{actionEntryText(line)}</span>;
  }
  const { prefix, message } = logLineParts(line);
  return (
    <span className="log-text">
      {prefix && <span className="log-prefix">{prefix}</span>}
      {message}
    </span>
  );
}

export function EventLog() {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const log = useAppWhile(visible, (s) => s.log);
  const seek = useApp((s) => s.seek);
  const shown = log.length > LOG_LINES_SHOWN ? log.slice(log.length - LOG_LINES_SHOWN) : log;
  // The line that takes the Tab stop (by trace index); the newest one until another is chosen.
  const [active, setActive] = useState<number | null>(null);
  const activeIndex = active !== null && shown.some((l) => l.index === active) ? active : shown[shown.length - 1]?.index;

  const onKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const buttons = [...e.currentTarget.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = e.key === 'ArrowUp' ? at - 1 : e.key === 'ArrowDown' ? at + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
    b.focus();
    setActive(Number(b.dataset.index));
  };

  return (
    <section className="panel log" ref={ref} aria-labelledby="log-title">
      <h2 id="log-title">{t('log.title')}</h2>
      <p className="hint">{t('log.hint')}</p>
      {log.length > shown.length && <p className="hint">{t('log.shown', { n: shown.length, total: log.length })}</p>}
      {log.length === 0 ? (
        <p className="sub">{t('log.empty')}</p>
      ) : (
        // The box is reversed: it starts at the newest line and stays there as lines come (or
        // keeps showing the same lines when scrolled up), with no script reading its height.
        <div className="log-scroll">
        <ol className="log-lines" data-testid="event-log" onKeyDown={onKey}>
          {shown.map((l) => (
            <li key={l.index} className={l.kind === 'log' ? undefined : 'is-action'}>
              <button
                type="button"
                tabIndex={l.index === activeIndex ? 0 : -1}
                onClick={() => {
                  setActive(l.index);
                  void seek(l.t);
                }}
                title={t('log.goTo', { t: formatSeconds(l.t) })}
                data-t={l.t}
                data-index={l.index}
              >
                <span className="log-t num">{(l.t / 1000).toFixed(3)}</span>
                <span className="log-node">{l.node.replace('|', '–')}</span>
                <LineText line={l} />
              </button>
            </li>
          ))}
        </ol>
        </div>
      )}
    </section>
  );
}
