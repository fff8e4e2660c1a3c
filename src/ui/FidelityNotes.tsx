// The fidelity notes: where the model simplifies Redis 7.0, what each older version did and what
// the model simplifies there, and what Redis really does where common explanations say otherwise. Each note: what Redis 7.0 does, what replscope does, why it matters.
// Commands in the notes run in that node's console (CaptionText).
import { REDIS_VERSIONS, versionProfile, type RedisVersion } from '../engine/version.ts';
import { CaptionText } from './CaptionText.tsx';
import { useApp } from './context.ts';
import { addPanelWords, usePanelT, type PanelT } from './i18n/panels.ts';
import * as notesWords from './i18n/notes.ts';
import * as versionPanelWords from './i18n/version-panels.ts';

// The notes' words load with them (not with the first screen).
addPanelWords(notesWords);
addPanelWords(versionPanelWords);
import './captions.css';

/** The notes in the order shown; each id has title, redis, model and matters strings in i18n/notes.ts. */
export const SIMPLIFIED_NOTES = ['time', 'fork', 'tcp', 'addresses', 'cut', 'crash', 'backlog', 'buffers', 'random', 'expire', 'console', 'absent'] as const;
export const MYTH_NOTES = ['ack', 'psync'] as const;

export function FidelityNotes() {
  const t = usePanelT();
  const version = useApp((s) => s.redisVersion);
  return (
    <details className="notes" data-testid="fidelity-notes">
      <summary>
        <h2 id="notes-title">{t('notes.title')}</h2>
      </summary>
      <div className="notes-body">
        <p className="notes-intro">{t('notes.intro')}</p>
        <h3 className="notes-group" id="notes-simplified">{t('notes.simplified')}</h3>
        <ul className="notes-list" aria-labelledby="notes-simplified">
          {SIMPLIFIED_NOTES.map((id) => <Note key={id} id={id} kind="simplified" t={t} />)}
        </ul>
        <h3 className="notes-group" id="notes-versions">{t('notes.versions')}</h3>
        <ul className="notes-list" aria-labelledby="notes-versions" data-testid="version-notes">
          {REDIS_VERSIONS.map((v) => <VersionNote key={v} v={v} current={v === version} t={t} />)}
        </ul>
        <h3 className="notes-group" id="notes-myths">{t('notes.myths')}</h3>
        <ul className="notes-list" aria-labelledby="notes-myths">
          {MYTH_NOTES.map((id) => <Note key={id} id={id} kind="myth" t={t} />)}
        </ul>
      </div>
    </details>
  );
}

function Note({ id, kind, t }: { id: string; kind: 'simplified' | 'myth'; t: PanelT }) {
  const part = (label: string, key: string) => (
    <div>
      <dt>{t(label)}</dt>
      <dd><CaptionText text={t(`notes.${id}.${key}`)} /></dd>
    </div>
  );
  return (
    <li className="note" data-kind={kind} data-note={id}>
      <h4>{t(`notes.${id}.title`)}</h4>
      <dl>
        {part('notes.redis', 'redis')}
        {part('notes.model', 'model')}
        {part('notes.matters', 'matters')}
      </dl>
    </li>
  );
}

/** What one Redis version did (its protocol, its backlog) and what the model simplifies there. */
function VersionNote({ v, current, t }: { v: RedisVersion; current: boolean; t: PanelT }) {
  const p = versionProfile(v);
  return (
    <li className="note" data-kind="version" data-version={v} data-current={current}>
      <h4>{t('notes.v.title', { release: p.release, protocol: t(`compare.protocol.${p.protocol}`) })}{current && <> <span className="note-current">({t('notes.v.current')})</span></>}</h4>
      <dl>
        <div><dt>{t('notes.v.modelled')}</dt><dd>{t(`notes.v.${v}.modelled`)}</dd></div>
        <div><dt>{t('notes.v.simplified')}</dt><dd>{t(`notes.v.${v}.simplified`)}</dd></div>
      </dl>
    </li>
  );
}
