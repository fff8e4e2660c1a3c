// Caption text with its runnable commands (caption-markup.ts) as buttons: activating one runs the
// line in that node's console, at the cursor. A command for a node that does not exist now, or a
// page without a console, shows as plain code.
import { useMemo } from 'react';
import { parseCaption } from './caption-markup.ts';
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { ClickableCommand } from './panels/ClickableCommand.tsx';
import { useRunCommand } from './run-command.ts';
import './captions.css';

export function CaptionText({ text }: { text: string }) {
  const t = usePanelT();
  const run = useRunCommand();
  // Plain strings, so that a caption re-renders only when the nodes or the master change.
  const names = useApp((s) => s.views.map((v) => v.name).join(' '));
  // A command without a node runs at the master: the first node that is one, else the first node.
  const master = useApp((s) => (s.views.find((v) => v.role === 'master') ?? s.views[0])?.name ?? null);
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
