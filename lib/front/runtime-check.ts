/**
 * Whether this Node can run the server, checked before anything loads.
 *
 * @kubernetes/client-node 2.x depends on undici 8, whose first line of work at load time is
 * `zlib.createZstdDecompress.bind(…)`: on a Node without zstd (before 22.15 and 23.8, e.g. Node 20)
 * that throws "Cannot read properties of undefined (reading 'bind')" the first time a route loads
 * client-node, long after the server answered /healthz. undici asks for Node 22.19 or newer; so
 * does the CLI (bin/sidecarscope.mjs), which switches to the bundled Node 24 itself. The container
 * image and Next's standalone output run whatever `node` they are given: this check makes a wrong
 * one a clear refusal at start (and `docker build` fail, see the Dockerfile) instead.
 */

/** The oldest Node the server runs on: undici 8's `engines` (and the CLI's MIN_MAJOR/MIN_MINOR). */
export const MIN_NODE = { major: 22, minor: 19 } as const;

/** A sentence saying why this Node cannot run the server, or undefined when it can. */
export function runtimeProblem(nodeVersion: string, zlib: { createZstdDecompress?: unknown }): string | undefined {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const oldEnough = major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
  const wanted = `Node ${MIN_NODE.major}.${MIN_NODE.minor} or newer (the image's default is node:24-bookworm-slim)`;
  if (!oldEnough) return `this is Node ${nodeVersion}; Sidecarscope's server needs ${wanted}.`;
  if (typeof zlib.createZstdDecompress !== 'function') {
    return `this Node (${nodeVersion}) has no zstd in node:zlib, which the Kubernetes client (undici) needs; use ${wanted}.`;
  }
  return undefined;
}
