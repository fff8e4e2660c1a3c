// The keyboard shortcuts' names (also the menus' labels) and the "?" button's. The dialog's own
// strings are in ./shortcuts-dialog.ts, loaded with it.
export const en = {
  'shortcuts.open': 'Keyboard shortcuts',
  'shortcuts.play': 'Play / pause',
  'shortcuts.stepBack': 'Step back',
  'shortcuts.stepForward': 'Step forward',
  'shortcuts.prevMark': 'Go to the previous event marker on the time slider',
  'shortcuts.nextMark': 'Go to the next event marker on the time slider',
  'shortcuts.help': 'Show this help',
  'shortcuts.presenter': 'Presenter mode on / off (large type for a projector)',
} as const;
