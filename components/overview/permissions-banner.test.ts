import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PermissionsBanner, permissionsBannerText } from './permissions-banner';

const EVENTS = 'missing RBAC permission: list events (core) at cluster scope — grant it with the ClusterRole in deploy/';
const METRICS = 'missing RBAC permission: list pods (metrics.k8s.io) at cluster scope — grant it with the ClusterRole in deploy/';

describe('PermissionsBanner', () => {
  it.each([
    ['absent', undefined],
    ['empty', []],
  ])('renders nothing when the list is %s', (_, missing) => {
    expect(renderToStaticMarkup(createElement(PermissionsBanner, { missing }))).toBe('');
  });

  it('lists every missing permission, in order, with how to grant them', () => {
    const html = renderToStaticMarkup(createElement(PermissionsBanner, { missing: [EVENTS, METRICS] }));
    expect(html).toContain('role="alert"');
    expect(html.indexOf('list events (core)')).toBeGreaterThan(-1);
    expect(html.indexOf('list events (core)')).toBeLessThan(html.indexOf('list pods (metrics.k8s.io)'));
    expect(html).toContain('deploy/manifests/sidecarscope.yaml');
  });

  it.each([
    [[EVENTS], "The dashboard's identity lacks one RBAC permission of the chart's ClusterRole."],
    [[EVENTS, METRICS], "The dashboard's identity lacks 2 RBAC permissions of the chart's ClusterRole."],
  ])('counts the missing permissions in its title (%#)', (missing, title) => {
    expect(permissionsBannerText(missing)?.title).toBe(title);
  });
});
