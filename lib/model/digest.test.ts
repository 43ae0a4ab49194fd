import { describe, expect, it } from 'vitest';
import { SPEC_MISSING_PROBLEM, toPodDigest } from './digest';
import crashloop from './testing/captures/crashloop-pod.json';
import istio from './testing/captures/istio-injected-pod.json';
import nativeSidecar from './testing/captures/native-sidecar-pod.json';
import { aContainer, aNativeSidecar, aPod, aProbe, aStatus, at, digestOf, ms, ownedBy, running, terminated, waiting } from './testing/builders';

const iso = (text: string) => Date.parse(text);

describe('toPodDigest on real captures', () => {
  it('reads a native-sidecar pod: completed init container reports started false, ready true', () => {
    const pod = digestOf(nativeSidecar);
    expect(pod.containers.map(({ name, kind, signal, list, index }) => ({ name, kind, signal, list, index }))).toEqual([
      { name: 'migrate', kind: 'init', signal: undefined, list: 'initContainers', index: 0 },
      { name: 'cloud-sql-proxy', kind: 'native-sidecar', signal: 'native', list: 'initContainers', index: 1 },
      { name: 'orders', kind: 'main', signal: undefined, list: 'containers', index: 0 },
    ]);
    expect(pod.statuses.migrate).toMatchObject({
      started: false,
      ready: true,
      state: { state: 'terminated', reason: 'Completed', exitCode: 0, startedAt: iso('2024-07-19T13:38:02Z'), finishedAt: iso('2024-07-19T13:38:04Z') },
    });
    expect(pod.statuses['cloud-sql-proxy']).toMatchObject({ started: true, ready: true, state: { state: 'running', startedAt: iso('2024-07-19T13:38:05Z') } });
    expect(pod.workload).toEqual({ kind: 'Deployment', name: 'orders' });
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(pod.problems).toEqual([]);
  });

  it("keeps a probe's HTTP path without its query string, which can carry a token", () => {
    const pod = digestOf(aPod({ containers: [aContainer('app', { readinessProbe: { httpGet: { path: '/healthz?key=probe-secret-1f2e', port: 8080 } } })] }));
    expect(pod.containers[0]?.readinessProbe).toMatchObject({ handler: 'httpGet', path: '/healthz', port: 8080 });
    expect(JSON.stringify(pod)).not.toContain('probe-secret-1f2e');
  });

  it('reads probes, resources and ports of the native sidecar', () => {
    const proxy = digestOf(nativeSidecar).containers[1];
    expect(proxy?.startupProbe).toEqual({
      handler: 'httpGet',
      initialDelaySeconds: 0,
      periodSeconds: 1,
      failureThreshold: 20,
      port: 9090,
      path: '/startup',
      timeoutSeconds: 1,
    });
    expect(proxy?.resources).toEqual({ requests: { cpuMilli: 100, memoryBytes: 64 * 2 ** 20 }, limits: { memoryBytes: 128 * 2 ** 20 } });
    const orders = digestOf(nativeSidecar).containers[2];
    expect(orders?.readinessProbe?.port).toBe('http');
    expect(orders?.ports).toEqual([8080]);
  });

  it('drops env, volumes, managedFields and unrelated annotations', () => {
    const pod = digestOf(nativeSidecar);
    const text = JSON.stringify(pod);
    for (const dropped of ['DB_PASSWORD', 'managedFields', 'kube-api-access', 'prometheus.io', 'restartedAt']) {
      expect(text).not.toContain(dropped);
    }
    expect(pod.annotations).toEqual({});
    expect(pod.labels).toEqual({ app: 'orders', 'pod-template-hash': '6f9c7b5d48' });
  });

  it('reads an istio-injected pod: istio-proxy is a legacy sidecar by annotation, istio-init a plain init container', () => {
    const pod = digestOf(istio);
    expect(pod.containers.map(({ name, kind, signal }) => [name, kind, signal])).toEqual([
      ['istio-init', 'init', undefined],
      ['reviews', 'main', undefined],
      ['istio-proxy', 'legacy-sidecar', 'annotation'],
    ]);
    expect(Object.keys(pod.annotations).sort()).toEqual(['kubectl.kubernetes.io/default-container', 'sidecar.istio.io/status']);
    expect(JSON.stringify(pod)).not.toContain('last-applied');
    expect(pod.workload).toEqual({ kind: 'Deployment', name: 'reviews-v2' });
    expect(pod.statuses['istio-init']).toMatchObject({ started: false, ready: true });
  });

  it('reads a crash-looping sidecar: back-off message, restart count and an OOMKilled lastState', () => {
    const pod = digestOf(crashloop);
    expect(pod.statuses['log-forwarder']).toMatchObject({
      restartCount: 3,
      ready: false,
      state: { state: 'waiting', reason: 'CrashLoopBackOff', message: expect.stringMatching(/^back-off 20s restarting failed container=log-forwarder/) },
      lastState: { state: 'terminated', reason: 'OOMKilled', exitCode: 137, finishedAt: iso('2024-09-10T07:01:03Z') },
    });
    expect(pod.containers.find((c) => c.name === 'log-forwarder')).toMatchObject({ kind: 'legacy-sidecar', signal: 'name', hasPreStop: true });
    expect(pod.statuses.worker?.lastState).toBeUndefined();
    expect(pod.workload).toEqual({ kind: 'StatefulSet', name: 'ingest-worker' });
    expect(pod.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });
});

describe('toPodDigest on odd input', () => {
  it.each([
    [null],
    [undefined],
    [42],
    ['pod'],
    [[]],
    [{}],
    [{ metadata: {} }],
    [{ metadata: { name: 7 } }],
    [{ metadata: 'x' }],
    [{ kind: 'Event', metadata: { name: 'web-0.17e3' } }],
  ])('gives undefined for %j, which is not a pod', (raw) => {
    expect(toPodDigest(raw)).toBeUndefined();
  });

  it('digests a list item that carries no kind, as client-node and List items do', () => {
    const item = { ...aPod({ name: 'p' }), kind: undefined };
    expect(toPodDigest(item)?.name).toBe('p');
  });

  it('keys a pod without uid by namespace/name and says so', () => {
    const pod = digestOf(aPod({ name: 'p', namespace: 'ns', uid: null }));
    expect(pod.uid).toBe('ns/p');
    expect(pod.problems).toEqual(['metadata.uid: missing, keyed by namespace/name']);
  });

  it('records a problem for statuses that are not a list and keeps the rest', () => {
    const raw = aPod({ statuses: [aStatus('app', running(at(1)))] });
    raw.status.containerStatuses = { app: 'running' };
    const pod = digestOf(raw);
    expect(pod.statuses).toEqual({});
    expect(pod.problems).toContain('status.containerStatuses: not a list');
    expect(pod.phase).toBe('Running');
  });

  it.each<[string, unknown, number | undefined, boolean]>([
    ['an RFC 3339 string', '2024-07-19T13:38:03Z', ms(3), false],
    ['a string with fractional seconds and offset', '2024-07-19T15:38:03.250+02:00', ms(3.25), false],
    ['a Date, as client-node gives', new Date(ms(3)), ms(3), false],
    ['epoch milliseconds', ms(3), ms(3), false],
    ['epoch seconds', ms(3) / 1000, ms(3), false],
    ['null', null, undefined, false],
    ['garbage text', 'yesterday', undefined, true],
    ['a bare year', '2024', undefined, true],
    ['an invalid Date', new Date(Number.NaN), undefined, true],
    ['an object', { seconds: 3 }, undefined, true],
  ])('reads a startedAt given as %s', (_label, startedAt, expected, isProblem) => {
    const raw = aPod({ statuses: [aStatus('app', running(at(0)))] });
    raw.status.containerStatuses = [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt } } }];
    const pod = digestOf(raw);
    expect(pod.statuses.app?.state).toEqual({ state: 'running', startedAt: expected });
    expect(pod.problems.some((problem) => problem.includes('startedAt'))).toBe(isProblem);
  });

  it('skips nameless containers and statuses with a problem each', () => {
    const raw = aPod({ containers: [aContainer('app')] });
    raw.spec.containers.push({ image: 'x' } as never);
    raw.status.containerStatuses = [{ ready: true }];
    const pod = digestOf(raw);
    expect(pod.containers.map((c) => c.name)).toEqual(['app']);
    expect(pod.problems).toEqual(['spec.containers[1]: container without a name', 'status.containerStatuses[0]: status without a name']);
  });

  it('defaults restartPolicy to Always and flags an unknown one', () => {
    const raw = aPod();
    raw.spec.restartPolicy = 'Sometimes';
    const pod = digestOf(raw);
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.problems).toContain('spec.restartPolicy: unknown value "Sometimes"');
  });

  it('flags unreadable quantities and keeps readable ones', () => {
    const pod = digestOf(aPod({ containers: [aContainer('app', { requests: { cpu: 'lots', memory: '1Gi' } })] }));
    expect(pod.containers[0]?.resources.requests).toStrictEqual({ memoryBytes: 2 ** 30 });
    expect(pod.problems).toEqual(['spec.containers[0].resources.requests.cpu: not a quantity']);
  });

  it('reads a quantity or a time text seen before as the first time, readable or not (texts read lately are remembered)', () => {
    const raw = () => {
      const pod = aPod({ containers: [aContainer('app', { requests: { cpu: 'lots', memory: '1Gi' }, limits: { cpu: '250m', memory: '1Gi' } })] });
      pod.metadata.creationTimestamp = 'yesterday';
      return pod;
    };
    const first = digestOf(raw());
    const again = digestOf(raw());
    expect(again).toEqual(first);
    expect(again.containers[0]?.resources).toStrictEqual({
      requests: { cpuMilli: 250, memoryBytes: 2 ** 30 },
      limits: { cpuMilli: 250, memoryBytes: 2 ** 30 },
    });
    expect(again.createdAt).toBeUndefined();
    expect(again.problems).toEqual(['spec.containers[0].resources.requests.cpu: not a quantity', 'metadata.creationTimestamp: not a timestamp']);
  });

  it('defaults requests to limits, as the API server does', () => {
    const pod = digestOf(aPod({ containers: [aContainer('app', { limits: { cpu: '500m', memory: '64Mi' } })] }));
    expect(pod.containers[0]?.resources.requests).toEqual({ cpuMilli: 500, memoryBytes: 64 * 2 ** 20 });
  });
});

describe('toPodDigest on built pods', () => {
  it('reads the seed 002 CronJob pod: sidecar started but not ready, app failed', () => {
    const pod = digestOf(
      aPod({
        name: 'sidecar-cronjob-28689958-zrmhh',
        owner: ownedBy('Job', 'sidecar-cronjob-28689958'),
        restartPolicy: 'Never',
        initContainers: [aNativeSidecar('slow-sidecar', { ports: [8081] })],
        containers: [aContainer('sidecar-user')],
        statuses: [
          aStatus('slow-sidecar', running(at(1), { ready: false })),
          aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) })),
        ],
      }),
    );
    expect(pod.workload).toEqual({ kind: 'CronJob', name: 'sidecar-cronjob' });
    expect(pod.owner).toEqual({ kind: 'Job', name: 'sidecar-cronjob-28689958' });
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.statuses['slow-sidecar']).toMatchObject({ started: true, ready: false, state: { state: 'running', startedAt: ms(1) } });
    expect(pod.statuses['sidecar-user']?.state).toMatchObject({ state: 'terminated', exitCode: 1, finishedAt: ms(3) });
  });

  it('keeps deletion, grace period and restartPolicy of a regular container', () => {
    const pod = digestOf(
      aPod({
        deletionTimestamp: at(30),
        deletionGracePeriodSeconds: 30,
        containers: [aContainer('app', { restartPolicy: 'Always', startupProbe: aProbe({ handler: 'exec' }) })],
        statuses: [aStatus('app', waiting('ContainerCreating'))],
      }),
    );
    expect(pod.deletedAt).toBe(ms(30));
    expect(pod.deletionGracePeriodSeconds).toBe(30);
    expect(pod.containers[0]).toMatchObject({ kind: 'main', restartPolicy: 'Always', startupProbe: { handler: 'exec' } });
    expect(pod.containers[0]?.startupProbe?.port).toBeUndefined();
  });
});

describe('toPodDigest on a Pod without spec (a status-only capture)', () => {
  const withoutSpec = (capture: object) => {
    const copy = structuredClone(capture) as { spec?: unknown };
    delete copy.spec;
    return toPodDigest(copy);
  };

  it('classifies the containers from their statuses (names, images) and says the spec was missing', () => {
    const pod = withoutSpec(istio);
    // Statuses carry no declaration order: compare by name.
    const byName = (list: { name: string; kind: string }[]) => list.map(({ name, kind }) => ({ name, kind })).sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(pod?.containers ?? [])).toEqual(byName(digestOf(istio).containers));
    expect(pod?.containers.find((c) => c.name === 'istio-proxy')?.kind).toBe('legacy-sidecar');
    expect(pod?.problems).toContain(SPEC_MISSING_PROBLEM);
  });

  it('takes an init container running beside started main containers for a native sidecar, and a completed one for a plain init container', () => {
    const pod = withoutSpec(nativeSidecar);
    expect(pod?.containers.map(({ name, kind, list }) => ({ name, kind, list }))).toEqual([
      { name: 'migrate', kind: 'init', list: 'initContainers' },
      { name: 'cloud-sql-proxy', kind: 'native-sidecar', list: 'initContainers' },
      { name: 'orders', kind: 'main', list: 'containers' },
    ]);
  });

  it('says nothing about a spec when there is one', () => {
    expect(digestOf(istio).problems).not.toContain(SPEC_MISSING_PROBLEM);
  });
});
