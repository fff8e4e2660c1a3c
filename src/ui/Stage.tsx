// The stage: the cluster's topology with frames travelling, wired to the store (selection and
// the node and link actions: the catalogue's crash, restart, add a replica, promote, remove, cut,
// heal and kill; making a replica of another; a link's latency and bandwidth, shown as the
// branch's actions have set them), with the narration line over it.
import { useState } from 'react';
import { runAction } from '../app/actions.ts';
import { useApp, useAppStore } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { Topology } from './panels/Topology.tsx';
import { linkSettingsAt } from './panels/topology-links.ts';
import { Narration } from './Narration.tsx';

export function Stage({ selected, onSelect }: { selected: string | null; onSelect(n: string | null): void }) {
  const store = useAppStore();
  const t = usePanelT();
  const views = useApp((s) => s.views);
  const frames = useApp((s) => s.frames);
  useApp((s) => s.version);
  const cursorMs = useApp((s) => s.cursorMs);
  const cutLinks = useApp((s) => s.cutLinks);
  const down = useApp((s) => s.down);
  const disks = useApp((s) => s.disks);
  const branches = useApp((s) => s.branches);
  const branchId = useApp((s) => s.branchId);
  const [frame, setFrame] = useState<string | null>(null);
  const act = store.getState().act;

  return (
    <section className="panel stage" aria-labelledby="stage-title">
      <h2 id="stage-title" className="visually-hidden">{t('stage.title')}</h2>
      <Narration />
      <Topology
        views={views}
        frames={frames}
        cursorMs={cursorMs}
        cutLinks={cutLinks}
        down={down}
        disks={disks}
        selectedNode={selected}
        selectedFrame={frame}
        onSelectNode={onSelect}
        onSelectFrame={setFrame}
        onAction={(a) => void act(a)}
        onRun={(id, target) => runAction({ store }, id, target)}
        linkSettings={(a, b) => linkSettingsAt(branches.find((x) => x.id === branchId)?.actions ?? [], a, b, cursorMs)}
        t={t}
      />
    </section>
  );
}
