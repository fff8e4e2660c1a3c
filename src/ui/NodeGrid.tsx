// The cluster at the cursor: a card per node, masters first.
import { useMemo } from 'react';
import type { NodeView } from '../runtime/protocol.ts';
import type { DiskView } from '../runtime/timeline.ts';
import { useT } from './context.ts';
import { NodeCard } from './NodeCard.tsx';

export function NodeGrid({ views, down, disks = [] }: { views: readonly NodeView[]; down: readonly string[]; disks?: readonly DiskView[] }) {
  const t = useT();
  const sorted = useMemo(() => [...views].sort((a, b) => (a.role === b.role ? 0 : a.role === 'master' ? -1 : 1)), [views]);
  const byPort = useMemo(() => new Map(views.map((v) => [v.port, v.name])), [views]);
  const nameOf = (addr: string) => {
    const port = Number(addr.split(':').pop());
    return byPort.get(port) ?? null;
  };
  return (
    <section className="panel nodes" aria-labelledby="nodes-title">
      <h2 id="nodes-title">{t('nodes.title')}</h2>
      {sorted.length === 0 ? (
        <p className="sub">{t('nodes.none')}</p>
      ) : (
        <div className="node-grid">
          {sorted.map((v) => <NodeCard key={v.name} view={v} down={down.includes(v.name)} disk={disks.find((d) => d.node === v.name)} nameOf={nameOf} />)}
        </div>
      )}
    </section>
  );
}
