// What the browser benchmark page reports (window.benchResult) and the worker host's target:
// shared by the page and the Node script that reads the result.

import type { HostRun, HostsWorkload } from './hosts-bench.ts';
import type { SessionResult } from './timeline-bench.ts';

/** The worker host should be at least as fast as the inline host (the workers exist to run nodes in parallel). */
export const WORKER_TARGET_RATIO = 1;

export interface HostsPageResult {
  readonly ok: true;
  readonly mode: 'hosts';
  readonly userAgent: string;
  readonly hardwareConcurrency: number;
  readonly workload: HostsWorkload;
  readonly inline: HostRun;
  readonly worker: HostRun;
  readonly hashesEqual: boolean;
  readonly profile: { readonly workload: HostsWorkload; readonly inline: HostRun; readonly worker: HostRun; readonly hashesEqual: boolean } | null;
}

export interface TimelinePageResult {
  readonly ok: true;
  readonly mode: 'timeline';
  readonly userAgent: string;
  readonly session: SessionResult;
}

export type PageResult = HostsPageResult | TimelinePageResult | { readonly ok: false; readonly error: string };
