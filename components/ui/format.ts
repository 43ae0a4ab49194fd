/** Display formatting shared by the components. Formatting only: no status is derived here. */
import type { Stamp } from '@/lib/model/types';

const KI = 1024;
const UNITS = ['B', 'Ki', 'Mi', 'Gi', 'Ti'];

/** Bytes in Kubernetes binary units: `134217728` → `128Mi`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= KI && unit < UNITS.length - 1) {
    value /= KI;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)}${UNITS[unit]}`;
}

/** Millicores as Kubernetes writes them: `250` → `250m`, `1500` → `1.5`. */
export function formatCpu(milli: number | undefined): string {
  if (milli === undefined || !Number.isFinite(milli)) return '—';
  if (milli >= 1000) return `${Number((milli / 1000).toFixed(2))}`;
  return `${Math.round(milli)}m`;
}

/** A duration in ms, compact: `850ms`, `4.2s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 1 : 0)}s`;
  const s = Math.floor(abs / 1000);
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${sign}${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** Wall-clock time in UTC, with milliseconds only when the stamp has them. */
export function formatClock(at: number, withMs = false): string {
  const iso = new Date(at).toISOString();
  return withMs ? iso.slice(11, 23) : iso.slice(11, 19);
}

/** Date and time in UTC: `2026-11-23 09:41:07`. */
export function formatDateTime(at: number | undefined): string {
  if (at === undefined || !Number.isFinite(at)) return '—';
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** A stamp with its provenance: `09:41:07 UTC · reported, 1 s resolution`. */
export function describeStamp(stamp: Stamp): string {
  const precise = stamp.resolutionMs < 1000;
  const resolution = precise ? `${stamp.resolutionMs} ms` : `${stamp.resolutionMs / 1000} s`;
  return `${formatClock(stamp.at, precise)} UTC · ${stamp.source}, ${resolution} resolution`;
}

/** `part / whole` as a percentage string, `—` when the whole is zero. */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}
