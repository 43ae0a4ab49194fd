import { describe, expect, it } from 'vitest';
import { linkify, splitFix, toCopyText } from './fix-text';

const yamlFix = 'Declare it as a native sidecar:\n\n```yaml\ninitContainers:\n  - name: proxy\n    restartPolicy: Always\n```\n\nThen roll out.';

describe('finding fix text', () => {
  it('splits prose and a fenced YAML snippet in order', () => {
    expect(splitFix(yamlFix)).toEqual([
      { type: 'text', text: 'Declare it as a native sidecar:' },
      { type: 'code', lang: 'yaml', code: 'initContainers:\n  - name: proxy\n    restartPolicy: Always' },
      { type: 'text', text: 'Then roll out.' },
    ]);
  });

  it('copies only the YAML when there is a snippet', () => {
    expect(toCopyText(yamlFix)).toBe('initContainers:\n  - name: proxy\n    restartPolicy: Always');
  });

  it('copies only the first snippet (the one that applies), never the alternatives after it', () => {
    expect(toCopyText('Use: per workload\n```yaml\nx: 1\n```\nOr: mesh-wide\n```yaml\ny: 2\n```')).toBe('x: 1');
  });

  it('copies the whole text when there is no snippet', () => {
    expect(toCopyText('  Raise the memory limit.  ')).toBe('Raise the memory limit.');
  });

  it('leaves an unclosed fence as text', () => {
    expect(splitFix('see ```yaml\nx: 1')).toEqual([{ type: 'text', text: 'see ```yaml\nx: 1' }]);
  });

  it('turns cited sources into links without their trailing punctuation', () => {
    expect(linkify('(source: https://github.com/istio/istio/blob/1.24.0/pkg/kube/inject/inject.go).')).toEqual([
      { type: 'text', text: '(source: ' },
      { type: 'link', href: 'https://github.com/istio/istio/blob/1.24.0/pkg/kube/inject/inject.go' },
      { type: 'text', text: ').' },
    ]);
  });
});
