// The Redis version switch in the header: which version the run plays (choosing one restarts the
// run, same scenario and seed), where that choice comes from (the picker wins over the
// scenario's own `version` line), and "compare with…" another version side by side. Both are kept
// in the page's address (&version=, &compare=).
import { useEffect, useId } from 'react';
import { REDIS_VERSIONS, isRedisVersion, type RedisVersion } from '../engine/version.ts';
import { withVersions } from '../app/url.ts';
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { useMediaQuery } from './use-media-query.ts';

/** Keeps &version= and &compare= in the address bar in step with the run. */
function useVersionsInUrl(): void {
  const pick = useApp((s) => s.versionPick);
  const compare = useApp((s) => s.compareWith);
  const ready = useApp((s) => s.scenario !== null && !s.booting);
  useEffect(() => {
    if (!ready) return;
    const search = withVersions(location.search, { version: pick, compare });
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }, [pick, compare, ready]);
}

export function VersionPicker() {
  const t = usePanelT();
  const id = useId();
  const version = useApp((s) => s.redisVersion);
  const pick = useApp((s) => s.versionPick);
  const own = useApp((s) => s.scenarioVersion);
  const compareWith = useApp((s) => s.compareWith);
  const setVersion = useApp((s) => s.setVersion);
  const setCompare = useApp((s) => s.setCompare);
  const busy = useApp((s) => s.booting);
  // On a phone the labels are hidden: the empty choice says what the second picker is for.
  const phone = useMediaQuery('(max-width: 640px)');
  useVersionsInUrl();
  const source = pick !== null
    ? (own !== null ? t('version.source.pickOverLine', { own }) : t('version.source.pick'))
    : (own !== null ? t('version.source.line', { own }) : t('version.source.default'));
  return (
    <div className="version-switch" role="group" aria-labelledby={`${id}-l`} data-testid="version-switch" data-version={version}>
      <label className="picker" title={t('version.pickerHint')}>
        <span id={`${id}-l`}>{t('version.label')}</span>
        <select
          value={version} disabled={busy} data-testid="version-picker" aria-describedby={`${id}-src`}
          onChange={(e) => { if (isRedisVersion(e.target.value)) void setVersion(e.target.value); }}
        >
          {REDIS_VERSIONS.map((v) => <option key={v} value={v}>{phone ? v : t(`version.option.${v}`)}</option>)}
        </select>
      </label>
      <span id={`${id}-src`} className="version-source" data-testid="version-source" data-source={pick !== null ? 'pick' : own !== null ? 'line' : 'default'}>{source}</span>
      <label className="picker compare-pick" title={t('version.compareHint')}>
        <span>{t('version.compare')}</span>
        <select
          value={compareWith ?? ''} data-testid="compare-picker"
          onChange={(e) => setCompare(isRedisVersion(e.target.value) ? e.target.value : null)}
        >
          <option value="">{t(phone ? 'version.compareNoneShort' : 'version.compareNone')}</option>
          {REDIS_VERSIONS.filter((v) => v !== version).map((v: RedisVersion) => <option key={v} value={v}>{phone ? v : t(`version.option.${v}`)}</option>)}
        </select>
      </label>
    </div>
  );
}
