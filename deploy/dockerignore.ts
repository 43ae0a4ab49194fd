/**
 * What `.dockerignore` keeps out of the build context, read as Docker reads it (moby's
 * patternmatcher): patterns relative to the context root (a leading `/` is dropped), `*` and `?`
 * within one path segment, `**` across any number of them, `!` re-including what an earlier line
 * excluded, the last matching line deciding, and a path excluded when it or a directory above it
 * matches. Enough for the image tests; not a full reimplementation (no `[…]` ranges, no escapes).
 */

interface Rule {
  regex: RegExp;
  exclude: boolean;
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` is zero or more directories; a trailing `**` is anything below.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Parses `.dockerignore` text into its rules, in order. */
export function parseDockerignore(text: string): Rule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const pattern = (exclude ? line : line.slice(1).trim()).replace(/^\/+/, '').replace(/\/+$/, '');
      return { regex: toRegex(pattern), exclude };
    });
}

/** True when `path` (relative to the context root, `/`-separated) is left out of the build context. */
export function isIgnored(rules: Rule[], path: string): boolean {
  const segments = path.split('/');
  // The path itself and every directory above it, shortest first: an excluded directory takes
  // its files along unless a later `!` line names them.
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = rule.exclude;
  }
  return ignored;
}
