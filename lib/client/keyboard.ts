/**
 * Keyboard shortcuts as k9s users expect them: `/` focuses the search, `j`/`k` move through the
 * pods list, `Enter` opens the selected pod, `Esc` leaves a field, then goes back. Pure: the
 * components hand in the key and what has focus.
 */
export type ShortcutAction = 'focus-search' | 'next' | 'previous' | 'open' | 'blur' | 'back';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element is a text field, select or editable: only Esc means anything then. */
  isTyping: boolean;
}

/** The action of a key press, or undefined to let the browser have it. */
export function toShortcut(input: KeyInput): ShortcutAction | undefined {
  if (input.ctrlKey || input.metaKey || input.altKey) return undefined;
  if (input.key === 'Escape') return input.isTyping ? 'blur' : 'back';
  if (input.isTyping) return undefined;
  const keys: Record<string, ShortcutAction> = { '/': 'focus-search', j: 'next', k: 'previous', Enter: 'open' };
  return keys[input.key];
}

/** The selected row after a move: starts at the first row, stays within the list. */
export function moveSelection(current: number | undefined, action: 'next' | 'previous', total: number): number | undefined {
  if (total <= 0) return undefined;
  if (current === undefined) return 0;
  const next = action === 'next' ? current + 1 : current - 1;
  return Math.min(total - 1, Math.max(0, next));
}

/** True for elements where keys type text. */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  if (!target) return false;
  return target.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName ?? '');
}
