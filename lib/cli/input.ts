/**
 * Reads what users pipe into `sidecarscope analyze`: one JSON value, concatenated JSON values
 * (`kubectl get pods -w -o json` prints them back to back, a watch stream one per line), or YAML
 * (one or more documents).
 */
import { parseAllDocuments } from 'yaml';

export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly code: 'empty' | 'unparseable' | 'no-pods' | 'unreadable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Splits concatenated JSON values; returns undefined when the text is not such a sequence. */
export function splitJsonValues(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === 125 || c === 93 /* } ] */) {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      return undefined;
    }
  }
  return depth === 0 ? values : undefined;
}

function parseYaml(text: string): unknown[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((doc) => doc.errors.length > 0)) return undefined;
    return list.map((doc) => doc.toJS({ maxAliasCount: 100 })).filter((doc) => doc !== null && doc !== undefined);
  } catch {
    return undefined;
  }
}

/** Parses the text of a file into documents, or throws an {@link InputError} saying why not. */
export function parseDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError('empty', 'the input is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(trimmed)];
    } catch {
      const values = splitJsonValues(trimmed);
      if (values) return values;
    }
  }
  const docs = parseYaml(trimmed);
  if (docs && docs.some((doc) => typeof doc === 'object')) return docs;
  throw new InputError('unparseable', 'the input is neither JSON nor YAML (expected `kubectl get pods -o json` output)');
}
