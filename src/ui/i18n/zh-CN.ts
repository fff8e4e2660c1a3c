// The Chinese tables of everything on the first screen, in one chunk that the page loads only when
// it is in Chinese (./lang.ts). Panels loaded on demand bring both languages of their own words.
import { SUMMARY_ZH } from '../../app/examples-zh.ts';
import { zh as app } from './zh-CN/app.ts';
import { zh as redisConsole } from './zh-CN/console.ts';
import { zh as stream } from './zh-CN/stream.ts';
import { zh as topology } from './zh-CN/topology.ts';
import { zh as inspector } from './zh-CN/inspector.ts';
import { zh as shortcuts } from './zh-CN/shortcuts.ts';
import { zh as moments } from './zh-CN/moments.ts';
import { zh as layout } from './zh-CN/layout.ts';
import { zh as consoleWait } from './zh-CN/console-wait.ts';
import { zh as cards } from './zh-CN/cards.ts';
import { zh as link } from './zh-CN/link.ts';
import { zh as narration } from './zh-CN/narration.ts';
import { zh as playback } from './zh-CN/playback.ts';
import { zh as versions } from './zh-CN/versions.ts';
import { zh as lessons } from './zh-CN/lessons.ts';
import { zh as sentinel } from './zh-CN/sentinel.ts';

export const APP = app;

/** The example scenarios' summaries, by example name. */
export const EXAMPLE_SUMMARIES = SUMMARY_ZH;

export const PANELS: Readonly<Record<string, string>> = {
  ...redisConsole, ...stream, ...topology, ...inspector, ...shortcuts, ...moments, ...layout, ...consoleWait, ...cards, ...link,
  ...narration, ...playback, ...versions, ...lessons, ...sentinel,
};
