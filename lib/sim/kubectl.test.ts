import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '.';
import { T0 } from './testing';

const run = promisify(execFile);
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
const VERSIONS = ['1.33', '1.27'];

let sim: SimCluster;

beforeAll(async () => {
  sim = await startSimCluster({
    manualClock: true,
    startTime: T0,
    seed: 4,
    scenarios: ['seed-003-nginx-log-processor', 'seed-002-plain-init', 'seed-002-native-startup-probe', 'seed-001-envoy-fluentd'],
  });
  sim.engine.advance(30_000);
});
afterAll(() => sim.close());

/** Reads a `kubectl get -w` until `enough` says so, advancing sim time meanwhile, then kills it. */
function watchLines(kubectl: string, args: string[], enough: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['--kubeconfig', sim.kubeconfigPath, ...args]);
    const lines: string[] = [];
    let buffer = '';
    const ticker = setInterval(() => sim.engine.advance(2_000), 50);
    const finish = () => {
      clearInterval(ticker);
      child.kill();
      resolve(lines);
    };
    const timer = setTimeout(finish, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.trim() !== ''));
      if (enough(lines)) {
        clearTimeout(timer);
        finish();
      }
    });
    child.on('error', reject);
  });
}

for (const version of VERSIONS) {
  const kubectl = `${KUBECTL_DIR}/kubectl.${version}`;
  const present = existsSync(kubectl);
  if (!present) console.log(`skipping kubectl ${version} tests: ${kubectl} is absent on this machine`);

  describe.skipIf(!present)(`kubectl ${version} against the simulated cluster`, () => {
    const kc = (...args: string[]) => run(kubectl, ['--kubeconfig', sim.kubeconfigPath, ...args], { timeout: 20_000 }).then((r) => r.stdout);

    it('get pods -A prints the kubectl columns, including Init:0/1 for the plain init container', async () => {
      const out = await kc('get', 'pods', '-A');
      const [header, ...rows] = out.trim().split('\n');
      expect(header?.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      // AGE is sim time, which the watch tests before this one advance by a load-dependent amount.
      expect(rows.find((r) => r.includes('sidecar-demo'))).toMatch(/^default\s+sidecar-demo\s+2\/2\s+Running\s+0\s+(\d+m)?\d+s$/);
      expect(rows.find((r) => r.includes('sidecar-cronjob-init-'))).toMatch(/0\/1\s+Init:0\/1/);
      expect(rows.filter((r) => r.startsWith('shop '))).toHaveLength(3);
    });

    it('get pods -w prints a row for each change as the CronJob pods move on', async () => {
      const lines = await watchLines(kubectl, ['get', 'pods', '-n', 'cronjobs', '-w'], (l) => l.length >= 8);
      expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(lines.length).toBeGreaterThanOrEqual(8);
      expect(lines.slice(1).filter((l) => !/^sidecar-cronjob-\S+\s+\d+\/\d+\s+\S+\s+\d+/.test(l))).toEqual([]);
    });

    it('get pods -w shows a native-sidecar CronJob pod go Init:0/1, PodInitializing, Running, Completed', async () => {
      const statusesOf = (lines: string[]) => {
        const byPod = new Map<string, string[]>();
        for (const line of lines.slice(1)) {
          const [name, , status] = line.split(/\s+/);
          if (name && status) byPod.set(name, [...(byPod.get(name) ?? []), status]);
        }
        return [...byPod.values()].find((s) => s[0] === 'Pending' || s[0] === 'Init:0/1');
      };
      const done = (lines: string[]) => statusesOf(lines)?.includes('Completed') ?? false;
      const lines = await watchLines(kubectl, ['get', 'pods', '-n', 'cronjobs', '-l', 'sidecarscope.io/scenario=seed-002-native-startup-probe', '-w'], done);
      const seen = [...new Set(statusesOf(lines))];
      expect(seen.filter((s) => s !== 'Pending')).toEqual(['Init:0/1', 'PodInitializing', 'Running', 'Completed']);
    });

    it('get events prints kubelet and scheduler events', async () => {
      const out = await kc('get', 'events', '-n', 'default');
      expect(out.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
      expect(out).toMatch(/Normal\s+Scheduled\s+pod\/sidecar-demo\s+Successfully assigned default\/sidecar-demo to sim-node-\d/);
      expect(out).toMatch(/Normal\s+Started\s+pod\/sidecar-demo\s+Started container log-processor/);
    });

    it('get pod -o json returns the full Pod object', async () => {
      const pod = JSON.parse(await kc('get', 'pod', 'sidecar-demo', '-n', 'default', '-o', 'json')) as {
        kind: string;
        status: { containerStatuses: unknown[] };
      };
      expect(pod.kind).toBe('Pod');
      expect(pod.status.containerStatuses).toHaveLength(2);
    });

    it('top pod --containers prints per-container CPU and memory', async () => {
      sim.engine.advance(15_000);
      const out = await kc('top', 'pod', '--containers', '-n', 'shop');
      const [header, ...rows] = out.trim().split('\n');
      expect(header?.trim().split(/\s{2,}/)).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
      expect(rows.length).toBe(9);
      expect(rows).toContainEqual(expect.stringMatching(/\senvoy\s+\d+m\s+\d+Mi/));
    });
  });
}
