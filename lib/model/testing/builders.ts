/**
 * Builders of RAW Kubernetes-shaped pods, as the API server sends them (metadata/spec/status,
 * string timestamps like `2024-07-19T13:38:03Z`), shared by tests, the simulated cluster and the
 * findings rules. A test should read like a pod spec:
 *
 * ```ts
 * const pod = aDigest({
 *   restartPolicy: 'Never',
 *   initContainers: [aNativeSidecar('slow-sidecar', { ports: [8081] })],
 *   containers: [aContainer('sidecar-user')],
 *   statuses: [
 *     aStatus('slow-sidecar', running(at(1), { ready: false })),
 *     aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) })),
 *   ],
 * });
 * ```
 *
 * Times: {@link at}(seconds) is the API's string `seconds` after `T0`, {@link ms}(seconds) the
 * epoch ms a digest holds for it.
 */
export * from './container-builders';
export * from './pod-builder';
export type * from './raw-types';
