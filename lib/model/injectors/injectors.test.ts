import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../testing/builders';
import { INJECTED_TEMPLATES, aMeshedPod } from '../testing/injected-pods';
import { INJECTORS, meets, parseVersion, recogniseInjector, type InjectorSetting } from './index';

describe('parseVersion and meets', () => {
  it.each([
    ['1.22.1', { label: '', release: '1.24.0' }, false],
    ['1.24.0-distroless', { label: '', release: '1.24.0' }, true],
    ['v1.30.1', { label: '', release: '1.24.0' }, true],
    ['stable-2.14.10', { label: '', release: '2.15.0', edge: '23.11.4' }, false],
    ['enterprise-2.15.2', { label: '', release: '2.15.0', edge: '23.11.4' }, true],
    ['edge-24.2.1', { label: '', release: '2.15.0', edge: '23.11.4' }, true],
    ['edge-23.11.3', { label: '', release: '2.15.0', edge: '23.11.4' }, false],
    ['edge-24.2.1', { label: '', release: '2.9.0' }, undefined],
    ['latest', { label: '', release: '1.0.0' }, undefined],
  ] as const)('%s against %o is %s', (text, requirement, expected) => {
    expect(meets(parseVersion(text), requirement)).toBe(expected);
  });
});

describe('recogniseInjector', () => {
  it.each(INJECTORS.map((profile) => [profile.id, profile] as const))('recognises the %s sidecar in a pod written from its template', (id) => {
    const template = INJECTED_TEMPLATES[id]();
    const pod = digestOf(aMeshedPod(template, 'steady'));
    const sidecar = pod.containers.find((container) => container.name === template.sidecar.name);
    if (!sidecar) throw new Error('no sidecar');
    expect(sidecar.kind).toBe('legacy-sidecar');
    expect(recogniseInjector(pod, sidecar)?.profile.id).toBe(id);
    const app = pod.containers.find((container) => container.name === 'app');
    expect(app && recogniseInjector(pod, app)).toBeUndefined();
  });

  it("leaves a user-owned envoy or a look-alike name without the injector's signal to the user", () => {
    const pod = digestOf(
      aMeshedPod({ ...INJECTED_TEMPLATES.istio(), annotations: {}, sidecar: { name: 'istio-proxy', image: 'example.com/my-envoy:1.0' } }, 'steady'),
    );
    const proxy = pod.containers.find((container) => container.name === 'istio-proxy');
    expect(proxy && recogniseInjector(pod, proxy)).toBeUndefined();
  });
});

describe('docs/fixes.md', () => {
  const docs = readFileSync(new URL('../../../docs/fixes.md', import.meta.url), 'utf8');
  const settingsOf = (profile: (typeof INJECTORS)[number]): InjectorSetting[] =>
    [
      profile.nativeSidecar,
      profile.holdApplication,
      profile.shutdown ?? [],
      profile.resources({ cpuRequest: '1m', memoryRequest: '1Mi', memoryLimit: '2Mi' }),
    ].flatMap((option) => ('none' in option ? [] : option));

  it.each(INJECTORS.map((profile) => [profile.name, profile] as const))('cites every setting of %s at the tag the code cites', (_name, profile) => {
    for (const setting of settingsOf(profile)) expect(docs).toContain(setting.source);
  });
});
