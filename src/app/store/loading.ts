// Loading: a shipped example or scenario text becomes the current Timeline (compiled by running
// it once), the boot from the page's URL, and the choice of host (Web Workers or inline).

import { DEFAULT_VERSION, type RedisVersion } from '../../engine/version.ts';
import { EXAMPLE_NAMES, loadExample } from '../examples.ts';
import { compileFor, makeSimFor, workersAvailable, type Compile, type Host, type HostOptions } from '../hosts.ts';
import type { WorkerCompiled } from '../../runtime/browser-workers.ts';
import type { CompileOptions, CompileProgress } from '../../runtime/timeline.ts';
import { SHOW_WORK_AFTER_MS } from './navigation.ts';
import { decodeScenario, encodeScenario, type LinkTarget } from '../url.ts';
import type { GetState, SetState, StoreCore } from './core.ts';
import type { LoadedScenario, LoadError, LoadInput, LoadingSlice } from './types.ts';

async function resolveInput(input: LoadInput): Promise<{ ok: true; scenario: LoadedScenario; version?: RedisVersion } | { ok: false; error: LoadError }> {
  if ('example' in input) {
    const ex = await loadExample(input.example);
    if (!ex) return { ok: false, error: { kind: 'unknown-example', name: input.example } };
    return { ok: true, scenario: { name: ex.name, text: ex.text, example: ex.name } };
  }
  return { ok: true, scenario: { name: input.name ?? 'scenario', text: input.text, example: null }, ...(input.version ? { version: input.version } : {}) };
}

/**
 * The version a scenario's own `version` line names, or null when it has none (it runs 7.0). The
 * scenario parser comes with the simulator's code, on demand, not with the page.
 */
export async function ownVersion(text: string): Promise<RedisVersion | null> {
  const { parseScenario } = await import('../../scenario/parse.ts');
  const p = parseScenario(text);
  if (!p.ok) return null;
  const st = p.steps.find((x) => x.type === 'version');
  return st && st.type === 'version' ? st.version : null;
}

/**
 * What a link to this run at the cursor opens: the example by name (with a picked version) while
 * it is untouched, else the run exported, whose own `version` line carries the version.
 */
async function linkTargetOf(s: ReturnType<GetState>): Promise<LinkTarget | null> {
  const tl = s.timeline;
  if (!tl || !s.scenario) return null;
  const t = s.seekingTo ?? s.cursorMs;
  const compare = s.compareWith !== null ? { compare: s.compareWith } : {};
  const untouched = s.scenario.example !== null && tl.branchId === 0 && tl.branches().length === 1 && tl.actions.length === s.scenario.actionCount;
  if (untouched) return { example: s.scenario.example!, t, ...(s.versionPick !== null ? { version: s.versionPick } : {}), ...compare };
  const text = s.exportScenario();
  return text === null ? null : { z: await encodeScenario(text), t, ...compare };
}

/** The compiled run as a Timeline: the simulator is loaded here on demand, not with the page. */
async function timelineOf(compiled: Extract<Awaited<ReturnType<Compile>>, { ok: true }>, host: Host, o: HostOptions, events: ReturnType<StoreCore['eventsFor']>) {
  const [{ Timeline }, makeSim] = await Promise.all([import('../../runtime/timeline.ts'), makeSimFor(host, o)]);
  return Timeline.fromCompiled(compiled, { makeSim, events });
}

/** The host options a page link's test hooks change (failAt, watchdog). */
function withBootOptions(o: HostOptions, p: { readonly failAt?: string | null; readonly watchdogMs?: number }): HostOptions {
  let out = o;
  if (p.failAt) out = { ...out, failAt: p.failAt };
  if (p.watchdogMs !== undefined) out = { ...out, compileTimeoutMs: p.watchdogMs };
  return out;
}

/** Why a scenario did not compile: cancelled (null), stopped by the watchdog, or its errors. */
function compileError(name: string, c: Exclude<WorkerCompiled, { ok: true }> | null): LoadError {
  if (c === null) return { kind: 'compile-cancelled', name };
  if ('timedOutMs' in c) return { kind: 'compile-timeout', name, seconds: c.timedOutMs / 1000 };
  return { kind: 'scenario', name, messages: c.errors, ...(c.budgets ? { budgets: c.budgets } : {}), ...(c.fault ? { fault: c.fault } : {}) };
}

/**
 * Compiles in the host's way; in a worker, shows how far it has got once it has lasted a moment,
 * and can be cancelled (null then).
 */
async function compileWithProgress(core: StoreCore, set: SetState, compile: Compile, text: string, options: CompileOptions): Promise<WorkerCompiled | null> {
  const ac = new AbortController();
  const clock = core.clock ?? (() => performance.now());
  const start = clock();
  let shown = false;
  const unregister = core.onCancel(() => ac.abort());
  const onProgress = (p: CompileProgress) => {
    if (clock() - start < SHOW_WORK_AFTER_MS) return;
    shown = true;
    set({ work: { kind: 'compile', done: p.lines > 0 ? Math.min(1, p.line / p.lines) : 0, atMs: p.atMs, line: p.line, lines: p.lines } });
  };
  try {
    return await compile(text, options, { signal: ac.signal, onProgress });
  } catch (e) {
    if (ac.signal.aborted) return null;
    throw e;
  } finally {
    unregister();
    if (shown) set({ work: null });
  }
}

export function loadingSlice(set: SetState, get: GetState, core: StoreCore, initialHost: Host, options: HostOptions): LoadingSlice {
  let hostOptions = options;

  /** Loads a scenario; `pick` is the version picked in the page or the URL (null: the scenario's own line). */
  function loadAs(input: LoadInput, pick: RedisVersion | null = null): Promise<boolean> {
    return core.enqueue(async () => {
      const r = await resolveInput(input);
      if (!r.ok) {
        set({ loadError: r.error });
        return false;
      }
      const sc = r.scenario;
      const gen = core.generation + 1;
      const host = get().host;
      // A lesson's version counts as the scenario's own line; a pick in the page or the URL wins over both.
      const version = pick ?? (r.version && !/^\s*version\s/m.test(sc.text) ? r.version : null);
      const compiled = await compileWithProgress(core, set, compileFor(host, hostOptions), sc.text, { fileName: `${sc.name}.scn`, ...(version ? { version } : {}) });
      if (compiled === null || !compiled.ok) {
        set({ loadError: compileError(sc.name, compiled) });
        return false;
      }
      const [res, own] = await Promise.all([timelineOf(compiled, host, hostOptions, core.eventsFor(gen)), ownVersion(sc.text)]);
      get().pause();
      core.replace(res.timeline, gen);
      const tl = res.timeline;
      set({
        scenario: { ...sc, actionCount: tl.actions.length }, loadError: null, timeline: tl, seekingTo: null,
        // A pick equal to the scenario's own version is no pick: the link stays the plain one.
        versionPick: pick !== null && pick !== (own ?? DEFAULT_VERSION) ? pick : null,
        redisVersion: tl.version, scenarioVersion: own,
        unknownCommands: res.transcript.filter((i) => i.output.startsWith('(error) ERR unknown command')).map((i) => ({ line: i.line, text: i.text, output: i.output })),
      });
      // The moment 0: the nodes declared, the commands typed at once.
      try {
        await tl.advanceTo(0);
      } finally {
        core.publish(tl);
      }
      // An open compare view follows the scenario and the version.
      if (get().compareWith !== null) get().refreshCompare();
      return true;
    });
  }

  return {
    scenario: null,
    loadError: null,
    host: initialHost,
    booting: false,
    versionPick: null,
    redisVersion: DEFAULT_VERSION,
    scenarioVersion: null,
    unknownCommands: [],

    async boot(p) {
      if (get().booting || get().scenario) return;
      set({ booting: true });
      try {
        if (p.host) set({ host: p.host === 'inline' || !workersAvailable() ? 'inline' : 'worker' });
        hostOptions = withBootOptions(hostOptions, p);
        const pick = p.version ?? null;
        let ok: boolean;
        if (p.z != null) {
          // A shared link: the run's scenario, compressed.
          const d = await decodeScenario(p.z);
          if (d.ok) ok = await loadAs({ text: d.text, name: 'link' }, pick);
          else {
            set({ loadError: { kind: 'link', problem: d.problem } });
            ok = false;
          }
        } else {
          ok = await loadAs(p.scenario !== null ? { text: p.scenario, name: 'scenario' } : { example: p.example ?? EXAMPLE_NAMES[0] }, pick);
        }
        if (!ok) {
          // Keep the page usable: the first example runs, and the error stays on screen.
          const err = get().loadError;
          await loadAs({ example: EXAMPLE_NAMES[0] });
          set({ loadError: err });
        }
        if (ok && p.compare) get().setCompare(p.compare);
        if (ok && p.playToEnd) await get().runToEnd();
        if (ok && p.t != null) await get().seek(p.t);
      } finally {
        set({ booting: false });
      }
    },

    load: loadAs,

    async setVersion(v) {
      const s = get();
      const sc = s.scenario;
      if (!sc || v === s.redisVersion) return;
      // The same scenario and seed from the start, under that version (the branch's own actions go).
      await loadAs(sc.example ? { example: sc.example } : { text: sc.text, name: sc.name }, v);
    },

    linkTarget: () => linkTargetOf(get()),

    async setHost(h) {
      const host: Host = h === 'worker' && workersAvailable() ? 'worker' : 'inline';
      if (host === get().host) return;
      set({ host });
      const sc = get().scenario;
      if (sc) await loadAs(sc.example ? { example: sc.example } : { text: sc.text, name: sc.name }, get().versionPick);
    },

    dispose() {
      get().pause();
      core.dispose();
      set({ timeline: null });
    },
  };
}
