import { describe, expect, it } from 'vitest';
import { runtimeProblem } from './runtime-check';

const withZstd = { createZstdDecompress: () => undefined };

describe('runtimeProblem', () => {
  it('accepts Node 22.19 and newer with zstd', () => {
    for (const version of ['22.19.0', '22.20.1', '23.11.0', '24.0.0', '24.21.0', 'v25.1.0']) expect(runtimeProblem(version, withZstd)).toBeUndefined();
  });

  it('refuses an older Node by its version and names the one to use (Node 20 fails in undici, not here)', () => {
    for (const version of ['20.20.2', '22.12.0', '22.18.9', '18.20.4']) {
      expect(runtimeProblem(version, withZstd)).toBe(
        `this is Node ${version}; Sidecarscope's server needs Node 22.19 or newer (the image's default is node:24-bookworm-slim).`,
      );
    }
  });

  it('refuses a Node without zstd in node:zlib whatever its version says (undici binds it at load)', () => {
    expect(runtimeProblem('24.21.0', {})).toMatch(/^this Node \(24\.21\.0\) has no zstd in node:zlib/);
  });
});
