// A row of node tabs (the console's and the INFO panel's node selector): arrow keys, Home and End
// move between them as in the ARIA tabs pattern; a badge says when a node is down.

import { useRef, type KeyboardEvent } from 'react';

export interface NodeTabsProps {
  readonly label: string;
  readonly names: readonly string[];
  readonly current: string;
  onSelect(name: string): void;
  /** The id of the tab panel the tabs control. */
  readonly panelId: string;
  /** A short word after a node's name (e.g. "down"), or null. */
  readonly badge?: (name: string) => string | null;
  /** The tab's test id (tab-NAME by default). */
  readonly testId?: (name: string) => string;
}

export function NodeTabs({ label, names, current, onSelect, panelId, badge, testId = (n) => `tab-${n}` }: NodeTabsProps) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = names.indexOf(current);
    const next =
      e.key === 'ArrowRight' ? names[(i + 1) % names.length]
      : e.key === 'ArrowLeft' ? names[(i - 1 + names.length) % names.length]
      : e.key === 'Home' ? names[0]
      : e.key === 'End' ? names[names.length - 1]
      : null;
    if (next === null || next === undefined) return;
    e.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className="nt" role="tablist" aria-label={label}>
      {names.map((n) => {
        const b = badge?.(n) ?? null;
        const selected = n === current;
        return (
          <button
            key={n}
            ref={(el) => {
              if (el) refs.current.set(n, el);
              else refs.current.delete(n);
            }}
            type="button"
            role="tab"
            className="nt-tab"
            aria-selected={selected}
            aria-controls={selected ? panelId : undefined}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(n)}
            onKeyDown={onKeyDown}
            data-testid={testId(n)}
          >
            <span className="mono">{n}</span>
            {b !== null && <span className="nt-badge">{b}</span>}
          </button>
        );
      })}
    </div>
  );
}
