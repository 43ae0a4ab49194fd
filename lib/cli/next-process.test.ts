import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsBuild } from './next-process';

const roots: string[] = [];

function aProject(options: { built: boolean; basePath?: string; sourceNewer?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'sidecarscope-build-'));
  roots.push(root);
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'page.tsx'), 'export default function Page() {}');
  if (!options.built) return root;
  mkdirSync(join(root, '.next'));
  writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
  writeFileSync(join(root, '.next', 'sidecarscope-build.json'), JSON.stringify({ basePath: options.basePath ?? '' }));
  const past = new Date(Date.now() - 60_000);
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'app', 'page.tsx'), past, options.sourceNewer ? future : past);
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('needsBuild', () => {
  it('builds when there is no build yet', () => {
    expect(needsBuild(aProject({ built: false }), {})).toBe(true);
  });

  it('reuses a build newer than every source, made with the same base path', () => {
    expect(needsBuild(aProject({ built: true }), {})).toBe(false);
  });

  it('rebuilds when a source changed after the build', () => {
    expect(needsBuild(aProject({ built: true, sourceNewer: true }), {})).toBe(true);
  });

  it('rebuilds when the base path differs from the one baked into the build', () => {
    expect(needsBuild(aProject({ built: true }), { SIDECARSCOPE_BASE_PATH: '/sidecars' })).toBe(true);
    expect(needsBuild(aProject({ built: true, basePath: '/sidecars' }), { SIDECARSCOPE_BASE_PATH: '/sidecars' })).toBe(false);
  });

  it('rebuilds a regular build when the standalone output is asked for, and reuses a standalone one', () => {
    const root = aProject({ built: true });
    expect(needsBuild(root, { SIDECARSCOPE_STANDALONE: '1' })).toBe(true);
    writeFileSync(join(root, '.next', 'sidecarscope-build.json'), JSON.stringify({ basePath: '', standalone: true }));
    expect(needsBuild(root, { SIDECARSCOPE_STANDALONE: '1' })).toBe(false);
  });

  it('looks for the build in SIDECARSCOPE_DIST_DIR when set, so two builds can live side by side', () => {
    const root = aProject({ built: true });
    expect(needsBuild(root, { SIDECARSCOPE_DIST_DIR: '.next-subpath', SIDECARSCOPE_BASE_PATH: '/sidecars' })).toBe(true);
    mkdirSync(join(root, '.next-subpath'));
    writeFileSync(join(root, '.next-subpath', 'BUILD_ID'), 'x');
    writeFileSync(join(root, '.next-subpath', 'sidecarscope-build.json'), JSON.stringify({ basePath: '/sidecars' }));
    expect(needsBuild(root, { SIDECARSCOPE_DIST_DIR: '.next-subpath', SIDECARSCOPE_BASE_PATH: '/sidecars' })).toBe(false);
    expect(needsBuild(root, {})).toBe(false);
  });
});
