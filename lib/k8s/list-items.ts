/**
 * Reads the `items` of a Kubernetes list document (its JSON text) a slice at a time. A PodMetrics
 * list of 100,000 pods is about 30 MB: one `JSON.parse` of it holds the event loop (every request
 * and stream) for hundreds of milliseconds. Here each item is parsed on its own and the items come
 * out in slices of about `sliceChars` of text, so the caller can yield to the loop between slices.
 * Malformed JSON throws a `SyntaxError`, as `JSON.parse` would.
 */

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i += 1;
  return i;
}

function fail(at: number): never {
  throw new SyntaxError(`Malformed list JSON at position ${at}`);
}

/** Index just past the string starting at `at` (a `"`). */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 1;
    else if (c === 0x22) return i + 1;
  }
  return fail(at);
}

/** Index just past the JSON value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 0x22) return stringEnd(text, at);
  if (first !== 0x7b && first !== 0x5b) {
    let i = at;
    while (i < text.length && !',}]'.includes(text.charAt(i)) && !WHITESPACE.has(text.charCodeAt(i))) i += 1;
    return i > at ? i : fail(at);
  }
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i) - 1;
    else if (c === 0x7b || c === 0x5b) depth += 1;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return fail(at);
}

/** Index just past the `[` of the top-level `items` array, or -1 when the document has none. */
function itemsStart(text: string): number {
  let i = skipWhitespace(text, 0);
  if (text.charAt(i) !== '{') fail(i);
  i = skipWhitespace(text, i + 1);
  if (text.charAt(i) === '}') return -1;
  for (;;) {
    if (text.charAt(i) !== '"') fail(i);
    const keyEnd = stringEnd(text, i);
    const key: unknown = JSON.parse(text.slice(i, keyEnd));
    i = skipWhitespace(text, keyEnd);
    if (text.charAt(i) !== ':') fail(i);
    i = skipWhitespace(text, i + 1);
    if (key === 'items' && text.charAt(i) === '[') return i + 1;
    i = skipWhitespace(text, valueEnd(text, i));
    if (text.charAt(i) === '}') return -1;
    if (text.charAt(i) !== ',') fail(i);
    i = skipWhitespace(text, i + 1);
  }
}

/** The list's items, parsed one by one, in slices of about `sliceChars` of JSON text. */
export function* listItemSlices(text: string, sliceChars = 1 << 19): Generator<unknown[]> {
  let i = itemsStart(text);
  if (i < 0) return;
  let slice: unknown[] = [];
  let sliceStart = i;
  for (let first = true; ; first = false) {
    i = skipWhitespace(text, i);
    if (text.charAt(i) === ']') break;
    if (!first) {
      if (text.charAt(i) !== ',') fail(i);
      i = skipWhitespace(text, i + 1);
    }
    const end = valueEnd(text, i);
    slice.push(JSON.parse(text.slice(i, end)));
    i = end;
    if (i - sliceStart >= sliceChars) {
      yield slice;
      slice = [];
      sliceStart = i;
    }
  }
  if (slice.length > 0) yield slice;
}
