// The backlog's arithmetic, worked with the numbers at the cursor, in the form the node's Redis
// version keeps it. Ring (2.8–6.2, feedReplicationBacklog): repl_backlog_idx, histlen capped at
// repl-backlog-size, first byte = master_repl_offset − histlen + 1, the oldest byte's position.
// Shared buffer (7.0): the blocks of the replication buffer, who references each (the backlog
// its first block, each replica the block it still sends from), histlen as their sum, and
// whether the oldest block can be trimmed (incrementalTrimReplicationBacklog).
import type { NodeView } from '../../runtime/protocol.ts';
import { nodeName } from '../moment-text.ts';
import type { RingGeometry } from './ring.ts';
import type { Translate } from './stream.ts';
import { addPanelWords } from '../i18n/panels.ts';
import * as versionPanelWords from '../i18n/version-panels.ts';

// The arithmetic's words come with this panel, not with the page.
addPanelWords(versionPanelWords);

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Who references each block: the backlog its first one, a replica the block it still sends from. */
export function blockRefs(view: NodeView, nameOfPort: ReadonlyMap<number, string>): Map<number, string[]> {
  const refs = new Map<number, string[]>();
  const b = view.backlog;
  if (!b || b.mode !== 'shared') return refs;
  const add = (id: number, who: string) => refs.set(id, [...(refs.get(id) ?? []), who]);
  if (b.blocks.length > 0) add(b.blocks[0].id, '');
  for (const r of view.replicas) if (r.refBlockId !== null) add(r.refBlockId, nodeName(r.name, nameOfPort));
  return refs;
}

/** incrementalTrimReplicationBacklog's verdict on the oldest block now. */
export function trimVerdict(view: NodeView, refs: ReadonlyMap<number, readonly string[]>): { kind: 'one' | 'pinned' | 'no' | 'yes'; rest: number; who: string } {
  const b = view.backlog!;
  if (b.blocks.length <= 1) return { kind: 'one', rest: b.histlen, who: '' };
  const first = b.blocks[0];
  const rest = b.histlen - first.size;
  const pinnedBy = (refs.get(first.id) ?? []).filter((x) => x !== '');
  if (pinnedBy.length > 0) return { kind: 'pinned', rest, who: pinnedBy.join(', ') };
  return { kind: rest > b.sizeBytes ? 'yes' : 'no', rest, who: '' };
}

export function BacklogMath({ view, g, nameOfPort, t }: { view: NodeView; g: RingGeometry; nameOfPort: ReadonlyMap<number, string>; t: Translate }) {
  const b = view.backlog;
  if (!b) return null;
  const head = view.masterReplOffset;
  if (b.mode === 'ring') {
    return (
      <details className="rs-math" open data-testid="backlog-math" data-mode="ring">
        <summary>{t('ring.math')}</summary>
        <ul className="mono">
          <li data-testid="math-idx">{t('ring.math.idx', { idx: b.idx, last: b.sizeBytes - 1 })}</li>
          <li data-testid="math-histlen">{t(b.histlen >= b.sizeBytes ? 'ring.math.histlenFull' : 'ring.math.histlenFilling', { histlen: b.histlen })}</li>
          <li data-testid="math-first">{t('ring.math.first', { head, histlen: b.histlen, first: b.firstByteOffset })}</li>
          <li data-testid="math-oldest">{t('ring.math.oldest', { idx: b.idx, histlen: b.histlen, size: b.sizeBytes, pos: mod(b.idx - b.histlen, b.sizeBytes) })}</li>
        </ul>
      </details>
    );
  }
  const refs = blockRefs(view, nameOfPort);
  const verdict = trimVerdict(view, refs);
  const first = b.blocks[0];
  return (
    <details className="rs-math" open data-testid="backlog-math" data-mode="shared">
      <summary>{t('ring.math')}</summary>
      <p>{t('ring.math.blocks', { n: b.blocks.length, trimmed: b.trimmed })}</p>
      <ol className="mono rs-blocks" data-testid="math-blocks">
        {b.blocks.map((x) => {
          const who = (refs.get(x.id) ?? []).map((w) => (w === '' ? t('ring.math.refBacklog') : w));
          return (
            <li key={x.id} data-block={x.id}>
              {x.used > 0
                ? t('ring.math.block', { id: x.id, from: x.startOffset, to: x.startOffset + x.used - 1, used: x.used, size: x.size })
                : t('ring.math.blockEmpty', { id: x.id, size: x.size })}
              {who.length > 0 && <span className="rs-muted"> · {t('ring.math.refs', { who: who.join(', ') })}</span>}
            </li>
          );
        })}
      </ol>
      <ul className="mono">
        <li data-testid="math-histlen">{t('ring.math.sharedHistlen', { parts: b.blocks.map((x) => x.used).join(' + ') || '0', histlen: b.histlen })}</li>
        <li data-testid="math-first">{t('ring.math.sharedFirst', { first: b.firstByteOffset, head, histlen: g.histlen })}</li>
        <li data-testid="math-trim">
          {verdict.kind === 'one' && t('ring.math.oneBlock')}
          {verdict.kind === 'pinned' && t('ring.math.trimPinned', { who: verdict.who })}
          {verdict.kind === 'no' && t('ring.math.trimNo', { rest: verdict.rest, size: b.sizeBytes })}
          {verdict.kind === 'yes' && first && t('ring.math.trimYes', { histlen: b.histlen, blockSize: first.size, rest: verdict.rest, size: b.sizeBytes })}
        </li>
      </ul>
    </details>
  );
}
