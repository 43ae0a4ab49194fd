/**
 * Kubernetes resource quantities (`250m`, `128Mi`, `1.5`, `12e6`, `123456n`), parsed the way
 * apimachinery's `resource.Quantity` reads them, and formatted for display.
 *
 * Grammar and suffixes ported from
 * https://github.com/kubernetes/apimachinery/blob/v0.34.0/pkg/api/resource/quantity.go
 * (`parseQuantityString`) and suffix.go at the same tag. Garbage gives `undefined`, never NaN and
 * never an exception.
 */

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const NUMBER = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;
const EXPONENT = /^[eE]([+-]?\d+)$/;

/** A quantity as exact parts: `digits` × 10^`exp10` × 2^`exp2`. */
interface QuantityParts {
  digits: string;
  exp10: number;
  exp2: number;
}

function splitQuantity(text: string): QuantityParts | undefined {
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  const digits = `${sign}${whole}${fraction}` || '0';
  const base = -fraction.length;
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { digits, exp10: base, exp2: binary };
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { digits, exp10: base + decimal, exp2: 0 };
  const exponent = EXPONENT.exec(suffix);
  if (exponent?.[1] === undefined) return undefined;
  return { digits, exp10: base + Number(exponent[1]), exp2: 0 };
}

/** Scales exact parts by 10^`shift`; string arithmetic keeps `0.1` × 1000 at exactly 100. */
function toNumber(parts: QuantityParts, shift: number): number | undefined {
  const value = Number(`${parts.digits}e${parts.exp10 + shift}`) * 2 ** parts.exp2;
  return Number.isFinite(value) ? value : undefined;
}

function toParts(quantity: unknown): QuantityParts | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? splitQuantity(quantity.toExponential().replace('e+', 'e')) : undefined;
  }
  if (typeof quantity !== 'string' || quantity.length === 0 || quantity.length > 64) return undefined;
  return splitQuantity(quantity);
}

/**
 * The value of a quantity in base units (cores, bytes), or `undefined` for anything that is not
 * a quantity. Accepts strings as the API server sends them and plain numbers.
 */
export function parseQuantity(quantity: unknown): number | undefined {
  const parts = toParts(quantity);
  return parts ? toNumber(parts, 0) : undefined;
}

/**
 * The digits before the last `suffixLength` characters of `text` as a number, when they are 1 to
 * 15 plain digits (exact as a double), else undefined. The forms PodMetrics sends (`123456n`,
 * `20480Ki`) are read this way: one correctly rounded division or an exact product gives what the
 * exact decimal arithmetic gives, without its regular expression and strings (100,000 pods a poll).
 */
function plainDigits(text: string, suffixLength: number): number | undefined {
  const end = text.length - suffixLength;
  if (end < 1 || end > 15) return undefined;
  let value = 0;
  for (let i = 0; i < end; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/** CPU in millicores, unrounded (PodMetrics reports nanocores: `123456n` is 0.123456m). */
export function parseCpuMilli(quantity: unknown): number | undefined {
  if (typeof quantity === 'string' && quantity.endsWith('n')) {
    const nanocores = plainDigits(quantity, 1);
    if (nanocores !== undefined) return nanocores / 1e6;
  }
  const parts = toParts(quantity);
  return parts ? toNumber(parts, 3) : undefined;
}

/** Memory in whole bytes, rounded up like `Quantity.Value()` (`100m` bytes is 1 byte). */
export function parseMemoryBytes(quantity: unknown): number | undefined {
  if (typeof quantity === 'string' && quantity.endsWith('Ki')) {
    const kibibytes = plainDigits(quantity, 2);
    if (kibibytes !== undefined) return kibibytes * 1024;
  }
  const value = parseQuantity(quantity);
  return value === undefined ? undefined : Math.ceil(value);
}

function trimDecimals(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/** `250m` below one core, `1.5` (cores) from one core up, as `kubectl` users write them. */
export function formatCpuMilli(milli: number): string {
  if (!Number.isFinite(milli)) return '—';
  const magnitude = Math.abs(milli);
  if (Math.round(magnitude) >= 1000) return trimDecimals(milli / 1000, 2);
  if (magnitude >= 1 || milli === 0) return `${Math.round(milli)}m`;
  return `${trimDecimals(milli, 2) || '0'}m`;
}

const BINARY_UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

/** Bytes in binary units: `512B`, `128Mi`, `1.5Gi`, `2.0Gi` (one decimal when not whole and below 10). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 'B';
  for (const next of BINARY_UNITS) {
    if (Math.abs(value) < 1024) break;
    value /= 1024;
    unit = next;
  }
  if (Number.isInteger(value)) return `${value}${unit}`;
  return Math.abs(value) < 10 ? `${value.toFixed(1)}${unit}` : `${Math.round(value)}${unit}`;
}
