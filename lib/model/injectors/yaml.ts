/** Small YAML writers for the injectors' settings: pod-template annotations and nested values. */

/** A YAML scalar: double-quoted, or single-quoted when it holds double quotes (JSON values). */
export function quote(value: string): string {
  return value.includes('"') ? `'${value.replaceAll("'", "''")}'` : JSON.stringify(value);
}

/**
 * Annotations on a workload's pod template (`spec.template.metadata.annotations`), the place an
 * injector reads them from when the next pod is created; fits `kubectl patch --patch-file`.
 */
export function podTemplateAnnotations(entries: Readonly<Record<string, string>>): string {
  return [
    'spec:',
    '  template:',
    '    metadata:',
    '      annotations:',
    ...Object.entries(entries).map(([key, value]) => `        ${key}: ${quote(value)}`),
  ].join('\n');
}

/** `a.b.c: v` as nested YAML (Helm values, mesh config); string leaves are quoted. */
export function nestedValue(path: string, value: string | number | boolean): string {
  const keys = path.split('.');
  const leaf = typeof value === 'string' ? quote(value) : String(value);
  return keys.map((key, depth) => `${'  '.repeat(depth)}${key}:${depth === keys.length - 1 ? ` ${leaf}` : ''}`).join('\n');
}

/** Several `path: value` pairs under one tree, in order (shared prefixes written once). */
export function nestedValues(entries: readonly (readonly [string, string | number | boolean])[]): string {
  const lines: string[] = [];
  let previous: string[] = [];
  for (const [path, value] of entries) {
    const keys = path.split('.');
    let shared = 0;
    while (shared < keys.length - 1 && previous[shared] === keys[shared]) shared++;
    keys.forEach((key, depth) => {
      if (depth < shared) return;
      const leaf = depth === keys.length - 1 ? ` ${typeof value === 'string' ? quote(value) : String(value)}` : '';
      lines.push(`${'  '.repeat(depth)}${key}:${leaf}`);
    });
    previous = keys;
  }
  return lines.join('\n');
}
