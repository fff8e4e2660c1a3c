// Acting on the cluster at the cursor: a command typed at a node's console, a link cut, healed or
// reset, a node crashed or restarted. Acting in the past forks history (the store keeps branches).
import { useState, type FormEvent } from 'react';
import type { UserAction } from '../runtime/timeline-api.ts';
import { splitArgs } from '../scenario/split-args.ts';
import { useApp, useT } from './context.ts';

export function ActPanel() {
  const t = useT();
  const nodesKey = useApp((s) => s.views.map((v) => v.name).join(' '));
  const act = useApp((s) => s.act);
  const fault = useApp((s) => s.fault);
  const nodes = nodesKey ? nodesKey.split(' ') : [];
  const [node, setNode] = useState('');
  const [line, setLine] = useState('');
  const [problem, setProblem] = useState('');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [target, setTarget] = useState('');
  const pick = (v: string, i: number) => (v && nodes.includes(v) ? v : nodes[Math.min(i, nodes.length - 1)] ?? '');
  const cNode = pick(node, 0);
  const la = pick(a, 0);
  const lb = pick(b, 1);
  const nNode = pick(target, 1);
  const disabled = nodes.length === 0 || fault !== null;

  const send = (e: FormEvent) => {
    e.preventDefault();
    // Split as redis-cli splits what you type (sdssplitargs), into UTF-8 byte strings.
    const argv = splitArgs(line);
    if (argv === null) {
      setProblem('Invalid argument(s)');
      return;
    }
    if (argv.length === 0 || !cNode) return;
    setProblem('');
    setLine('');
    void act({ type: 'command', node: cNode, argv, wait: false });
  };

  const link = (type: 'cut' | 'heal' | 'kill') => {
    if (la === lb) {
      setProblem(t('act.sameNode'));
      return;
    }
    setProblem('');
    void act({ type, a: la, b: lb } as UserAction);
  };

  return (
    <section className="panel act" aria-labelledby="act-title">
      <h2 id="act-title">{t('act.title')}</h2>
      <p className="hint">{t('act.hint')}</p>
      <form className="row" onSubmit={send}>
        <label className="inline">
          <span className="sr-only">{t('act.node')}</span>
          <select value={cNode} onChange={(e) => setNode(e.target.value)} disabled={disabled} aria-label={t('act.node')}>
            {nodes.map((n) => <option key={n} value={n}>{n}&gt;</option>)}
          </select>
        </label>
        <input
          className="cmd-input"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          aria-label={t('act.command')}
          disabled={disabled}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          data-testid="command-input"
        />
        <button type="submit" disabled={disabled}>{t('act.send')}</button>
      </form>
      <div className="row" role="group" aria-label={t('act.link')}>
        <span className="row-label">{t('act.link')}</span>
        <select value={la} onChange={(e) => setA(e.target.value)} disabled={disabled} aria-label={`${t('act.link')} 1`}>
          {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <span>{t('act.and')}</span>
        <select value={lb} onChange={(e) => setB(e.target.value)} disabled={disabled} aria-label={`${t('act.link')} 2`}>
          {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type="button" onClick={() => link('cut')} disabled={disabled} title={`cut ${la} ${lb}`}>{t('act.cut')}</button>
        <button type="button" onClick={() => link('heal')} disabled={disabled} title={`heal ${la} ${lb}`}>{t('act.heal')}</button>
        <button type="button" onClick={() => link('kill')} disabled={disabled} title={`kill ${la} ${lb}`}>{t('act.kill')}</button>
      </div>
      <div className="row" role="group" aria-label={t('act.node')}>
        <span className="row-label">{t('act.node')}</span>
        <select value={nNode} onChange={(e) => setTarget(e.target.value)} disabled={disabled} aria-label={t('act.node')}>
          {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type="button" onClick={() => void act({ type: 'crash', node: nNode })} disabled={disabled} title={`crash ${nNode}`}>{t('act.crash')}</button>
        <button type="button" onClick={() => void act({ type: 'restart', node: nNode })} disabled={disabled} title={`restart ${nNode}`}>{t('act.restart')}</button>
      </div>
      <p className="problem" role="status">{problem}</p>
    </section>
  );
}
