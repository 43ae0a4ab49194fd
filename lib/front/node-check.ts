/**
 * Imported first by ./main.ts (ES modules evaluate in import order), so a Node that cannot run the
 * server is refused before Next.js or anything else loads. See ./runtime-check.ts.
 */
// The default export is the module object itself, as undici's `require('node:zlib')` sees it.
import zlib from 'node:zlib';
import { runtimeProblem } from './runtime-check';

const problem = runtimeProblem(process.versions.node, zlib);
if (problem !== undefined) {
  process.stderr.write(`sidecarscope: the server did not start: ${problem}\n`);
  process.exit(1);
}
