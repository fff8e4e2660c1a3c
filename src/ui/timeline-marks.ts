// The markers on the time slider: which moments of a run are worth a mark, and how marks that
// would touch on the track merge into one. Two sources: the actions of the current branch (faults,
// link settings, topology changes, and commands when there are few; the script's future included)
// and the store's moments of replication (full and partial resynchronizations, a finished sync, a
// lost link, a replica dropped for its output buffer). The moments are cut back when time goes
// back, so a book remembers, per branch, what each branch has seen so far: a run is deterministic,
// so what a branch did once it does again, with the same trace index. The book reads only what is
// new on each update.

import type { AppState, AppStore, Moment } from '../app/store.ts';
import type { EntryOf } from '../runtime/trace.ts';
import type { TimedAction, UserAction } from '../runtime/timeline-api.ts';
import { formatDuration, formatRate } from '../scenario/units.ts';
import { momentText, type Translate } from './moment-text.ts';

/** What a mark shows; each kind has its own glyph (shape first, colour second). */
export type MarkKind = 'cut' | 'heal' | 'crash' | 'restart' | 'link' | 'topology' | 'command' | 'full' | 'partial' | 'synced' | 'lost' | 'sentinel';

/** Every kind, most notable first: a merged mark shows the glyph of its most notable kind. */
export const MARK_KINDS: readonly MarkKind[] = ['cut', 'crash', 'full', 'lost', 'sentinel', 'partial', 'synced', 'heal', 'restart', 'topology', 'link', 'command'];

/** The Sentinel events marked on the slider: a master seen down, agreed down, the leader, the switch, a failover given up. */
const SENTINEL_MARKED = new Set(['+sdown', '+odown', '+elected-leader', '+promoted-slave', '+switch-master', '+convert-to-slave']);

interface MarkAt {
  /** Simulated ms since the run began. */
  readonly t: number;
  readonly kind: MarkKind;
  /** The node it happened on; 'a|b' for a link. */
  readonly node: string;
  /** Unique within a branch: 'a' + the action's place, or 'm' + the moment's trace index. */
  readonly key: string;
}

/** A mark: an action (its scenario line) or a moment of the run (worded by markSummary). */
export type Mark = MarkAt & ({ readonly text: string; readonly moment?: undefined } | { readonly moment: Moment; readonly text?: undefined });

/** Commands that change who replicates from whom: always marked. */
const TOPOLOGY_COMMANDS = new Set(['REPLICAOF', 'SLAVEOF', 'FAILOVER']);
/** Commands that act like faults: always marked. */
const FAULT_COMMANDS = new Set(['SHUTDOWN', 'DEBUG', 'CLIENT']);
/** Other commands are marked only when a branch has at most this many of them. */
export const FEW_COMMANDS = 8;

function quoteArg(s: string): string {
  return /^[\x21-\x7e]+$/.test(s) && !/["'\\]/.test(s) ? s : JSON.stringify(s);
}

/** An action as the scenario line that would do it ("cut m r1", "latency m r1 50ms jitter 5ms"). */
export function actionText(a: UserAction): string {
  switch (a.type) {
    case 'command': return `${a.node}> ${a.argv.map(quoteArg).join(' ')}`;
    case 'cut': case 'heal': case 'kill': return `${a.type} ${a.a} ${a.b}`;
    case 'crash': case 'restart': case 'remove': return `${a.type} ${a.node}`;
    case 'closeConsole': return `ctrl-c ${a.node}`;
    case 'latency': return `latency ${a.a} ${a.b} ${formatDuration(a.latencyMs)}${a.jitterMs ? ` jitter ${formatDuration(a.jitterMs)}` : ''}`;
    case 'bandwidth': return `bandwidth ${a.a} ${a.b} ${formatRate(a.bytesPerSec)}`;
    case 'addNode': return `node ${a.node}`;
  }
}

/** An action entry of the trace as its scenario line ("cut m r1", "latency m r1 50ms jitter 5ms", "crash r1"). */
export function actionEntryText(e: EntryOf<'nodeAction'> | EntryOf<'linkAction'>): string {
  if (e.kind === 'nodeAction') return actionText({ type: e.action, node: e.node });
  switch (e.action) {
    case 'latency': return actionText({ type: 'latency', a: e.a, b: e.b, latencyMs: e.latencyMs, jitterMs: e.jitterMs });
    case 'bandwidth': return actionText({ type: 'bandwidth', a: e.a, b: e.b, bytesPerSec: e.bytesPerSec });
    default: return actionText({ type: e.action, a: e.a, b: e.b });
  }
}

function commandKind(argv: readonly string[], few: boolean): MarkKind | null {
  const name = (argv[0] ?? '').toUpperCase();
  if (TOPOLOGY_COMMANDS.has(name)) return 'topology';
  if (name === 'SHUTDOWN') return 'crash';
  if (FAULT_COMMANDS.has(name)) {
    const sub = (argv[1] ?? '').toUpperCase();
    if ((name === 'DEBUG' && (sub === 'SLEEP' || sub === 'RESTART')) || (name === 'CLIENT' && sub === 'KILL')) return 'command';
  }
  return few ? 'command' : null;
}

/**
 * The marks of a branch's actions, in time order. Plain commands are marked only when there are
 * few; nodes are marked when added after the start.
 */
export function actionMarks(actions: readonly TimedAction[]): Mark[] {
  let commands = 0;
  for (const ta of actions) if (ta.action.type === 'command') commands++;
  const few = commands <= FEW_COMMANDS;
  const out: Mark[] = [];
  actions.forEach((ta, i) => {
    const a = ta.action;
    let kind: MarkKind | null;
    let node: string;
    switch (a.type) {
      case 'cut': case 'kill': kind = 'cut'; node = `${a.a}|${a.b}`; break;
      case 'heal': kind = 'heal'; node = `${a.a}|${a.b}`; break;
      case 'latency': case 'bandwidth': kind = 'link'; node = `${a.a}|${a.b}`; break;
      case 'crash': kind = 'crash'; node = a.node; break;
      case 'remove': kind = 'topology'; node = a.node; break;
      case 'restart': kind = 'restart'; node = a.node; break;
      // redis-cli exiting is the console's business, not a change to the cluster.
      case 'closeConsole': kind = null; node = a.node; break;
      // The nodes a scenario declares at the start are the cluster itself, not a change to it.
      case 'addNode': kind = ta.atMs > 0 ? 'topology' : null; node = a.node; break;
      case 'command': kind = commandKind(a.argv, few); node = a.node; break;
    }
    if (kind) out.push({ t: ta.atMs, kind, node, text: actionText(a), key: `a${i}` });
  });
  return out.sort((x, y) => x.t - y.t);
}

/** The kind of mark a moment makes, or null (actions are marked from the branch's actions). */
export function momentKind(m: Moment): MarkKind | null {
  switch (m.kind) {
    case 'psync': return m.verdict === 'accepted' ? 'partial' : 'full';
    case 'syncFinished': return 'synced';
    case 'linkLost': case 'bufferLimit': return 'lost';
    case 'sentinel':
      if (m.name === '+sdown' && m.instance !== 'master') return null;
      return SENTINEL_MARKED.has(m.name) || m.name.startsWith('-failover-abort') ? 'sentinel' : null;
    default: return null;
  }
}

/** One moment as a mark, or null. */
export function momentMark(m: Moment): Mark | null {
  const kind = momentKind(m);
  return kind ? { t: m.t, kind, node: m.node, moment: m, key: `m${m.index}` } : null;
}

/** Merges two lists sorted by time into one (a before b at the same moment). */
export function mergeByTime(a: readonly Mark[], b: readonly Mark[]): Mark[] {
  const out: Mark[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].t <= b[j].t)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

type BookInput = Pick<AppState, 'timeline' | 'moments' | 'branches' | 'branchId'>;

/**
 * What the run has marked, kept across seeks. update() takes the store's state after each change:
 * it compares array identities, reads only the moments it has not seen, and recomputes the
 * action marks only when the branches change.
 */
export class MarkBook {
  private timeline: unknown = undefined;
  private moments: BookInput['moments'] | null = null;
  private branches: BookInput['branches'] | null = null;
  private branchId = -1;
  private readonly seen = new Map<number, { marks: Mark[]; lastIndex: number }>();
  private acts: Mark[] = [];
  private actions: readonly TimedAction[] | null = null;
  private actionCount = 0;
  private all: Mark[] = [];
  private stale = true;
  private readonly listeners = new Set<() => void>();
  /** Bumped whenever the marks change. */
  version = 0;

  update(s: BookInput): boolean {
    let changed = false;
    if (s.timeline !== this.timeline) {
      this.timeline = s.timeline;
      this.seen.clear();
      this.acts = [];
      this.moments = this.branches = null;
      this.branchId = -1;
      changed = true;
    }
    const branchSwitched = s.branchId !== this.branchId;
    if (s.branches !== this.branches || branchSwitched) {
      this.branches = s.branches;
      this.branchId = s.branchId;
      // The branch list is new whenever a branch's head moves; its actions change far less often
      // (a branch's action list grows in place, so its length tells).
      const b = s.branches.find((x) => x.id === s.branchId);
      const actions = b?.actions ?? null;
      if (branchSwitched || actions !== this.actions || (actions?.length ?? 0) !== this.actionCount) {
        this.actions = actions;
        this.actionCount = actions?.length ?? 0;
        this.acts = actions ? actionMarks(actions) : [];
        changed = true;
      }
    }
    if (s.moments !== this.moments || branchSwitched) {
      this.moments = s.moments;
      let book = this.seen.get(s.branchId);
      if (!book) {
        book = { marks: [], lastIndex: -1 };
        this.seen.set(s.branchId, book);
        changed = true;
      }
      // The new lines are at the end: walk back to the last one already read.
      const list = s.moments;
      let from = list.length;
      while (from > 0 && list[from - 1].index > book.lastIndex) from--;
      for (let i = from; i < list.length; i++) {
        const m = momentMark(list[i]);
        if (m) {
          book.marks.push(m);
          changed = true;
        }
      }
      if (from < list.length) book.lastIndex = list[list.length - 1].index;
    }
    if (changed) {
      this.stale = true;
      this.version++;
      for (const l of this.listeners) l();
    }
    return changed;
  }

  /** Every mark of the current branch, in time order. */
  marks(): readonly Mark[] {
    if (this.stale) {
      this.all = mergeByTime(this.acts, this.seen.get(this.branchId)?.marks ?? []);
      this.stale = false;
    }
    return this.all;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;
}

const books = new WeakMap<AppStore, MarkBook>();

/** The store's mark book (one per store, fed by every state change). */
export function markBookOf(store: AppStore): MarkBook {
  let book = books.get(store);
  if (!book) {
    const b = new MarkBook();
    b.update(store.getState());
    store.subscribe((s) => { b.update(s); });
    books.set(store, b);
    book = b;
  }
  return book;
}

/** The first mark strictly after `ms`, or null. (Marks are sorted by time.) */
export function nextMarkTime(marks: readonly Mark[], ms: number): number | null {
  let lo = 0, hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].t <= ms + 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo < marks.length ? marks[lo].t : null;
}

/** The last mark strictly before `ms`, or null. */
export function prevMarkTime(marks: readonly Mark[], ms: number): number | null {
  let lo = 0, hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].t < ms - 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? marks[lo - 1].t : null;
}

/** Marks drawn as one: at the first one's place and moment, with the glyph of the most notable. */
export interface MarkGroup {
  readonly t: number;
  /** Distance from the track's left edge, px. */
  readonly x: number;
  readonly kind: MarkKind;
  readonly marks: readonly Mark[];
  readonly key: string;
}

/** Where a moment sits on a track `widthPx` wide whose thumb is `thumbPx` wide (the thumb's centre). */
export function markX(t: number, maxMs: number, widthPx: number, thumbPx: number): number {
  const p = maxMs > 0 ? Math.min(1, Math.max(0, t / maxMs)) : 0;
  return thumbPx / 2 + p * Math.max(0, widthPx - thumbPx);
}

/**
 * Groups marks so that no two drawn marks are closer than `minGapPx`: a mark joins the group
 * before it when it is within minGapPx of that group's first mark. One pass over the marks.
 */
export function groupMarks(marks: readonly Mark[], maxMs: number, widthPx: number, minGapPx: number, thumbPx = 16): MarkGroup[] {
  const out: MarkGroup[] = [];
  let cur: { t: number; x: number; marks: Mark[]; rank: number } | null = null;
  const flush = () => {
    if (cur) out.push({ t: cur.t, x: cur.x, kind: MARK_KINDS[cur.rank], marks: cur.marks, key: cur.marks[0].key });
  };
  for (const m of marks) {
    const x = markX(m.t, maxMs, widthPx, thumbPx);
    const rank = MARK_KINDS.indexOf(m.kind);
    if (cur && x - cur.x < minGapPx) {
      cur.marks.push(m);
      cur.rank = Math.min(cur.rank, rank);
    } else {
      flush();
      cur = { t: m.t, x, marks: [m], rank };
    }
  }
  flush();
  return out;
}

/** A mark in a few words: "cut m r1", "Partial resync accepted: r1 from offset 123". */
export function markSummary(m: Mark, t: Translate, nameOfPort: ReadonlyMap<number, string>, maxChars = 110): string {
  const text = m.moment ? momentText(m.moment, t, nameOfPort) ?? '' : m.text;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
