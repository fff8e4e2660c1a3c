// Sending the learner's eyes to a panel: the inspector switches to the tab, the panel is brought
// into view and outlined for a few seconds (an outline and a label, not a colour alone).
import type { LookTarget } from '../../app/lessons/types.ts';
import type { AnswerFrom } from '../../app/lessons/types.ts';
import { openPanel } from '../open-panel.ts';

const INSPECTOR_TABS = ['nodes', 'backlog', 'buffers', 'handshake', 'info', 'sentinel'] as const;

/** The element that shows a look target on this page (the presenter layout has the ring beside the stage). */
function elementFor(target: LookTarget, doc: Document): HTMLElement | null {
  const q = (sel: string) => doc.querySelector<HTMLElement>(sel);
  switch (target) {
    case 'stage': return q('.panel.stage');
    case 'console': return q('.panel.console');
    case 'log': return q('.panel.log');
    case 'stream': return q('.panel.lane');
    case 'timeline': return q('[data-testid="transport"]');
    case 'backlog': return q('.panel.ring-panel') ?? q('.panel.inspector');
    default: return q('.panel.inspector');
  }
}

let lit: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

/** How long a panel stays outlined. */
const OUTLINE_MS = 6000;

export function lookAt(target: LookTarget, doc: Document = document, opts: { scroll?: boolean } = {}): void {
  if ((INSPECTOR_TABS as readonly string[]).includes(target) && !(target === 'backlog' && doc.querySelector('.panel.ring-panel'))) {
    openPanel(target as (typeof INSPECTOR_TABS)[number], true);
  }
  if (target === 'sentinel') showSequence(doc);
  const el = elementFor(target, doc);
  if (!el) return;
  if (lit && lit !== el) lit.removeAttribute('data-lesson-look');
  lit = el;
  el.setAttribute('data-lesson-look', target);
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => { el.removeAttribute('data-lesson-look'); if (lit === el) lit = null; }, OUTLINE_MS);
  if (opts.scroll !== false && target !== 'timeline') {
    const reduce = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    el.scrollIntoView?.({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }
}

/**
 * The Sentinels tab opens with each Sentinel's view on top; a step about the failover is told by
 * the sequence diagram below it: once the tab is drawn, its panel scrolls (inside itself, the page
 * stays) to the diagram: its title, or for a long one its latest rows.
 */
function showSequence(doc: Document): void {
  const win = doc.defaultView;
  if (!win) return;
  let tries = 0;
  const go = () => {
    const title = doc.getElementById('sn-seq-title');
    if (!title) {
      if (++tries < 20) win.requestAnimationFrame(go);
      return;
    }
    const box = title.closest<HTMLElement>('.tabpanel');
    const seq = title.closest<HTMLElement>('.sn-seq');
    if (!box || !seq || box.scrollHeight <= box.clientHeight) return;
    // The title at the top, or, for a long diagram, its last rows (the step's moment) at the bottom.
    const top = box.getBoundingClientRect();
    box.scrollTop += Math.max(title.getBoundingClientRect().top - top.top - 4, seq.getBoundingClientRect().bottom - top.bottom + 4);
  };
  win.requestAnimationFrame(go);
}

/** Where on screen a question's answer is shown. */
export function lookOfAnswer(a: AnswerFrom, stepLook: LookTarget | undefined): LookTarget {
  if ('info' in a) return 'info';
  if ('reply' in a || 'replyOf' in a) return 'console';
  if ('stream' in a) return 'stream';
  if ('count' in a) return 'log';
  return stepLook ?? 'timeline';
}
