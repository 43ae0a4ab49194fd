/**
 * A function of a text, remembered for the texts read lately: pods repeat their texts (a template's
 * quantities, the times of pods created together), and parsing each again is most of the cost.
 * Cleared when full: a bound, not an LRU (a miss costs one parse; an LRU's bookkeeping costs every hit).
 * `undefined` results are remembered too.
 */
export function boundedMemo<T>(compute: (text: string) => T, max: number): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    const value = known.get(text);
    if (value !== undefined || known.has(text)) return value as T;
    const computed = compute(text);
    if (known.size >= max) known.clear();
    known.set(text, computed);
    return computed;
  };
}
