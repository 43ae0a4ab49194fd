#!/usr/bin/env node
// Entry point for `npx sidecarscope` and every npm script that runs the product.
//
// The CLI is TypeScript run through tsx, with the `react-server` export condition so the server
// modules (which `import 'server-only'`) load outside Next. Node 20 cannot run
// @kubernetes/client-node 2.x, so on an older Node the CLI runs on the Node 24 that the `node`
// package installed beside it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_MAJOR = 22;
const MIN_MINOR = 19;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function isSupported(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_MAJOR || (major === MIN_MAJOR && minor >= MIN_MINOR);
}

function findNode() {
  if (isSupported(process.versions.node)) return process.execPath;
  const bundled = join(dirname(require.resolve('node/package.json')), 'bin', 'node');
  if (existsSync(bundled)) return bundled;
  process.stderr.write(
    `sidecarscope needs Node ${MIN_MAJOR}.${MIN_MINOR} or newer (this is ${process.versions.node}); ` +
      'install the project with `npm ci` so the bundled Node 24 is available.\n',
  );
  process.exit(2);
}

const tsxLoader = require.resolve('tsx');
const child = spawn(findNode(), ['--conditions=react-server', '--import', tsxLoader, join(root, 'lib', 'cli', 'entry.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, SIDECARSCOPE_ROOT: root },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
