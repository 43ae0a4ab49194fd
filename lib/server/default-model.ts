/**
 * The live hub's {@link ModelPort}: the real `lib/model` functions.
 */
import 'server-only';
import { addFleet, emptyFleet, fleetOf, percentiles, startupTaxMs, subtractFleet, toMetricsSeries, toPodRow } from '../model/derive-views';
import { toPodDigest } from '../model/digest';
import { toEventDigest } from '../model/events';
import { detectFindings, refreshUsageFindings } from '../model/findings';
import { deriveLifecycle } from '../model/lifecycle';
import { toMetricsSample } from '../model/metrics';
import { observeDeletion, observePod } from '../model/observe';
import type { ModelPort } from './model-port';

export { emptyFleet };

export const defaultModel: ModelPort = {
  toPodDigest,
  toEventDigest,
  toMetricsSample,
  observePod: (prev, before, after, at) => observePod(prev, before, after, at),
  observeDeletion,
  deriveLifecycle,
  detectFindings,
  refreshUsageFindings,
  toPodRow,
  fleetOf,
  addFleet,
  subtractFleet,
  startupTaxMs,
  percentiles: (values, ps) => percentiles(values, ps),
  toMetricsSeries,
};
