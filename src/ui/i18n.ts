// The i18n catalogue: every user-facing string, in English and Simplified Chinese. Redis's own
// tokens (commands, INFO fields, log lines, error strings) stay untranslated in both. English is
// here and always loaded (it is also the fallback); the Chinese table (./i18n/zh-CN/app.ts) is
// loaded on demand by ./i18n/lang.ts, before the page shows anything in Chinese.

export type Lang = 'en' | 'zh-CN';

const en = {
  'app.tagline': 'Redis replication, byte by byte',
  'app.example': 'Scenario',
  'app.run': 'Run again',
  'app.language': 'Language',
  'app.transcript': 'Transcript',
  'app.traceHash': 'Trace hash',
  'app.running': 'Running…',
  'app.done': 'Done',
  'app.events': 'events',
  'app.simTime': 'simulated time',
  'app.badScenario': 'This scenario could not be read:',
  'app.crashed': 'The simulator stopped with an error:',

  'header.title': 'replscope',
  'header.customScenario': 'Your scenario',
  'header.lessonScenario': 'Lesson: {title}',
  'header.langEn': 'EN',
  'header.langZh': '中文',
  'header.langEnName': 'English',
  'header.langZhName': '简体中文',
  'view.theme': 'Theme',
  'view.themeSystem': 'Theme: system',
  'view.themeLight': 'Theme: light',
  'view.themeDark': 'Theme: dark',
  'view.presenter': 'Presenter',
  'view.presenterHint': 'Presenter mode: large type for a projector, secondary panels hidden',

  'transport.label': 'Time controls',
  'transport.play': 'Play',
  'transport.pause': 'Pause',
  'transport.stepBack': 'Step back',
  'transport.stepForward': 'Step forward',
  'transport.runToEnd': 'Run to end',
  'transport.untilOnline': 'Until {node} online',
  'transport.speed': 'Speed',
  'transport.time': 'Simulated time',
  'transport.cursor': 't = {t}',
  'transport.scriptEnd': 'script ends at {t}',
  'transport.keys': 'Space or . play/pause · ← → step · [ ] previous/next event',
  'transport.stateDone': 'end of script reached',
  'transport.stateRunning': 'running',
  'transport.hostWorker': 'nodes run in Web Workers',
  'transport.hostInline': 'nodes run in this page',
  'transport.marks': 'Events on the timeline',
  'transport.mark': '{t} — {what}',
  'transport.markMany': '{t} — {n} events: {what}',
  'transport.markMore': '{n} more',
  'transport.markSep': '; ',

  'nodes.title': 'Nodes',
  'nodes.master': 'master',
  'nodes.replica': 'replica',
  'nodes.replicaOf': 'replica of {master}',
  'nodes.linkUp': 'link up',
  'nodes.linkDown': 'link down',
  'nodes.down': 'not running',
  'nodes.downHint': 'crashed or shut down: its last state is shown',
  'nodes.backlog': 'Replication backlog',
  'nodes.backlogNone': 'no backlog yet',
  'nodes.backlogShared': 'shared replication buffer (Redis 7.0)',
  'nodes.backlogRing': 'fixed ring (Redis 2.8–6.2)',
  'nodes.replicas': 'Replicas',
  'nodes.noReplicas': 'no replicas connected',
  'nodes.colReplica': 'replica',
  'nodes.colBuffer': 'output buffer',
  'nodes.keys': 'keys',
  'nodes.sync': 'Sync counters',
  'nodes.rdbChild': 'RDB child: {target}',
  'nodes.none': 'No nodes yet: they start when the scenario declares them.',

  'log.title': 'Event log',
  'log.hint': 'Redis log lines up to the cursor, newest at the bottom. Choose a line to go to its moment.',
  'log.empty': 'No log lines yet.',
  'log.goTo': 'Go to {t}',
  'log.shown': 'the last {n} of {total} lines',

  'transcript.filter': 'Show',
  'transcript.all': 'All nodes',
  'transcript.waiting': '(waiting for the reply)',
  'transcript.crashed': '(no reply: the node crashed)',
  'transcript.exited': '(no reply: the node shut down)',
  'transcript.empty': 'No commands yet.',
  'transcript.shown': 'the last {n} of {total} commands',

  'act.title': 'Act on the cluster',
  'act.hint': 'Acting before the end of the timeline starts a new branch; the old future is kept. A command keeps the rest of the scenario; a fault or a topology change starts a new story.',
  'act.node': 'Node',
  'act.command': 'Command',
  'act.send': 'Send',
  'act.link': 'Link',
  'act.and': 'and',
  'act.cut': 'Cut',
  'act.heal': 'Heal',
  'act.kill': 'Reset',
  'act.crash': 'Crash',
  'act.restart': 'Restart',
  'act.sameNode': 'Pick two different nodes.',

  'branches.title': 'Branches',
  'branches.item': 'Branch {id}',
  'branches.root': 'the scenario as written',
  'branches.forked': 'forked from branch {parent} at {t}',
  'branches.detail': '{n} actions · simulated to {t}',
  'branches.current': 'current',
  'branches.return': 'Return to this branch',
  'branches.export': 'Export scenario',
  'branches.exportHint': 'Downloads a .scn file that replays the current branch exactly.',

  'fault.title': 'The simulator stopped with an error',
  'fault.explain': 'The scenario below reproduces it: same seed, same actions at the same moments.',
  'fault.seed': 'Seed',
  'fault.time': 'Simulated time',
  'fault.window': 'Window',
  'fault.message': 'Message',
  'fault.reload': 'Load the scenario again',
  'fault.line': 'Scenario line',
  'fault.lineNone': 'typed on this page',
  'fault.budgetTitle': 'The scenario went over one of the simulator’s budgets',
  'fault.budgetExplain': 'The budgets keep this page responsive; real lessons stay far below them. Shorten the scenario below and load it again.',
  'fault.compileTitle': 'The scenario stopped at line {line}',

  'budget.lineWait': 'this line would wait {wait} of simulated time; one line may wait at most {max}',
  'budget.scenario': 'the scenario would run past {wait} of simulated time; a scenario may run at most {max}',
  'budget.nodes': 'this line would make {count} nodes; a scenario may have at most {max}',
  'budget.reply': '{command} would build a reply of {count} elements; one command may build at most {max}',
  'budget.value': '{command} would build a value of {count} bytes; one command may build at most {max} bytes',
  'budget.backlog': 'a backlog ring of {count} bytes would be allocated (repl-backlog-size before 7.0); the ring may have at most {max} bytes',
  'unit.h': 'h',
  'unit.min': 'min',
  'unit.s': 's',
  'unit.ms': 'ms',

  'copy.button': 'Copy scenario',
  'copy.done': 'Copied.',
  'copy.fallback': 'Copying is not allowed here: select the text below and copy it.',
  'copy.textLabel': 'Scenario text',

  'load.unknownExample': 'There is no example called “{name}”.',
  'load.kept': 'Still showing: {name}.',
  'load.dismiss': 'Dismiss',
  'load.compileTimeout': 'Reading this scenario took longer than {s} s, so it was stopped. Shorten it and load it again.',
  'load.compileCancelled': 'Reading “{name}” was cancelled.',
  'work.label': 'Work in progress',
  'work.compile': 'Reading the scenario: line {line} of {lines}, {s} s simulated',
  'work.seek': 'Going to the moment: {pct}% re-simulated ({s} s)',
  'work.ahead': 'Looking ahead for the next event: {s} s simulated',
  'work.cancel': 'Cancel',
  'work.cancelHint': 'Stops it (Esc): the page keeps what it has',

  'boundary.title': 'The page hit an error',
  'boundary.reload': 'Reload the page',

  'live.at': 'At {t}.',
  'live.lastLog': 'Last log line: {line}',
  'live.playing': 'Playing at {speed}.',
  'live.playingFollow': 'Playing in Follow mode at {factor}.',
  'live.paused': 'Paused at {t}.',
  'live.loaded': 'Loaded {name}.',
  'live.online': '{node} is online at {t}.',
  'live.notOnline': '{node} did not come online by {t}.',
  'live.branch': 'Now on branch {id}.',
} as const;

export type MsgKey = keyof typeof en;

/** The tables loaded so far: English always, Chinese once ./i18n/lang.ts has loaded it. */
export const CATALOGUE: { readonly en: Record<MsgKey, string>; 'zh-CN'?: Record<MsgKey, string> } = { en };

export function t(lang: Lang, key: MsgKey, vars: Record<string, string | number> = {}): string {
  return fillVars(CATALOGUE[lang]?.[key] ?? CATALOGUE.en[key], vars);
}

/** Puts values in a message's {name} placeholders. */
export function fillVars(s: string, vars: Record<string, string | number>): string {
  if (!s.includes('{')) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? String(vars[k]) : m));
}
