// What the page's URL asks for: ?lesson=ID&step=N (a lesson at a step), ?example=NAME, ?scenario=TEXT or ?z=COMPRESSED (a shared link: the
// run's scenario, deflated and in base64url), &t=MS (the moment to open at), &play=end,
// &host=inline|worker, &lang=en|zh-CN, &theme, &present, &version=2.6|2.8|4.0|6.2|7.0 (the Redis
// version the run plays, over the scenario's own `version` line), &compare=V (the same scenario
// under a second version, side by side), and the failAt test hook. And the links
// the page writes: the URL of an example, and a link to this run at this moment.

import { isRedisVersion, type RedisVersion } from '../engine/version.ts';
import type { Host } from './hosts.ts';

export interface BootParams {
  readonly example: string | null;
  /** Scenario text given in the URL (URL-encoded in the query). */
  readonly scenario: string | null;
  /** `z=`: scenario text deflated (deflate-raw) and in base64url, as "Copy link" writes it. */
  readonly z?: string | null;
  /** `t=`: the moment to open at, in simulated ms since the run began. */
  readonly t?: number | null;
  /** Run the whole script at once after loading. */
  readonly playToEnd: boolean;
  readonly host: Host | null;
  readonly lang: 'en' | 'zh-CN' | null;
  /** TEST HOOK ONLY: makes every node's host fail on this command (see hosts.ts failingHost). */
  readonly failAt: string | null;
  /** `theme=light|dark`: the colour theme (otherwise the saved choice, else the system's). */
  readonly theme: 'light' | 'dark' | null;
  /** `present=1`: start in presenter mode (large type for a projector). */
  readonly present: boolean;
  /** TEST HOOK ONLY (`watchdog=MS`): how long compiling a scenario in a worker may take. */
  readonly watchdogMs?: number;
  /** `version=`: the Redis version to run, over the scenario's own `version` line. */
  readonly version?: RedisVersion | null;
  /** `compare=`: a second version to run the scenario under, side by side. */
  readonly compare?: RedisVersion | null;
  /** `lesson=ID`: open that lesson (its scenario instead of an example). */
  readonly lesson?: string | null;
  /** `step=N`: the lesson's step, 1-based. */
  readonly step?: number | null;
}

function readMs(s: string | null): number | null {
  if (s === null || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function readBootParams(search: string): BootParams {
  const q = new URLSearchParams(search);
  const host = q.get('host');
  const lang = q.get('lang');
  const out: BootParams = {
    example: q.get('example'),
    scenario: q.get('scenario'),
    playToEnd: q.get('play') === 'end',
    host: host === 'inline' || host === 'worker' ? host : null,
    lang: lang === 'en' || lang === 'zh-CN' ? lang : lang === 'zh' ? 'zh-CN' : null,
    failAt: q.get('failAt') || null,
    theme: q.get('theme') === 'light' || q.get('theme') === 'dark' ? (q.get('theme') as 'light' | 'dark') : null,
    present: q.get('present') === '1' || q.get('present') === 'on',
  };
  // Only when given, so the plain parameters read as before.
  const z = q.get('z');
  const t = readMs(q.get('t'));
  const watchdogMs = readMs(q.get('watchdog'));
  const version = q.get('version');
  const compare = q.get('compare');
  const lesson = q.get('lesson');
  const step = Number(q.get('step'));
  const lessonPart = lesson !== null && /^[a-z][a-z0-9-]{0,39}$/.test(lesson)
    ? { lesson, ...(Number.isInteger(step) && step >= 1 ? { step } : {}) } : {};
  return {
    ...out, ...(z !== null ? { z } : {}), ...(t !== null ? { t } : {}), ...(watchdogMs !== null ? { watchdogMs } : {}),
    ...(version !== null && isRedisVersion(version) ? { version } : {}),
    ...(compare !== null && isRedisVersion(compare) ? { compare } : {}),
    ...lessonPart,
  };
}

/** The query string of a lesson at a step (1-based), keeping `current`'s lang, theme and present. */
export function lessonSearch(current: string, lesson: string, step: number): string {
  const from = new URLSearchParams(current);
  const q = new URLSearchParams();
  q.set('lesson', lesson);
  q.set('step', String(step));
  for (const k of KEPT) {
    const v = from.get(k);
    if (v !== null) q.set(k, v);
  }
  return `?${q.toString()}`;
}

/** The page's own settings a link keeps: language, theme, presenter mode. */
const KEPT = ['lang', 'theme', 'present'] as const;

/** The Redis versions a link asks for: the run's (over the scenario's line) and a second one to compare with. */
export interface LinkVersions { readonly version?: RedisVersion | null; readonly compare?: RedisVersion | null }

/** What a link opens: an example or compressed scenario text, and maybe a moment and versions. */
export type LinkTarget = ({ readonly example: string; readonly t?: number } | { readonly z: string; readonly t?: number }) & LinkVersions;

/** The query string for a link (`?example=NAME` or `?z=…`, then `&t=`), keeping `current`'s lang, theme and present. */
export function linkSearch(current: string, target: LinkTarget): string {
  const from = new URLSearchParams(current);
  const q = new URLSearchParams();
  if ('example' in target) q.set('example', target.example);
  else q.set('z', target.z);
  if (target.t !== undefined && target.t > 0) q.set('t', String(target.t));
  if (target.version) q.set('version', target.version);
  if (target.compare) q.set('compare', target.compare);
  for (const k of KEPT) {
    const v = from.get(k);
    if (v !== null) q.set(k, v);
  }
  return `?${q.toString()}`;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  // A length of 4n+1 cannot come from whole bytes: a link cut short.
  if (!/^[A-Za-z0-9_-]+$/.test(s) || s.length % 4 === 1) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Scenario text as a link's `z=`: UTF-8, deflate-raw, base64url (no padding). */
export async function encodeScenario(text: string): Promise<string> {
  return toBase64Url(await through(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** Why a `z=` could not be read: not base64url, or not a whole deflate stream of UTF-8 text. */
export type DecodeProblem = 'base64' | 'deflate';

/** A link's `z=` back to scenario text. A truncated or altered link is a problem, never a throw. */
export async function decodeScenario(z: string): Promise<{ ok: true; text: string } | { ok: false; problem: DecodeProblem }> {
  const bytes = fromBase64Url(z);
  if (!bytes) return { ok: false, problem: 'base64' };
  try {
    const raw = await through(bytes, new DecompressionStream('deflate-raw'));
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
  } catch {
    return { ok: false, problem: 'deflate' };
  }
}

/** The page's address with `version=` and `compare=` set (or dropped when null), the rest kept. */
export function withVersions(search: string, v: LinkVersions): string {
  const q = new URLSearchParams(search);
  for (const k of ['version', 'compare'] as const) {
    const x = v[k];
    if (x) q.set(k, x);
    else q.delete(k);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
