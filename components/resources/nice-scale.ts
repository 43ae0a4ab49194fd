/** Round axis tops so chart ticks read 0, 75, 150, … rather than 0, 76.3, 153, …. */
const STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "round" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) at or above `value`. */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = STEPS.find((s) => s * magnitude >= value * (1 - 1e-9)) ?? 10;
  return step * magnitude;
}

const MI = 1024 * 1024;

/** Bytes to mebibytes, the unit memory charts are drawn in. */
export function toMebibytes(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / MI;
}

/** `300` → `300Mi`, `1536` → `1.5Gi`. */
export function formatMebibytes(mi: number): string {
  if (mi >= 1024) return `${Number((mi / 1024).toFixed(1))}Gi`;
  return `${Number(mi.toFixed(mi < 10 ? 1 : 0))}Mi`;
}
