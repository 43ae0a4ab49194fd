/**
 * Vitest global setup of the Prometheus suite: builds Prometheus and promtool from Go modules
 * (e2e/prometheus; skipped when bin/ is newer than go.sum, and Go's build cache makes a rebuild
 * fast). The first build takes about 12 minutes on 2 cores.
 */
import { buildPrometheus } from '../../scripts/prometheus.mjs';

export default function setup(): void {
  const seconds = buildPrometheus();
  process.stdout.write(seconds === 0 ? 'Prometheus binaries up to date\n' : `Prometheus and promtool built in ${seconds.toFixed(1)} s\n`);
}
