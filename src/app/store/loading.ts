// Loading: a shipped example or scenario text becomes the current Timeline (compiled by running
// it once), the boot from the page's URL, and the choice of host (Web Workers or inline).

import type { RedisVersion } from '../../engine/version.ts';
import { Timeline } from '../../runtime/timeline.ts';
import { EXAMPLES, exampleByName } from '../examples.ts';
import { makeSimFor, workersAvailable, type Host, type HostOptions } from '../hosts.ts';
import { decodeScenario, encodeScenario, type LinkTarget } from '../url.ts';
import type { GetState, SetState, StoreCore } from './core.ts';
import type { LoadedScenario, LoadError, LoadInput, LoadingSlice } from './types.ts';

function resolveInput(input: LoadInput): { ok: true; scenario: LoadedScenario; version?: RedisVersion } | { ok: false; error: LoadError } {
  if ('example' in input) {
    const ex = exampleByName(input.example);
    if (!ex) return { ok: false, error: { kind: 'unknown-example', name: input.example } };
    return { ok: true, scenario: { name: ex.name, text: ex.text, example: ex.name } };
  }
  return { ok: true, scenario: { name: input.name ?? 'scenario', text: input.text, example: null }, ...(input.version ? { version: input.version } : {}) };
}

export function loadingSlice(set: SetState, get: GetState, core: StoreCore, initialHost: Host, options: HostOptions): LoadingSlice {
  let hostOptions = options;

  function load(input: LoadInput): Promise<boolean> {
    return core.enqueue(async () => {
      const r = resolveInput(input);
      if (!r.ok) {
        set({ loadError: r.error });
        return false;
      }
      const sc = r.scenario;
      const gen = core.generation + 1;
      const res = Timeline.load(sc.text, { fileName: `${sc.name}.scn`, ...(r.version && !/^\s*version\s/m.test(sc.text) ? { version: r.version } : {}), makeSim: makeSimFor(get().host, hostOptions), events: core.eventsFor(gen) });
      if (!res.ok) {
        set({ loadError: { kind: 'scenario', name: sc.name, messages: res.errors } });
        return false;
      }
      get().pause();
      core.replace(res.timeline, gen);
      const tl = res.timeline;
      set({ scenario: { ...sc, actionCount: tl.actions.length }, loadError: null, timeline: tl, seekingTo: null });
      // The moment 0: the nodes declared, the commands typed at once.
      try {
        await tl.advanceTo(0);
      } finally {
        core.publish(tl);
      }
      return true;
    });
  }

  return {
    scenario: null,
    loadError: null,
    host: initialHost,
    booting: false,

    async boot(p) {
      if (get().booting || get().scenario) return;
      set({ booting: true });
      try {
        if (p.host) set({ host: p.host === 'inline' || !workersAvailable() ? 'inline' : 'worker' });
        if (p.failAt) hostOptions = { ...hostOptions, failAt: p.failAt };
        let ok: boolean;
        if (p.z != null) {
          // A shared link: the run's scenario, compressed.
          const d = await decodeScenario(p.z);
          if (d.ok) ok = await load({ text: d.text, name: 'link' });
          else {
            set({ loadError: { kind: 'link', problem: d.problem } });
            ok = false;
          }
        } else {
          ok = await load(p.scenario !== null ? { text: p.scenario, name: 'scenario' } : { example: p.example ?? EXAMPLES[0].name });
        }
        if (!ok) {
          // Keep the page usable: the first example runs, and the error stays on screen.
          const err = get().loadError;
          await load({ example: EXAMPLES[0].name });
          set({ loadError: err });
        }
        if (ok && p.playToEnd) await get().runToEnd();
        if (ok && p.t != null) await get().seek(p.t);
      } finally {
        set({ booting: false });
      }
    },

    load,

    async linkTarget(): Promise<LinkTarget | null> {
      const s = get();
      const tl = s.timeline;
      if (!tl || !s.scenario) return null;
      const t = s.seekingTo ?? s.cursorMs;
      const untouched = s.scenario.example !== null && tl.branchId === 0 && tl.branches().length === 1 && tl.actions.length === s.scenario.actionCount;
      if (untouched) return { example: s.scenario.example!, t };
      const text = s.exportScenario();
      return text === null ? null : { z: await encodeScenario(text), t };
    },

    async setHost(h) {
      const host: Host = h === 'worker' && workersAvailable() ? 'worker' : 'inline';
      if (host === get().host) return;
      set({ host });
      const sc = get().scenario;
      if (sc) await load(sc.example ? { example: sc.example } : { text: sc.text, name: sc.name });
    },

    dispose() {
      get().pause();
      core.dispose();
      set({ timeline: null });
    },
  };
}
