// Following a lesson on a run: where each step's moment is, whether a step's task was done, and
// what each question's answer is. The same functions serve the page (on the run the learner
// watches) and `replscope lessons check` (on an inline run in Node).

import { splitArgs } from '../../scenario/split-args.ts';
import type { TimedAction, UserAction } from '../../runtime/timeline-api.ts';
import type { Timeline } from '../../runtime/timeline.ts';
import type { ReplyEvent } from '../../runtime/sim.ts';
import type { FrameList } from '../../runtime/frame-list.ts';
import { commandOutput } from '../../runtime/command-output.ts';
import { parseCommand } from '../../engine/resp.ts';
import type { Moment } from '../run-index.ts';
import type { AnswerFrom, Question, StepAt, Task } from './types.ts';

/** Where a step's moment was found: a time, and the moment itself when it is a typed one. */
export interface Found {
  readonly t: number;
  readonly moment: Moment | null;
}

/** What a step looks at to find its moment. */
export interface RunView {
  readonly moments: readonly Moment[];
  readonly cursorMs: number;
  readonly actions: readonly TimedAction[];
  /** Where the scenario ends (after its last line). */
  readonly scriptEndMs: number;
  /** The console replies up to the cursor. */
  readonly replies: readonly ReplyEvent[];
  /** Every frame sent up to the cursor. */
  readonly frames: FrameList;
  /** The node listening at a Redis address ("127.0.0.1:6380" → r1). */
  readonly nodeOfAddress: (addr: string) => string | null;
}

/** The nodes a moment involves, by name. */
function involves(m: Moment, node: string, nodeOf: (addr: string) => string | null): boolean {
  if (m.node === node) return true;
  switch (m.kind) {
    case 'rdbTransfer':
      return nodeOf(m.replica) === node;
    case 'psync':
    case 'bufferLimit':
      return m.replicaNode === node;
    case 'syncFinished':
      return m.masterNode === node;
    case 'linkLost':
      return m.peerNode === node;
    case 'sentinel':
      // The Sentinel that logged it, or the instance it is about (+switch-master: the new master too).
      return m.target === node || m.to === node;
    case 'sentinelVote':
      return m.voter === node || m.leader === node;
    default:
      return false;
  }
}

function matches(at: Extract<StepAt, { moment: string }>, m: Moment, nodeOf: (addr: string) => string | null): boolean {
  if (m.kind !== at.moment) return false;
  if (at.node !== undefined && !involves(m, at.node, nodeOf)) return false;
  if (at.verdict !== undefined && (m.kind !== 'psync' || m.verdict !== at.verdict)) return false;
  if (at.cause !== undefined && (m.kind !== 'linkLost' || m.cause !== at.cause)) return false;
  if (at.phase !== undefined && (m.kind !== 'rdbTransfer' || m.phase !== at.phase)) return false;
  if (at.mode !== undefined && (m.kind !== 'syncFinished' || m.mode !== at.mode)) return false;
  if (at.role !== undefined && (m.kind !== 'linkLost' || m.role !== at.role)) return false;
  if (at.event !== undefined && (m.kind !== 'sentinel' || m.name !== at.event)) return false;
  return true;
}

/**
 * When a line of the scenario is done: a command when its reply came, a fault when it was done;
 * a line that is not an action (sleep, until) when the next line ran or the script ended.
 */
export function lineDoneMs(view: RunView, line: number): number | null {
  const mine = view.actions.filter((a) => a.line === line);
  if (mine.length === 0) {
    const next = view.actions.find((a) => a.line !== undefined && a.line > line);
    return next ? next.atMs : view.scriptEndMs;
  }
  const last = mine[mine.length - 1];
  if (last.action.type !== 'command' || !last.action.wait) return last.atMs;
  return lineReply(view, line)?.timeMs ?? null;
}

/** The reply the console got for a command line of the scenario, once it came. */
function lineReply(view: RunView, line: number): ReplyEvent | null {
  const mine = view.actions.filter((a) => a.line === line && a.action.type === 'command');
  const last = mine[mine.length - 1];
  if (!last || last.action.type !== 'command') return null;
  const { node } = last.action;
  // Replies of a console come in order: the k-th command typed there gets the k-th reply. Count
  // by place in the run, not by time: several lines can run at the same simulated instant.
  const upTo = view.actions.indexOf(last);
  const k = view.actions.filter((a, i) => i <= upTo && a.action.type === 'command' && a.action.node === node && a.action.wait).length;
  const mineReplies = view.replies.filter((r) => r.node === node && r.clientId === 'console');
  return mineReplies[k - 1] ?? null;
}

/** Where the previous step's moment was: a step's moment comes after it. */
export interface After {
  readonly t: number;
  /** The index of the last typed moment a step waited for (-1: none yet). */
  readonly index: number;
}

export const START: After = { t: 0, index: -1 };

/** The step's moment if it has happened at or before the cursor, after the previous step's. */
export function findMoment(at: StepAt, view: RunView, after: After): Found | null {
  const afterMs = after.t;
  if ('moment' in at) {
    const m = view.moments.find((x) => x.index > after.index && x.t >= afterMs && matches(at, x, view.nodeOfAddress));
    return m ? { t: m.t, moment: m } : null;
  }
  let t: number | null;
  if ('line' in at) t = lineDoneMs(view, at.line);
  else if ('ms' in at) t = at.ms;
  else if ('waitMs' in at) t = after.t + at.waitMs;
  else t = view.scriptEndMs;
  if (t === null) return null;
  return t <= view.cursorMs ? { t: Math.max(t, afterMs), moment: null } : null;
}

/** The point the next step's moment must come after. */
export function afterFound(prev: After, f: Found): After {
  return { t: f.t, index: f.moment ? f.moment.index : prev.index };
}

/** The action a task asks for, as the page does it when the learner presses "do it for me". */
export function taskAction(task: Task): UserAction {
  switch (task.do) {
    case 'command':
      return { type: 'command', node: task.node, argv: splitArgs(task.command) ?? [task.command], wait: true };
    case 'cut':
    case 'heal':
    case 'kill':
      return { type: task.do, a: task.a, b: task.b };
    case 'crash':
    case 'restart':
      return { type: task.do, node: task.node };
  }
}

const norm = (s: string) => s.trim().toUpperCase();

/** Has the learner done the task since `sinceMs`? A command counts when it starts with the task's words. */
export function taskDone(task: Task, actions: readonly TimedAction[], sinceMs: number): boolean {
  const want = taskAction(task);
  return actions.some(({ atMs, action }) => {
    if (atMs < sinceMs || action.type !== want.type) return false;
    if (action.type === 'command' && want.type === 'command') {
      if (action.node !== want.node) return false;
      const typed = action.argv.map(norm);
      return want.argv.every((w, i) => typed[i] === norm(w));
    }
    if ('a' in action && 'a' in want) return [action.a, action.b].sort().join() === [want.a, want.b].sort().join();
    return 'node' in action && 'node' in want && action.node === want.node;
  });
}

/** The run's answer to a question at the step's moment (the timeline's cursor is there). */
export async function answerOf(q: Question, tl: Timeline, found: Found, view: RunView, after: After): Promise<string | null> {
  const raw = await rawAnswer(q.answer, tl, found, view, after);
  if (raw === null) return null;
  if (q.map) return q.map[raw] ?? q.map['*'] ?? raw;
  // A number asked of a reply (DBSIZE, WAIT...) is the integer redis-cli prints as "(integer) N".
  const int = q.kind === 'number' ? /^\(integer\) (-?\d+)$/.exec(raw) : null;
  return int ? int[1] : raw;
}

async function rawAnswer(a: AnswerFrom, tl: Timeline, found: Found, view: RunView, after: After): Promise<string | null> {
  if ('stream' in a) return streamBetween(view.frames, a.stream, after.t, found.t);
  if ('replyOf' in a) {
    const r = lineReply(view, a.replyOf.line);
    const act = view.actions.find((x) => x.line === a.replyOf.line && x.action.type === 'command');
    if (!r || !act || act.action.type !== 'command') return null;
    return commandOutput(act.action.argv, r).replace(/\n$/, '');
  }
  if ('info' in a) {
    // The probe runs the simulator: loaded on demand, not with the page.
    const { infoField, probe } = await import('../../runtime/probe.ts');
    const r = await probe(tl, a.info.node, ['INFO', a.info.section]);
    const v = r.down ? null : infoField(r.printed, a.info.field);
    if (v === null || a.info.key === undefined) return v;
    const pair = v.split(',').find((p) => p.startsWith(`${a.info.key}=`));
    return pair === undefined ? null : pair.slice(a.info.key.length + 1);
  }
  if ('reply' in a) {
    const argv = splitArgs(a.reply.command);
    if (!argv) return null;
    const { probe } = await import('../../runtime/probe.ts');
    const r = await probe(tl, a.reply.node, argv);
    return r.down ? null : r.printed;
  }
  if ('moment' in a) {
    const m = found.moment as Record<string, unknown> | null;
    const v = m?.[a.moment];
    return v === undefined || v === null ? null : String(v);
  }
  const { node, moment } = a.count;
  const n = view.moments.filter((m) => m.t <= found.t && m.kind === moment && (node === undefined || involves(m, node, view.nodeOfAddress))).length;
  return String(n);
}

/** The stream frames a master sent a replica in (fromMs, toMs]: their commands, or their bytes. */
function streamBetween(frames: FrameList, s: { from: string; to: string; give: 'commands' | 'bytes' }, fromMs: number, toMs: number): string {
  const mine = frames.filter((f) => f.kind === 'stream' && f.from === s.from && f.to === s.to && f.sentAtMs > fromMs && f.sentAtMs <= toMs);
  if (s.give === 'bytes') return String(mine.reduce((n, f) => n + f.bytes, 0));
  const names: string[] = [];
  for (const f of mine) {
    // The preview holds the frame's first bytes: whole commands are named, a cut one is not.
    for (let pos = 0; pos < f.preview.length; ) {
      const r = parseCommand(f.preview, pos);
      if (r.type !== 'ok') break;
      names.push((r.value[0] ?? '').toUpperCase());
      pos += r.consumed;
    }
  }
  return names.join(' ');
}

/** Is the learner's answer the run's? Numbers compare as numbers, texts without outer blanks. */
export function isRight(q: Question, given: string, expected: string): boolean {
  if (q.kind === 'number') {
    const g = Number(given.trim().replace(/[,_\s]/g, ''));
    return given.trim() !== '' && Number.isFinite(g) && g === Number(expected);
  }
  return given.trim() === expected.trim();
}
