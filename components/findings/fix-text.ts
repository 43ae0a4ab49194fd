/**
 * A finding's fix is prose with optional fenced snippets (```yaml … ```), the one that applies to
 * the pod first and alternatives after it. Split it for display, and pick what "Copy fix" copies:
 * the first snippet when there is one (never alternatives glued together), else the whole text.
 */
export type FixPart = { type: 'text'; text: string } | { type: 'code'; lang?: string; code: string };

const FENCE = /```([\w-]*)[^\S\n]*\n([\s\S]*?)```/g;

/** Text and fenced code blocks in order; an unclosed fence stays text. */
export function splitFix(fix: string): FixPart[] {
  const parts: FixPart[] = [];
  let last = 0;
  for (const match of fix.matchAll(FENCE)) {
    const before = fix.slice(last, match.index).trim();
    if (before) parts.push({ type: 'text', text: before });
    parts.push({ type: 'code', lang: match[1] || undefined, code: (match[2] ?? '').replace(/\n$/, '') });
    last = match.index + match[0].length;
  }
  const rest = fix.slice(last).trim();
  if (rest) parts.push({ type: 'text', text: rest });
  return parts;
}

/** What "Copy fix" puts on the clipboard: the snippet that applies, or the text when there is none. */
export function toCopyText(fix: string): string {
  const first = splitFix(fix).find((part) => part.type === 'code');
  return first?.type === 'code' ? first.code : fix.trim();
}

export type TextRun = { type: 'text'; text: string } | { type: 'link'; href: string };

const URL = /https:\/\/[^\s)]+[^\s).,]/g;

/** Prose split into text and https links (the sources a fix cites), in order. */
export function linkify(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(URL)) {
    if (match.index > last) runs.push({ type: 'text', text: text.slice(last, match.index) });
    runs.push({ type: 'link', href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ type: 'text', text: text.slice(last) });
  return runs;
}
