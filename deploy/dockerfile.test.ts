import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../lib/security/request-limits';
import { parseDockerfile, type Instruction, type Stage } from './dockerfile-parse';
import { isIgnored, parseDockerignore } from './dockerignore';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const stage = (alias: string): Stage | undefined => dockerfile.stages.find((s) => s.alias === alias);
const of = (s: Stage | undefined, keyword: string): Instruction[] => s?.instructions.filter((i) => i.keyword === keyword) ?? [];
const NETWORK = /\b(npm (ci|install|i|update)|yarn|pnpm|npx|curl|wget|apt-get|apk add|git clone|pip)\b/;

describe('parseDockerfile', () => {
  it('joins continued lines, skips comments and groups instructions by stage', () => {
    const parsed = parseDockerfile('ARG A=1\n# c\nFROM x AS one\nENV B=2 \\\n    C=3\nFROM one\nRUN true\n');
    expect(parsed.preamble).toEqual([{ keyword: 'ARG', args: 'A=1' }]);
    expect(parsed.stages.map((s) => [s.from, s.alias])).toEqual([
      ['x', 'one'],
      ['one', undefined],
    ]);
    expect(parsed.stages[0]?.instructions).toEqual([{ keyword: 'ENV', args: 'B=2 C=3' }]);
  });
});

describe('the Dockerfile', () => {
  it('builds in three stages, all from a Node 24 image', () => {
    expect(dockerfile.stages.map((s) => s.alias)).toEqual(['deps', 'build', 'runtime']);
    expect(dockerfile.preamble.find((i) => i.keyword === 'ARG')?.args).toMatch(/^NODE_IMAGE=node:24[-.@\w]*/);
    for (const s of dockerfile.stages) expect(s.from).toBe('${NODE_IMAGE}');
  });

  it('installs dependencies from the lockfile alone (npm ci), and reaches no network after it', () => {
    const deps = stage('deps');
    expect(of(deps, 'COPY').map((i) => i.args)).toEqual(['package.json package-lock.json ./']);
    const runs = dockerfile.stages.flatMap((s) => of(s, 'RUN').map((i) => i.args));
    expect(runs[0]).toMatch(/^npm ci --no-audit --no-fund$/);
    expect(runs.slice(1).filter((run) => NETWORK.test(run))).toEqual([]);
    expect(
      of(stage('build'), 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).toContain('NEXT_TELEMETRY_DISABLED=1');
  });

  it('builds the standalone output, with the base path baked in from a build argument', () => {
    const env = of(stage('build'), 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('SIDECARSCOPE_STANDALONE=1');
    expect(env).toContain('SIDECARSCOPE_BASE_PATH=${SIDECARSCOPE_BASE_PATH}');
    expect(of(stage('build'), 'ARG').map((i) => i.args)).toContain('SIDECARSCOPE_BASE_PATH=""');
  });

  it('ships only the standalone output, the static assets and public/, and runs the front server bundled beside them', () => {
    const copies = of(stage('runtime'), 'COPY').map((i) => i.args);
    expect(copies).toEqual(['--from=build /app/.next/standalone ./', '--from=build /app/.next/static ./.next/static', '--from=build /app/public ./public']);
    expect(
      of(stage('build'), 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).toContain('npm run build:server');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:server']).toMatch(/^esbuild lib\/front\/main\.ts .*--outfile=\.next\/standalone\/sidecarscope-server\.mjs$/);
    expect(of(stage('runtime'), 'CMD').map((i) => i.args)).toEqual(['["node", "sidecarscope-server.mjs"]']);
  });

  it("refuses at build time a NODE_IMAGE whose Node cannot run the server (it runs the server's own check)", () => {
    const runs = of(stage('runtime'), 'RUN').map((i) => i.args);
    expect(runs[0]).toBe('["node", "sidecarscope-server.mjs", "--check"]');
  });

  it('runs as a numeric non-root user with a writable cache directory for a read-only root', () => {
    const users = of(stage('runtime'), 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    const uid = (users[0] ?? '').split(':')[0];
    expect(
      of(stage('runtime'), 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(new RegExp(`mkdir -p \\.next/cache && chown ${uid}:`));
  });

  it('keeps history in /data, owned by the app user and private to it', () => {
    const uid = (of(stage('runtime'), 'USER')[0]?.args ?? '').split(':')[0];
    expect(
      of(stage('runtime'), 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/SIDECARSCOPE_DATA_DIR=\/data/);
    expect(
      of(stage('runtime'), 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(new RegExp(`mkdir -p /data && chown ${uid}:${uid} /data && chmod 0700 /data`));
  });

  it('binds all addresses in the container, in-cluster mode, and checks /healthz under the base path', () => {
    const env = of(stage('runtime'), 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(env).toMatch(/SIDECARSCOPE_MODE=in-cluster/);
    expect(of(stage('runtime'), 'HEALTHCHECK')[0]?.args).toContain('${process.env.SIDECARSCOPE_BASE_PATH}/healthz');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(tsx?|css)$/.test(file))
    .map((file) => join(repoRoot, dir, file));
}

describe('the application build', () => {
  it('fetches nothing at build time: no Google Fonts through next/font/google', () => {
    const offenders = ['app', 'components'].flatMap(sourceFiles).filter((file) => readFileSync(file, 'utf8').includes('next/font/google'));
    expect(offenders).toEqual([]);
  });
});

describe('next.config.js', () => {
  const configWith = (env: Record<string, string>, expression: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import('./next.config.js'); console.log(String(${expression}))`], {
      cwd: repoRoot,
      env: { ...process.env, SIDECARSCOPE_STANDALONE: '', ...env },
      encoding: 'utf8',
    }).stdout.trim();
  const outputWith = (env: Record<string, string>) => configWith(env, 'm.default.output');

  it('enables the standalone output only for the image build', () => {
    expect(outputWith({ SIDECARSCOPE_STANDALONE: '1' })).toBe('standalone');
    expect(outputWith({})).toBe('undefined');
  });

  it('lets Next buffer no more request body for the proxy than the proxy accepts', () => {
    expect(configWith({}, 'm.default.experimental.proxyClientMaxBodySize')).toBe(String(MAX_BODY_BYTES));
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));

  it.each([
    'node_modules/next/package.json',
    '.next/BUILD_ID',
    '.git/HEAD',
    '.env',
    '.env.local',
    'kubeconfig',
    'kubeconfig.yaml',
    'config/prod-kubeconfig.yml',
    '.kube/config',
    'certs/tls.key',
    'certs/ca.pem',
  ])('keeps %s out of the build context', (path) => {
    expect(isIgnored(rules, path)).toBe(true);
  });

  // `**/*kubeconfig*` once swallowed lib/k8s/kubeconfig.ts: `next build` in the image then failed
  // on "Can't resolve './kubeconfig'" while every check of the pattern's text passed.
  it('sends every file the image build reads: the sources, their configuration and the lockfile', () => {
    const roots = [
      'app',
      'components',
      'lib',
      'public',
      'proxy.ts',
      'next.config.js',
      'postcss.config.mjs',
      'tsconfig.json',
      'package.json',
      'package-lock.json',
    ];
    const files = roots
      .filter((root) => existsSync(join(repoRoot, root)))
      .flatMap((root) =>
        statSync(join(repoRoot, root)).isDirectory()
          ? readdirSync(join(repoRoot, root), { recursive: true, encoding: 'utf8' })
              .map((file) => `${root}/${file.split(sep).join('/')}`)
              .filter((file) => statSync(join(repoRoot, file)).isFile())
          : [root],
      );
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => isIgnored(rules, file))).toEqual([]);
  });
});
