/**
 * Label and field selectors as the API server parses them: equality (`a=b`, `a==b`, `a!=b`),
 * set-based (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`); fields by dotted path.
 * https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/labels/selector.go
 */
export type Requirement =
  { op: 'eq' | 'neq'; key: string; value: string } | { op: 'in' | 'notin'; key: string; values: string[] } | { op: 'exists' | 'notexists'; key: string };

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
  readonly code = 'bad-selector';
}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function parseTerm(term: string): Requirement {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set?.[1] && set[2] && set[3] !== undefined) {
    return {
      op: set[2] as 'in' | 'notin',
      key: set[1],
      values: set[3]
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    };
  }
  const eq = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (eq?.[1] && eq[2]) return { op: eq[2] === '!=' ? 'neq' : 'eq', key: eq[1], value: eq[3] ?? '' };
  if (/^![^\s!=()]+$/.test(term)) return { op: 'notexists', key: term.slice(1) };
  if (/^[^\s!=()]+$/.test(term)) return { op: 'exists', key: term };
  throw new SelectorError(`unable to parse requirement: "${term}"`);
}

export function parseSelector(selector: string | null | undefined): Requirement[] {
  return selector ? splitTerms(selector).map(parseTerm) : [];
}

/** Whether every requirement holds, reading values with `valueOf`. */
export function matches(requirements: Requirement[], valueOf: (key: string) => string | undefined): boolean {
  return requirements.every((r) => {
    const value = valueOf(r.key);
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'neq':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'notexists':
        return value === undefined;
    }
  });
}

/** Reads `metadata.name`, `spec.nodeName`, `involvedObject.uid`… from an object; absent → ''. */
export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? String(current) : '';
}
