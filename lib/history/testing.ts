/** Helpers for history tests: a temporary data directory and a digest-shaped pod. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function aDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarscope-history-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A directory this process cannot write: a 0500 one, or for root (who ignores modes) a sysfs directory. */
export function aReadOnlyDir(base: string): string {
  if (process.getuid?.() === 0) return '/sys/kernel';
  return join(base, 'read-only');
}
