// The caption markup: `node> COMMAND` runs COMMAND at node, `COMMAND` at the master, anything
// else between backticks is code. Also: every example summary and fidelity note offers commands
// that exist, for nodes its scenario declares, the same in English and Chinese; and a comment with
// backticks leaves a scenario's steps as they were.
import { describe, expect, it } from 'vitest';
import { loadExamples } from '../app/examples.ts';
import { parseScenario } from '../scenario/parse.ts';
import { captionCommands, isKnownCommand, parseCaption, readSpan } from './caption-markup.ts';
import { exampleSummary } from './i18n/lang.ts';
import { en as notesEn, zh as notesZh } from './i18n/notes.ts';
import { interpretLine } from './panels/console.ts';

const EXAMPLES = await loadExamples();

describe('parseCaption', () => {
  it('keeps text without backticks as one text part', () => {
    expect(parseCaption('A short cut, then heal.')).toEqual([{ type: 'text', text: 'A short cut, then heal.' }]);
    expect(parseCaption('')).toEqual([]);
  });

  it('reads `node> COMMAND` as a command for that node, the line after > as typed', () => {
    expect(parseCaption('Try `r1> INFO replication` now.')).toEqual([
      { type: 'text', text: 'Try ' },
      { type: 'command', node: 'r1', text: 'INFO replication' },
      { type: 'text', text: ' now.' },
    ]);
    expect(readSpan('m>SET k "a b"')).toEqual({ type: 'command', node: 'm', text: 'SET k "a b"' });
    expect(readSpan(' replica-2>  config get repl-timeout ')).toEqual({ type: 'command', node: 'replica-2', text: 'config get repl-timeout' });
  });

  it('reads a command without a prefix as one for the master (node null)', () => {
    expect(parseCaption('`INFO replication`')).toEqual([{ type: 'command', node: null, text: 'INFO replication' }]);
    expect(readSpan('help @string')).toEqual({ type: 'command', node: null, text: 'help @string' });
  });

  it('shows anything that is not a command as code', () => {
    expect(readSpan('repl-backlog-size')).toEqual({ type: 'code', text: 'repl-backlog-size' });
    expect(readSpan('replscope run --backlog ring')).toEqual({ type: 'code', text: 'replscope run --backlog ring' });
    // A prefix does not make an unknown word a command, and a node name follows the scenario rules.
    expect(readSpan('r1> FROB x')).toEqual({ type: 'code', text: 'r1> FROB x' });
    expect(readSpan('1x> GET a')).toEqual({ type: 'code', text: '1x> GET a' });
    expect(readSpan('r1>')).toEqual({ type: 'code', text: 'r1>' });
  });

  it('keeps a backtick without a partner, an empty pair and spans across lines as text', () => {
    expect(parseCaption('a ` b')).toEqual([{ type: 'text', text: 'a ` b' }]);
    expect(parseCaption('a `` b')).toEqual([{ type: 'text', text: 'a `` b' }]);
    expect(parseCaption('a ` ` b')).toEqual([{ type: 'text', text: 'a ` ` b' }]);
    expect(parseCaption('`GET\na`')).toEqual([{ type: 'text', text: '`GET\na`' }]);
  });

  it('reads several spans in order, text between them kept exactly', () => {
    expect(parseCaption('`m> SET k v`, then `r1> GET k` and `lag=`.')).toEqual([
      { type: 'command', node: 'm', text: 'SET k v' },
      { type: 'text', text: ', then ' },
      { type: 'command', node: 'r1', text: 'GET k' },
      { type: 'text', text: ' and ' },
      { type: 'code', text: 'lag=' },
      { type: 'text', text: '.' },
    ]);
    expect(captionCommands('`m> SET k v` `INFO` `x`')).toEqual(['m> SET k v', '> INFO']);
  });

  it('knows the commands the console runs, in any case, and HELP', () => {
    for (const w of ['INFO', 'info', 'Role', 'CONFIG', 'SET', 'SPOP', 'HELP']) expect(isKnownCommand(w), w).toBe(true);
    for (const w of ['repl-timeout', 'PSYNC?', 'replscope', '']) expect(isKnownCommand(w), w).toBe(false);
  });
});

function declaredNodes(text: string): string[] {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r.nodes;
}

describe('commands in the example summaries', () => {
  for (const ex of EXAMPLES) {
    it(`${ex.name}: 1 to 3 commands, for declared nodes, the same in both languages`, () => {
      const cmds = captionCommands(ex.summary);
      expect(cmds.length).toBeGreaterThanOrEqual(1);
      expect(new Set(cmds).size).toBeLessThanOrEqual(3);
      expect(exampleSummary(ex, 'zh-CN')).not.toBe(ex.summary);
      expect(captionCommands(exampleSummary(ex, 'zh-CN'))).toEqual(cmds);
      const nodes = declaredNodes(ex.text);
      for (const p of parseCaption(ex.summary)) {
        if (p.type !== 'command') continue;
        expect(nodes, `${ex.name}: ${p.node}`).toContain(p.node);
        expect(interpretLine(p.text).type, p.text).toBe('send');
      }
    });

    it(`${ex.name}: the comments with backticks leave the steps as they were`, () => {
      const withComments = parseScenario(ex.text);
      const without = parseScenario(ex.text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n'));
      expect(withComments.ok && without.ok).toBe(true);
      if (!withComments.ok || !without.ok) return;
      const strip = (steps: readonly { line: number }[]) => steps.map(({ line: _line, ...rest }) => rest);
      expect(strip(withComments.steps)).toEqual(strip(without.steps));
    });
  }
});

describe('commands in the fidelity notes', () => {
  const keys = Object.keys(notesEn) as (keyof typeof notesEn)[];
  const everyExampleHas = (node: string) => EXAMPLES.every((ex) => declaredNodes(ex.text).includes(node));

  it('are the same in English and Chinese, and each runs in every example', () => {
    let total = 0;
    for (const k of keys) {
      const cmds = captionCommands(notesEn[k]);
      expect(captionCommands(notesZh[k]), k).toEqual(cmds);
      for (const p of parseCaption(notesEn[k])) {
        if (p.type !== 'command') continue;
        total++;
        expect(p.node, k).not.toBeNull();
        expect(everyExampleHas(p.node!), `${k}: ${p.node}`).toBe(true);
        expect(interpretLine(p.text).type, p.text).toBe('send');
      }
    }
    expect(total).toBeGreaterThan(5);
  });

  it('have no placeholders, so the translator leaves them as written', () => {
    for (const k of keys) {
      expect(notesEn[k], k).not.toMatch(/\{\w+\}/);
      expect(notesZh[k].trim(), k).not.toBe('');
      expect(notesZh[k], k).not.toMatch(/\{\w+\}/);
    }
  });
});
