// Glob matching as Redis's util.c stringmatchlen() does it, for KEYS, SCAN MATCH, CONFIG GET,
// PSUBSCRIBE and PUBSUB CHANNELS. Strings are binary strings (one char per byte). No regular
// expression is built from the pattern: a run of stars is one star, a failed tail stops the
// search ("skip longer matches"), so stars cost time linear in the string, and a pattern whose
// stars nest more than 1000 deep matches nothing (Redis 6.2.11 / 7.0.9 and later).

/** stringmatchlen_impl's "protection against abusive patterns". */
export const GLOB_MAX_NESTING = 1000;

/** A byte as C's (signed) char sees it; past the end reads the terminating NUL. */
const sch = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return Number.isNaN(c) ? 0 : c >= 128 ? c - 256 : c;
};

/** tolower() in the C locale: only A-Z change. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** The byte at i, lowered when nocase; NUL past the end. */
const at = (s: string, i: number, nocase: boolean): number => {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  return nocase ? lower(c) : c;
};

/** stringmatchlen(pattern, string, nocase): 1 when the whole string matches the pattern. */
export function stringMatch(pattern: string, str: string, nocase = false): boolean {
  const skip = { longer: false };
  return matchImpl(pattern, 0, pattern.length, str, 0, str.length, nocase, skip, 0);
}

function matchImpl(
  p: string, pi: number, plen: number, s: string, si: number, slen: number,
  nocase: boolean, skip: { longer: boolean }, nesting: number,
): boolean {
  if (nesting > GLOB_MAX_NESTING) return false;
  while (plen > 0 && slen > 0) {
    switch (p[pi]) {
      case '*': {
        while (plen > 0 && p[pi + 1] === '*') {
          pi++;
          plen--;
        }
        if (plen === 1) return true;
        while (slen > 0) {
          if (matchImpl(p, pi + 1, plen - 1, s, si, slen, nocase, skip, nesting + 1)) return true;
          if (skip.longer) return false;
          si++;
          slen--;
        }
        // Nothing after this star matches anywhere in the rest of the string: no earlier star
        // can do better by taking more of it.
        skip.longer = true;
        return false;
      }
      case '?':
        si++;
        slen--;
        break;
      case '[': {
        pi++;
        plen--;
        const not = p[pi] === '^';
        if (not) {
          pi++;
          plen--;
        }
        let match = false;
        for (;;) {
          if (p[pi] === '\\' && plen >= 2) {
            pi++;
            plen--;
            if (p[pi] === s[si]) match = true;
          } else if (p[pi] === ']') {
            break;
          } else if (plen === 0) {
            pi--;
            plen++;
            break;
          } else if (plen >= 3 && p[pi + 1] === '-') {
            // A reversed range ([z-a]) is the same range: Redis swaps the ends.
            let start = sch(p, pi);
            let end = sch(p, pi + 2);
            let c = sch(s, si);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(start);
              end = lower(end);
              c = lower(c);
            }
            pi += 2;
            plen -= 2;
            if (c >= start && c <= end) match = true;
          } else if (at(p, pi, nocase) === at(s, si, nocase)) {
            match = true;
          }
          pi++;
          plen--;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        slen--;
        break;
      }
      case '\\':
        if (plen >= 2) {
          pi++;
          plen--;
        }
        if (at(p, pi, nocase) !== at(s, si, nocase)) return false;
        si++;
        slen--;
        break;
      default:
        if (at(p, pi, nocase) !== at(s, si, nocase)) return false;
        si++;
        slen--;
        break;
    }
    pi++;
    plen--;
    if (slen === 0) {
      while (p[pi] === '*') {
        pi++;
        plen--;
      }
      break;
    }
  }
  return plen === 0 && slen === 0;
}

/** CONFIG GET's test for a pattern: strpbrk(name, "[*?"). */
export function isGlobPattern(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('[');
}
