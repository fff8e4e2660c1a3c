// The action catalogue: everything a person can do to the run, once. The keyboard handler, the
// shortcuts dialog, the transport bar's buttons and the stage's menus all read it: its id, the
// label's i18n key, the keys that trigger it, when it is enabled, and what it does.

import type { AppState, AppStore, Moment } from './store.ts';
import { AHEAD_LIMIT_MS } from './store.ts';
import { BUDGETS } from '../engine/budget.ts';

export type GlobalActionId = 'togglePlay' | 'stepBack' | 'stepForward' | 'runToEnd' | 'prevMark' | 'nextMark' | 'presenter' | 'help';
export type NodeActionId = 'crash' | 'restart' | 'addReplica' | 'promote' | 'remove' | 'untilOnline' | 'addSentinel' | 'monitor';
export type LinkActionId = 'cut' | 'heal' | 'kill';
export type ActionId = GlobalActionId | NodeActionId | LinkActionId;

/** What a node or link action acts on. */
export interface ActionTarget {
  readonly node?: string;
  readonly a?: string;
  readonly b?: string;
}

/** What the page lends the catalogue: its markers and its own dialogs. */
export interface ActionEnv {
  readonly store: AppStore;
  /** The event markers' times, sorted (the time slider's marks). */
  markTimes?(): readonly number[];
  /** Is this moment of the run marked? (What "next event" looks for in time not yet simulated.) */
  isMark?(m: Moment): boolean;
  help?(): void;
  presenter?(): void;
}

export interface ActionDef {
  readonly id: ActionId;
  /** The i18n key of its label (node actions take {name}, link actions {a} and {b}). */
  readonly label: string;
  /** KeyboardEvent.key values that trigger it (global actions only). */
  readonly keys: readonly string[];
  /** The keys as the shortcuts dialog shows them. */
  readonly keyLabels: readonly string[];
  /** aria-keyshortcuts for its button. */
  readonly ariaKeys?: string;
  enabled(s: AppState, target: ActionTarget, env?: ActionEnv): boolean;
  run(env: ActionEnv, target: ActionTarget): void | Promise<unknown>;
}

const ready = (s: AppState) => s.timeline !== null && s.fault === null;
const isDown = (s: AppState, node: string | undefined) => node !== undefined && s.down.includes(node);
const exists = (s: AppState, node: string | undefined) => node !== undefined && s.views.some((v) => v.name === node);

/** The first marker strictly after `ms`, or null (times sorted). */
export function nextTime(times: readonly number[], ms: number): number | null {
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= ms + 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? times[lo] : null;
}

/** The last marker strictly before `ms`, or null. */
export function prevTime(times: readonly number[], ms: number): number | null {
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < ms - 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? times[lo - 1] : null;
}

/** The marker before or after the cursor (or where a seek is going), null if none. */
function markTarget(env: ActionEnv | undefined, s: AppState, dir: -1 | 1): number | null {
  const times = env?.markTimes?.() ?? [];
  const from = s.seekingTo ?? s.cursorMs;
  return dir < 0 ? prevTime(times, from) : nextTime(times, from);
}

/** Can "next event" still simulate ahead to find a moment (not yet a minute past the script's end)? */
function canSearchAhead(s: AppState, env: ActionEnv | undefined): boolean {
  return env?.isMark !== undefined && s.headMs < s.scriptEndMs + AHEAD_LIMIT_MS;
}

/** A new replica of `of`: the first free name r1, r2…, added and pointed at it with REPLICAOF. */
export async function addReplicaOf(store: AppStore, of: string): Promise<string> {
  const views = store.getState().views;
  const names = new Set(views.map((v) => v.name));
  let i = 1;
  while (names.has(`r${i}`)) i++;
  const name = `r${i}`;
  const port = views.find((v) => v.name === of)?.port ?? 6379;
  await store.getState().act({ type: 'addNode', node: name });
  await store.getState().act({ type: 'command', node: name, argv: ['REPLICAOF', of, String(port)], wait: false });
  return name;
}

const isSentinel = (s: AppState, node: string | undefined) => s.views.some((v) => v.name === node && v.sentinel !== undefined);

/** The master name a Sentinel would give this node: the name Sentinels already use for its address, else mymaster (or mymaster2…). */
function masterNameFor(views: AppState['views'], port: number): { name: string; quorum: number; known: boolean } {
  const masters = views.flatMap((v) => v.sentinel?.masters ?? []);
  const same = masters.find((m) => m.port === port);
  if (same) return { name: same.name, quorum: same.quorum, known: true };
  const taken = new Set(masters.map((m) => m.name));
  let name = 'mymaster';
  for (let i = 2; taken.has(name); i++) name = `mymaster${i}`;
  return { name, quorum: 2, known: false };
}

/**
 * A new Sentinel (s1, s2… the first free name) that monitors what the other Sentinels monitor and
 * this data node (`of`) too, as a sentinel.conf's `sentinel monitor NAME 127.0.0.1 PORT QUORUM`
 * lines would: the quorum the others use, else 2.
 */
export async function addSentinelFor(store: AppStore, of: string): Promise<string> {
  const views = store.getState().views;
  const names = new Set(views.map((v) => v.name));
  let i = 1;
  while (names.has(`s${i}`)) i++;
  const name = `s${i}`;
  const lines = new Map<string, string>();
  for (const m of views.flatMap((v) => v.sentinel?.masters ?? [])) if (!lines.has(m.name)) lines.set(m.name, `monitor ${m.name} ${m.ip} ${m.port} ${m.quorum}`);
  const port = views.find((v) => v.name === of)?.port ?? 6379;
  const mine = masterNameFor(views, port);
  if (!mine.known) lines.set(mine.name, `monitor ${mine.name} 127.0.0.1 ${port} ${mine.quorum}`);
  const config = Object.fromEntries([...lines.values()].map((l, k) => [`sentinel-${k + 1}`, l]));
  await store.getState().act({ type: 'addNode', node: name, kind: 'sentinel', config });
  return name;
}

/** SENTINEL MONITOR at every running Sentinel that does not watch this node yet (the quorum: a majority of the Sentinels). */
export async function monitorWithSentinels(store: AppStore, node: string): Promise<void> {
  const s = store.getState();
  const port = s.views.find((v) => v.name === node)?.port ?? 6379;
  const sentinels = s.views.filter((v) => v.sentinel);
  const { name } = masterNameFor(s.views, port);
  const quorum = Math.floor(sentinels.length / 2) + 1;
  for (const v of sentinels) {
    if (s.down.includes(v.name) || v.sentinel!.masters.some((m) => m.port === port)) continue;
    await store.getState().act({ type: 'command', node: v.name, argv: ['SENTINEL', 'MONITOR', name, '127.0.0.1', String(port), String(quorum)], wait: false });
  }
}

function global(id: GlobalActionId, label: string, keys: readonly string[], keyLabels: readonly string[], ariaKeys: string | undefined,
  enabled: ActionDef['enabled'], run: ActionDef['run']): ActionDef {
  return { id, label, keys, keyLabels, ariaKeys, enabled, run };
}

function onNode(id: NodeActionId, label: string, enabled: (s: AppState, node: string) => boolean, run: (env: ActionEnv, node: string) => Promise<unknown>): ActionDef {
  return {
    id, label, keys: [], keyLabels: [],
    enabled: (s, t) => ready(s) && t.node !== undefined && enabled(s, t.node),
    run: (env, t) => (t.node === undefined ? undefined : run(env, t.node)),
  };
}

function onLink(id: LinkActionId, label: string): ActionDef {
  return {
    id, label, keys: [], keyLabels: [],
    enabled: (s, t) => ready(s) && t.a !== undefined && t.b !== undefined,
    run: (env, t) => (t.a === undefined || t.b === undefined ? undefined : env.store.getState().act({ type: id, a: t.a, b: t.b })),
  };
}

export const ACTIONS: readonly ActionDef[] = [
  global('togglePlay', 'shortcuts.play', [' ', '.'], ['Space', '.'], 'Space Period', ready, (env) => env.store.getState().togglePlay()),
  global('stepBack', 'shortcuts.stepBack', ['ArrowLeft'], ['←'], 'ArrowLeft', ready, (env) => env.store.getState().stepBack()),
  global('stepForward', 'shortcuts.stepForward', ['ArrowRight'], ['→'], 'ArrowRight', ready, (env) => env.store.getState().stepForward()),
  global('runToEnd', 'transport.runToEnd', [], [], undefined, ready, (env) => env.store.getState().runToEnd()),
  global('prevMark', 'shortcuts.prevMark', ['[', 'PageUp'], ['[', 'PageUp'], 'BracketLeft PageUp',
    (s, _t, env) => ready(s) && markTarget(env, s, -1) !== null,
    (env) => { const s = env.store.getState(); const to = markTarget(env, s, -1); return to === null ? undefined : s.seek(to); }),
  global('nextMark', 'shortcuts.nextMark', [']', 'PageDown'], [']', 'PageDown'], 'BracketRight PageDown',
    (s, _t, env) => ready(s) && (markTarget(env, s, 1) !== null || canSearchAhead(s, env)),
    (env) => { const s = env.store.getState(); return s.seekNextMark(markTarget(env, s, 1), env.isMark ?? (() => false)); }),
  global('presenter', 'shortcuts.presenter', ['p', 'P'], ['P'], 'P', (_s, _t, env) => env?.presenter !== undefined, (env) => env.presenter?.()),
  global('help', 'shortcuts.help', ['?'], ['?'], 'Shift+Slash', (_s, _t, env) => env?.help !== undefined, (env) => env.help?.()),
  onNode('crash', 'topology.action.crash', (s, n) => exists(s, n) && !isDown(s, n), (env, node) => env.store.getState().act({ type: 'crash', node })),
  onNode('restart', 'topology.action.restart', (s, n) => isDown(s, n), (env, node) => env.store.getState().act({ type: 'restart', node })),
  // No more nodes than the simulator's budget (engine/budget.ts).
  onNode('addReplica', 'topology.action.addReplica', (s, n) => exists(s, n) && !isSentinel(s, n) && s.views.length < BUDGETS.nodes, (env, node) => addReplicaOf(env.store, node)),
  onNode('addSentinel', 'sentinel.action.add', (s, n) => exists(s, n) && !isSentinel(s, n) && s.views.length < BUDGETS.nodes, (env, node) => addSentinelFor(env.store, node)),
  onNode('monitor', 'sentinel.action.monitor', (s, n) => {
    const port = s.views.find((v) => v.name === n && !v.sentinel)?.port;
    return port !== undefined && !isDown(s, n) && s.views.some((v) => v.sentinel && !s.down.includes(v.name) && !v.sentinel.masters.some((m) => m.port === port));
  }, (env, node) => monitorWithSentinels(env.store, node)),
  onNode('promote', 'topology.action.promote', (s, n) => !isDown(s, n) && s.views.some((v) => v.name === n && v.role === 'replica' && !v.sentinel),
    (env, node) => env.store.getState().act({ type: 'command', node, argv: ['REPLICAOF', 'NO', 'ONE'], wait: false })),
  onNode('remove', 'topology.action.remove', (s, n) => exists(s, n), (env, node) => env.store.getState().act({ type: 'remove', node })),
  onNode('untilOnline', 'transport.untilOnline', (s, n) => s.views.some((v) => v.name === n && v.role === 'replica' && !v.linkUp),
    (env, node) => env.store.getState().runUntilOnline(node)),
  onLink('cut', 'topology.action.cut'),
  onLink('heal', 'topology.action.heal'),
  onLink('kill', 'topology.action.kill'),
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function actionById(id: ActionId): ActionDef {
  return BY_ID.get(id)!;
}

/** The global action a key triggers, if any. */
export function actionForKey(key: string): ActionDef | null {
  for (const a of ACTIONS) if (a.keys.includes(key)) return a;
  return null;
}

/**
 * Runs an action if it is enabled; false when it is not (a key handler then leaves the key alone).
 */
export function runAction(env: ActionEnv, id: ActionId, target: ActionTarget = {}): boolean {
  const a = actionById(id);
  if (!a.enabled(env.store.getState(), target, env)) return false;
  void a.run(env, target);
  return true;
}
