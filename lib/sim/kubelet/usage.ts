/** What a simulated process uses: PodMetrics figures and the moment it reaches its memory limit. */
import type { ContainerUsage } from '../kube-types';
import type { SimRandom } from '../random';
import { parseMemoryBytes } from '../../model/quantity';
import type { ContainerRuntime } from './behaviour';

const MEBIBYTE = 1024 * 1024;

/** Working-set memory in MiB at `now`: the behaviour's base plus linear growth since start. */
export function memoryMi(c: ContainerRuntime, now: number): number {
  const m = c.behaviour.memory;
  if (!m) return 8;
  const minutes = c.startedAt === undefined ? 0 : (now - c.startedAt) / 60_000;
  return m.baseMi + (m.growMiPerMin ?? 0) * minutes;
}

/** Ms after start at which growing memory reaches the limit (the OOM kill), if it grows and is limited. */
export function oomAfterMs(c: ContainerRuntime): number | undefined {
  const m = c.behaviour.memory;
  const limitBytes = parseMemoryBytes(c.spec.resources?.limits?.memory);
  const limit = limitBytes === undefined ? undefined : limitBytes / MEBIBYTE;
  if (!m?.growMiPerMin || limit === undefined) return undefined;
  return Math.max(0, ((limit - m.baseMi) / m.growMiPerMin) * 60_000);
}

/** PodMetrics usage for the running containers, as metrics-server would scrape it. */
export function usageOf(containers: ContainerRuntime[], now: number, random: SimRandom): ContainerUsage[] {
  return containers
    .filter((c) => c.phase === 'running')
    .map((c) => {
      const cpu = (c.behaviour.cpuMilli ?? 5) * (0.85 + 0.3 * random.next());
      return { name: c.spec.name, usage: { cpu: `${Math.round(cpu * 1e6)}n`, memory: `${Math.round(memoryMi(c, now) * 1024)}Ki` } };
    });
}
