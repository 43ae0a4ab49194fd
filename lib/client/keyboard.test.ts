import { describe, expect, it } from 'vitest';
import { isTypingTarget, moveSelection, toShortcut } from './keyboard';

describe('toShortcut', () => {
  it.each([
    { input: { key: '/', isTyping: false }, action: 'focus-search' },
    { input: { key: '/', isTyping: true }, action: undefined },
    { input: { key: 'j', isTyping: false }, action: 'next' },
    { input: { key: 'k', isTyping: false }, action: 'previous' },
    { input: { key: 'j', isTyping: true }, action: undefined },
    { input: { key: 'Enter', isTyping: false }, action: 'open' },
    { input: { key: 'Escape', isTyping: true }, action: 'blur' },
    { input: { key: 'Escape', isTyping: false }, action: 'back' },
    { input: { key: 'k', ctrlKey: true, isTyping: false }, action: undefined },
    { input: { key: 'x', isTyping: false }, action: undefined },
  ])('$input.key (typing: $input.isTyping) → $action', ({ input, action }) => {
    expect(toShortcut(input)).toBe(action);
  });
});

describe('moveSelection', () => {
  it.each([
    { current: undefined, action: 'next' as const, total: 5, next: 0 },
    { current: undefined, action: 'previous' as const, total: 5, next: 0 },
    { current: 0, action: 'next' as const, total: 5, next: 1 },
    { current: 4, action: 'next' as const, total: 5, next: 4 },
    { current: 0, action: 'previous' as const, total: 5, next: 0 },
    { current: 9, action: 'previous' as const, total: 5, next: 4 },
    { current: 2, action: 'next' as const, total: 0, next: undefined },
  ])('$action from $current of $total → $next', ({ current, action, total, next }) => {
    expect(moveSelection(current, action, total)).toBe(next);
  });
});

describe('isTypingTarget', () => {
  it('knows fields from the rest', () => {
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
