// A runnable command in text (captions, notes, the console's help): a button that runs it at a node.
import './console-style.css';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function ClickableCommand({ node, text, onRun, t }: { node: string; text: string; onRun(node: string, text: string): void; t: Translate }) {
  return (
    <button type="button" className="rc-cmdlink" onClick={() => onRun(node, text)} aria-label={t('console.run', { cmd: text, node })}>
      <span aria-hidden="true">▸</span>
      <code>{text}</code>
    </button>
  );
}
