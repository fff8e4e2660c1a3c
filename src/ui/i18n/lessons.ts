// Strings of the lessons on the first screen: the welcome card, the Lessons button. The lesson
// keys' are in ./shortcuts-dialog.ts; the lesson index's and the lesson panel's in
// ./lesson-panels.ts, loaded with them. The lessons' own texts come from their files (lessons/*.json).
export const en = {
  'lessons.open': 'Lessons',
  'lessons.openHint': 'The guided course: lessons with questions the simulation answers',
  'welcome.title': 'New here? Take the guided course',
  'welcome.body': 'Short lessons walk through Redis replication step by step: you predict what Redis will do, the simulation plays to that moment and shows whether you were right. Or play freely with the examples below.',
  'welcome.start': 'Start with “{title}”',
  'welcome.index': 'All lessons',
  'welcome.dismiss': 'Play freely',
  'welcome.dismissHint': 'Hide this card (the Lessons button in the header stays)',
} as const;
