// Strings of links: "Copy link" in the header, and what a broken shared link says.
export const en = {
  'link.copy': 'Copy link',
  'link.copyHint': 'Copy a link that opens this run (its scenario, seed and your actions) at this moment',
  'link.copied': 'Link copied',
  'link.copyFailed': 'Could not reach the clipboard: copy the link from the box.',
  'link.box': 'Link to this run at this moment',
  'link.broken.base64': 'This link is broken: the run in it contains characters a link cannot have, so some were changed or lost.',
  'link.broken.deflate': 'This link is cut short or damaged: the run in it could not be unpacked. Copy the whole link again.',
};
