/**
 * A finding's fix is prose with optional fenced snippets (```yaml … ```). Split it for display,
 * and pick what the copy button copies: the snippets when there are any, else the whole text.
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

/** What "Copy fix" puts on the clipboard. */
export function toCopyText(fix: string): string {
  const code = splitFix(fix).flatMap((part) => (part.type === 'code' ? [part.code] : []));
  return code.length > 0 ? code.join('\n---\n') : fix.trim();
}
