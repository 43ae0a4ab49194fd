/**
 * Bench tool: where a V8 heap snapshot's memory is, by what retains it.
 *
 *   node --max-old-space-size=8192 --import tsx bench/heap-summary.ts FILE.heapsnapshot [--min-mb 1] [--depth 14]
 *
 * Prints (1) the heap by constructor (count, shallow size, and the retained size of the instances
 * not retained by another instance of the same constructor), and (2) the dominator tree from the
 * roots, every node retaining at least `--min-mb` MB, with the edge that reaches it, so
 * "Hub.entries → Map → …" reads as a path. Weak edges are ignored, as DevTools does. Bench only:
 * snapshots come from bench/rss-probe.mjs (`npm run bench -- --only rss --rss-probe --rss-heapsnapshot DIR`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    class: { type: 'string' },
    under: { type: 'string' },
    'min-mb': { type: 'string', default: '1' },
    depth: { type: 'string', default: '14' },
    top: { type: 'string', default: '40' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: heap-summary FILE.heapsnapshot [--min-mb 1] [--depth 14] [--top 40]');
const minBytes = Number(values['min-mb']) * 1e6;
const maxDepth = Number(values.depth);
const top = Number(values.top);

const snap = readSnapshot(file);

/**
 * The snapshot, read without one string of the whole file (V8 refuses strings past 512 MB, and a
 * 100,000-pod server's snapshot is 700 MB): the header and the strings through `JSON.parse` of
 * their slices, the `nodes` and `edges` numbers scanned into typed arrays.
 */
function readSnapshot(path: string): Snapshot {
  const buffer = readFileSync(path);
  const at = (key: string, from = 0) => {
    const i = buffer.indexOf(`"${key}":`, from);
    if (i < 0) throw new Error(`${path}: no "${key}" in the snapshot`);
    return i;
  };
  const nodesAt = at('nodes');
  const header = JSON.parse(`{${buffer.subarray(1, nodesAt).toString('utf8').replace(/,\s*$/, '')}}`) as Pick<Snapshot, 'snapshot'>;
  const scan = (key: string): number[] => {
    const start = buffer.indexOf(0x5b /* [ */, at(key)) + 1;
    const end = buffer.indexOf(0x5d /* ] */, start);
    const out = new Float64Array(Math.ceil((end - start) / 2) + 1);
    let n = 0;
    let value = -1;
    for (let i = start; i < end; i += 1) {
      const c = buffer[i]!;
      if (c >= 0x30 && c <= 0x39) value = (value < 0 ? 0 : value * 10) + (c - 0x30);
      else if (value >= 0) {
        out[n++] = value;
        value = -1;
      }
    }
    if (value >= 0) out[n++] = value;
    return out.subarray(0, n) as unknown as number[];
  };
  const stringsAt = at('strings');
  const strings = JSON.parse(buffer.subarray(buffer.indexOf(0x5b, stringsAt), buffer.lastIndexOf(0x7d /* } */)).toString('utf8')) as string[];
  return { ...header, nodes: scan('nodes'), edges: scan('edges'), strings };
}
const { meta } = snap.snapshot;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSelf = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const WEAK = edgeTypes.indexOf('weak');
const SHORTCUT = edgeTypes.indexOf('shortcut');
const nodes = snap.nodes;
const edges = snap.edges;
const strings = snap.strings;
const N = nodes.length / NF;

const firstEdge = new Int32Array(N + 1);
for (let i = 0; i < N; i += 1) firstEdge[i + 1] = firstEdge[i]! + nodes[i * NF + nEdges]! * EF;

const typeOf = (n: number) => nodeTypes[nodes[n * NF + nType]!] ?? '?';
const selfOf = (n: number) => nodes[n * NF + nSelf]!;
/** A class-like label: the constructor for objects, the kind for strings, arrays and code. */
function labelOf(n: number): string {
  const type = typeOf(n);
  const name = strings[nodes[n * NF + nName]!] ?? '';
  if (type === 'object' || type === 'native') return name.length > 60 ? `${name.slice(0, 60)}…` : name;
  if (type === 'closure') return `(closure)`;
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return `(${type})`;
  if (type === 'array') return `(array ${name.slice(0, 40)})`;
  if (type === 'hidden' || type === 'code' || type === 'object shape') return `(${type} ${name.slice(0, 40)})`;
  return `(${type})`;
}
function edgeLabel(e: number): string {
  const type = edgeTypes[edges[e + eType]!] ?? '?';
  const v = edges[e + eName]!;
  if (type === 'element' || type === 'hidden') return `[${v}]`;
  const name = strings[v] ?? '';
  return type === 'internal' ? `{${name}}` : name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
const usable = (e: number) => {
  const t = edges[e + eType]!;
  return t !== WEAK && t !== SHORTCUT;
};

// Post-order DFS from the root (node 0), and the reverse graph of what it reaches.
const post = new Int32Array(N).fill(-1);
const order = new Int32Array(N);
let count = 0;
{
  const visited = new Uint8Array(N);
  const stack = new Int32Array(N);
  const cursor = new Int32Array(N);
  let sp = 0;
  stack[sp++] = 0;
  visited[0] = 1;
  cursor[0] = firstEdge[0]!;
  while (sp > 0) {
    const n = stack[sp - 1]!;
    let e = cursor[n]!;
    let pushed = false;
    for (; e < firstEdge[n + 1]!; e += EF) {
      if (!usable(e)) continue;
      const to = edges[e + eTo]! / NF;
      if (visited[to]) continue;
      visited[to] = 1;
      cursor[n] = e + EF;
      cursor[to] = firstEdge[to]!;
      stack[sp++] = to;
      pushed = true;
      break;
    }
    if (!pushed) {
      cursor[n] = e;
      sp -= 1;
      post[n] = count;
      order[count++] = n;
    }
  }
}
const predStart = new Int32Array(N + 1);
for (let n = 0; n < N; n += 1) {
  if (post[n]! < 0) continue;
  for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += EF) if (usable(e)) predStart[edges[e + eTo]! / NF + 1]! += 1;
}
for (let i = 0; i < N; i += 1) predStart[i + 1]! += predStart[i]!;
const preds = new Int32Array(predStart[N]!);
{
  const fill = predStart.slice(0, N);
  for (let n = 0; n < N; n += 1) {
    if (post[n]! < 0) continue;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += EF) if (usable(e)) preds[fill[edges[e + eTo]! / NF]!++] = n;
  }
}

// Dominators (Cooper, Harvey, Kennedy), in post-order numbers.
const idom = new Int32Array(count).fill(-1);
const rootPost = post[0]!;
idom[rootPost] = rootPost;
for (let changed = true; changed;) {
  changed = false;
  for (let i = count - 1; i >= 0; i -= 1) {
    if (i === rootPost) continue;
    const n = order[i]!;
    let best = -1;
    for (let p = predStart[n]!; p < predStart[n + 1]!; p += 1) {
      let a = post[preds[p]!]!;
      if (a < 0 || idom[a] === -1) continue;
      if (best === -1) {
        best = a;
        continue;
      }
      let b = best;
      while (a !== b) {
        while (a < b) a = idom[a]!;
        while (b < a) b = idom[b]!;
      }
      best = a;
    }
    if (best !== -1 && idom[i] !== best) {
      idom[i] = best;
      changed = true;
    }
  }
}
const retained = new Float64Array(count);
for (let i = 0; i < count; i += 1) retained[i] = selfOf(order[i]!);
for (let i = 0; i < count; i += 1) if (i !== rootPost && idom[i]! >= 0) retained[idom[i]!]! += retained[i]!;

const MB = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
let total = 0;
for (let i = 0; i < count; i += 1) total += selfOf(order[i]!);
console.log(`${file}: ${count.toLocaleString()} reachable nodes of ${N.toLocaleString()}, ${MB(total)} reachable`);

// (1) By constructor.
const byLabel = new Map<string, { count: number; shallow: number; retained: number }>();
for (let i = 0; i < count; i += 1) {
  const n = order[i]!;
  const label = labelOf(n);
  const row = byLabel.get(label) ?? { count: 0, shallow: 0, retained: 0 };
  row.count += 1;
  row.shallow += selfOf(n);
  // Retained only for the outermost instance: no ancestor in the dominator tree with the same label.
  let a = idom[i]!;
  let nested = false;
  for (let hops = 0; a !== rootPost && a >= 0 && hops < 64; hops += 1) {
    if (labelOf(order[a]!) === label) {
      nested = true;
      break;
    }
    a = idom[a]!;
  }
  if (!nested) row.retained += retained[i]!;
  byLabel.set(label, row);
}
console.log(`\nBy constructor (top ${top} by shallow size): count, shallow, retained (outermost instances)`);
for (const [label, row] of [...byLabel].sort((a, b) => b[1].shallow - a[1].shallow).slice(0, top))
  console.log(`  ${label.padEnd(48)} ${row.count.toLocaleString().padStart(11)} ${MB(row.shallow).padStart(10)} ${MB(row.retained).padStart(10)}`);

// (2) The dominator tree from the root.
const children = new Map<number, number[]>();
for (let i = 0; i < count; i += 1) {
  if (i === rootPost || retained[i]! < minBytes) continue;
  const d = idom[i]!;
  const list = children.get(d) ?? [];
  list.push(i);
  children.set(d, list);
}
/** The edge from the dominator's node towards `n` (direct when there is one). */
function via(d: number, n: number): string {
  for (let e = firstEdge[d]!; e < firstEdge[d + 1]!; e += EF) if (edges[e + eTo]! / NF === n) return edgeLabel(e);
  return '…';
}
console.log(`\nDominator tree (retaining ≥ ${MB(minBytes)}): retained, shallow, edge from the dominator → label (count of children)`);
function print(i: number, depth: number): void {
  const list = (children.get(i) ?? []).sort((a, b) => retained[b]! - retained[a]!);
  for (const c of list) {
    const n = order[c]!;
    const fan = firstEdge[n + 1]! / EF - firstEdge[n]! / EF;
    console.log(`${'  '.repeat(depth)}${MB(retained[c]!)} ${MB(selfOf(n))} ${via(order[i]!, n)} → ${labelOf(n)} (${fan} edges)`);
    if (depth < maxDepth) print(c, depth + 1);
  }
}
print(rootPost, 1);

// (3) Strings: by what holds them (the first retainer's label and edge), and the largest.
{
  const holders = new Map<string, { count: number; bytes: number }>();
  const firstRetainer = new Int32Array(N).fill(-1);
  const firstEdgeTo = new Int32Array(N).fill(-1);
  for (let n = 0; n < N; n += 1)
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += EF) {
      if (!usable(e)) continue;
      const to = edges[e + eTo]! / NF;
      if (firstRetainer[to] === -1) {
        firstRetainer[to] = n;
        firstEdgeTo[to] = e;
      }
    }
  const big: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const n = order[i]!;
    const type = typeOf(n);
    if (type !== 'string' && type !== 'concatenated string' && type !== 'sliced string') continue;
    const r = firstRetainer[n]!;
    const key = r < 0 ? '(none)' : `${labelOf(r)} .${edgeLabel(firstEdgeTo[n]!).replace(/^\[\d+\]$/, '[i]')}`;
    const row = holders.get(key) ?? { count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += selfOf(n);
    holders.set(key, row);
    if (selfOf(n) > 100_000) big.push(n);
  }
  console.log(`\nStrings by first retainer (top ${top}): count, bytes`);
  for (const [key, row] of [...holders].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
    console.log(`  ${key.padEnd(60)} ${row.count.toLocaleString().padStart(10)} ${MB(row.bytes).padStart(10)}`);
  console.log(`\nStrings over 100 KB: size, retainer, start`);
  for (const n of big.sort((a, b) => selfOf(b) - selfOf(a)).slice(0, top)) {
    const r = firstRetainer[n]!;
    const name = strings[nodes[n * NF + nName]!] ?? '';
    console.log(`  ${MB(selfOf(n))} ${r < 0 ? '' : `${labelOf(r)} .${edgeLabel(firstEdgeTo[n]!)}`} ${JSON.stringify(name.slice(0, 80))}`);
  }
}

// (4) What the roots' direct subtrees hold, grouped by label (everything, small ones included).
{
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < count; i += 1) {
    if (i === rootPost) continue;
    // The child of the root, or of a GC-root category node (synthetic), that dominates i.
    let a = i;
    while (idom[a] !== rootPost && typeOf(order[idom[a]!]!) !== 'synthetic') a = idom[a]!;
    if (a !== i) continue;
  }
  for (let i = 0; i < count; i += 1) {
    if (i === rootPost || typeOf(order[i]!) === 'synthetic') continue;
    const d = idom[i]!;
    if (d !== rootPost && typeOf(order[d]!) !== 'synthetic') continue;
    const label = labelOf(order[i]!);
    const row = groups.get(label) ?? { count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += retained[i]!;
    groups.set(label, row);
  }
  console.log(`\nSubtrees retained from the roots themselves, by label (top ${top}): count, retained`);
  for (const [label, row] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
    console.log(`  ${label.padEnd(48)} ${row.count.toLocaleString().padStart(10)} ${MB(row.bytes).padStart(10)}`);
}

// (5) `--class NAME`: what the instances of one constructor retain, by property path (two levels).
if (values.class) {
  const wanted = values.class;
  const paths = new Map<string, { count: number; bytes: number }>();
  let instances = 0;
  let self = 0;
  const domChildren = new Map<number, number[]>();
  for (let i = 0; i < count; i += 1) {
    if (i === rootPost) continue;
    const d = idom[i]!;
    const list = domChildren.get(d);
    if (list) list.push(i);
    else domChildren.set(d, [i]);
  }
  const add = (key: string, bytes: number) => {
    const row = paths.get(key) ?? { count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += bytes;
    paths.set(key, row);
  };
  for (let i = 0; i < count; i += 1) {
    const n = order[i]!;
    if (labelOf(n) !== wanted) continue;
    instances += 1;
    self += selfOf(n);
    for (const c of domChildren.get(i) ?? []) {
      const key = `.${via(n, order[c]!).replace(/^\[\d+\]$/, '[i]')} ${labelOf(order[c]!)}`;
      add(key, retained[c]!);
      for (const g of domChildren.get(c) ?? []) add(`${key} .${via(order[c]!, order[g]!).replace(/^\[\d+\]$/, '[i]')} ${labelOf(order[g]!)}`, retained[g]!);
    }
  }
  console.log(`\n${wanted}: ${instances.toLocaleString()} instances, ${MB(self)} of their own; what each dominates, by path: count, bytes, bytes per instance`);
  for (const [key, row] of [...paths].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top * 2))
    console.log(
      `  ${key.padEnd(80)} ${row.count.toLocaleString().padStart(10)} ${MB(row.bytes).padStart(10)} ${(row.bytes / instances).toFixed(0).padStart(7)} B`,
    );
}

// (6) `--under a.b.c`: what the subtree at a property path from the root's largest holders keeps, by label (e.g. `open`).
if (values.under) {
  const name = values.under;
  const domChildren = new Map<number, number[]>();
  for (let i = 0; i < count; i += 1) {
    if (i === rootPost) continue;
    const list = domChildren.get(idom[i]!);
    if (list) list.push(i);
    else domChildren.set(idom[i]!, [i]);
  }
  // The largest node reached by an edge called `name`.
  let best = -1;
  for (let i = 0; i < count; i += 1) {
    const d = idom[i]!;
    if (d < 0 || i === rootPost) continue;
    if (via(order[d]!, order[i]!) === name && (best < 0 || retained[i]! > retained[best]!)) best = i;
  }
  if (best < 0) console.log(`\nno edge called ${name}`);
  else {
    const rows = new Map<string, { count: number; bytes: number }>();
    const walk = (i: number, path: string, depth: number) => {
      for (const c of domChildren.get(i) ?? []) {
        const key = `${path} .${via(order[i]!, order[c]!).replace(/^(\[\d+\]|\{\d+\})$/, '[i]')} ${labelOf(order[c]!)}`;
        const row = rows.get(key) ?? { count: 0, bytes: 0 };
        row.count += 1;
        row.bytes += selfOf(order[c]!);
        rows.set(key, row);
        if (depth < maxDepth) walk(c, key, depth + 1);
      }
    };
    walk(best, name, 0);
    console.log(`\n${name}: ${MB(retained[best]!)} retained; shallow sizes by path: count, bytes`);
    for (const [key, row] of [...rows].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
      console.log(`  ${key.padEnd(100)} ${row.count.toLocaleString().padStart(9)} ${MB(row.bytes).padStart(9)}`);
  }
}
