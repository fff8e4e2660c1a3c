// What a console waits for, above its input: the reply on its way, or a blocked command (WAIT,
// DEBUG SLEEP) with its timeout counting down in simulated seconds; a Ctrl+C button for fingers.

import type { ConsoleWait } from '../app/store.ts';
import { commandText } from '../app/transcript.ts';
import { useApp } from './context.ts';
import type { PanelT } from './i18n/panels.ts';

/** The words for a wait at the cursor (simulated ms since the start). */
export function waitText(w: ConsoleWait, cursorMs: number, playing: boolean, t: PanelT): string {
  const cmd = commandText(w.argv);
  const b = w.blocked;
  if (b === null) return t(playing ? 'console.wait.reply' : 'console.wait.replyPaused', { cmd });
  if (b.untilMs === null) return t('console.wait.blockedForever', { cmd });
  const s = (Math.max(0, b.untilMs - cursorMs) / 1000).toFixed(1);
  return t(b.command === 'WAIT' ? 'console.wait.blocked' : 'console.wait.sleeping', { cmd, s });
}

export function ConsoleWaitLine({ wait, onInterrupt, t }: { wait: ConsoleWait; onInterrupt(): void; t: PanelT }) {
  const cursorMs = useApp((s) => s.cursorMs);
  const playing = useApp((s) => s.playing);
  const b = wait.blocked;
  // How much of the timeout is left, for the bar (0..1).
  const left = b && b.untilMs !== null && b.untilMs > wait.sentMs ? Math.max(0, Math.min(1, (b.untilMs - cursorMs) / (b.untilMs - wait.sentMs))) : null;
  return (
    <div className="rc-wait" data-testid="console-wait" data-blocked={b ? 'yes' : 'no'}>
      <p className="rc-wait-text" aria-hidden="true">{waitText(wait, cursorMs, playing, t)}</p>
      {/* Announced once: the countdown itself is not read out every frame. */}
      <p className="rc-sr" role="status">{waitText(wait, wait.sentMs, playing, t)}</p>
      {left !== null && (
        <div className="rc-wait-bar" aria-hidden="true">
          <div style={{ width: `${(left * 100).toFixed(1)}%` }} />
        </div>
      )}
      <button type="button" className="rc-ctrlc" onClick={onInterrupt} aria-label={t('console.wait.cancel')} title={t('console.wait.cancel')}>
        Ctrl+C
      </button>
    </div>
  );
}
