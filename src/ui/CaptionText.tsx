// Caption text with its runnable commands (caption-markup.ts) as buttons: activating one runs the
// line in that node's console, at the cursor. A command for a node that does not exist now, or a
// page without a console, shows as plain code.
import { useMemo } from 'react';
import type { NodeView } from '../runtime/protocol.ts';
import { parseCaption } from './caption-markup.ts';
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { ClickableCommand } from './panels/ClickableCommand.tsx';
import { useRunCommand } from './run-command.ts';
import './captions.css';

/**
 * The node names and the master, worked out once per views array for every caption on the page
 * (the store calls each caption's selectors on every update, several times a frame while playing).
 */
let castFor: readonly NodeView[] | null = null;
let cast = { names: '', master: null as string | null };
function castOf(views: readonly NodeView[]): { names: string; master: string | null } {
  if (views !== castFor) {
    castFor = views;
    cast = { names: views.map((v) => v.name).join(' '), master: (views.find((v) => v.role === 'master') ?? views[0])?.name ?? null };
  }
  return cast;
}

export function CaptionText({ text }: { text: string }) {
  const t = usePanelT();
  const run = useRunCommand();
  // Plain strings, so that a caption re-renders only when the nodes or the master change.
  const names = useApp((s) => castOf(s.views).names);
  // A command without a node runs at the master: the first node that is one, else the first node.
  const master = useApp((s) => castOf(s.views).master);
  const nodes = useMemo(() => new Set(names.split(' ')), [names]);
  const parts = useMemo(() => parseCaption(text), [text]);
  return (
    <>
      {parts.map((p, i) => {
        if (p.type === 'text') return p.text;
        if (p.type === 'code') return <code key={i} className="cap-code">{p.text}</code>;
        const node = p.node ?? master;
        const shown = p.node ? `${p.node}> ${p.text}` : p.text;
        if (!run || node === null || !nodes.has(node)) return <code key={i} className="cap-code">{shown}</code>;
        return (
          <span key={i} className="cap-cmd" data-node={node}>
            {p.node && <span className="cap-node" aria-hidden="true">{p.node}&gt;</span>}
            <ClickableCommand node={node} text={p.text} onRun={run} t={t} />
          </span>
        );
      })}
    </>
  );
}
