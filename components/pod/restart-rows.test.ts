import { describe, expect, it } from 'vitest';
import type { Lane, Stamp } from '@/lib/model/types';
import { toHistoryRows } from './restart-rows';

const at = (ms: number): Stamp => ({ at: ms, source: 'reported', resolutionMs: 1000 });

const logger: Lane = {
  container: 'fluent-bit',
  kind: 'legacy-sidecar',
  image: 'fluent/fluent-bit:2.2.0',
  restartCount: 2,
  segments: [
    { state: 'ready', from: at(0), to: at(180_000) },
    { state: 'backoff', from: at(180_000), to: at(181_000), reason: 'restarting' },
    { state: 'ready', from: at(181_000), to: at(360_000) },
    { state: 'terminated', from: at(360_000), reason: 'OOMKilled', exitCode: 137 },
  ],
  markers: [
    { kind: 'restart', at: at(180_000), label: 'restart #1', detail: 'OOMKilled, exit 137' },
    { kind: 'oom-killed', at: at(180_000), label: 'OOMKilled' },
  ],
};

describe('restart history rows', () => {
  it('lists every restart marker and the final termination, newest first', () => {
    expect(toHistoryRows([logger]).map((r) => [r.at.at, r.what, r.detail])).toEqual([
      [360_000, 'terminated (not restarted)', 'OOMKilled, exit 137'],
      [180_000, 'restart #1', 'OOMKilled, exit 137'],
    ]);
  });

  it('has no rows for a container that never stopped', () => {
    expect(toHistoryRows([{ ...logger, segments: [], markers: [] }])).toEqual([]);
  });

  it('writes a termination without reason or exit code with no detail', () => {
    const lane: Lane = { ...logger, markers: [], segments: [{ state: 'terminated', from: at(5), to: at(6) }] };
    expect(toHistoryRows([lane])).toEqual([{ container: 'fluent-bit', kind: 'legacy-sidecar', at: at(5), what: 'terminated', detail: undefined }]);
  });
});
