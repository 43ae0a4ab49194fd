'use client';
import { useEffect, useRef, useState } from 'react';
import { isTypingTarget, moveSelection, toShortcut } from '@/lib/client/keyboard';
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import type { PodSort } from '@/lib/model/contract';
import { hasFilters, toPodsApiPath, type PodsQuery } from '@/lib/client/pods-query';
import { usePodPage } from '@/lib/client/use-api';
import { useNow } from '@/lib/client/use-now';
import { StatePanel } from '@/components/ui/state-panel';
import { PAGE_SIZE, POD_GRID, ROW_HEIGHT, POD_COLUMNS } from './pod-columns';
import { PodRowLine, PodRowPlaceholder } from './pod-row-line';
import { SortHeader } from './sort-header';

/** The rows of one server page that are on screen; fetches that page. */
function PageRows({
  path,
  offset,
  items,
  now,
  at,
  selected,
}: {
  path: string;
  offset: number;
  items: VirtualItem[];
  now: number;
  at?: number;
  selected?: number;
}) {
  const { data } = usePodPage(path);
  return items.map((item) => {
    const row = data?.rows[item.index - offset];
    return (
      <div
        key={item.key}
        className="absolute left-0 top-0 w-full border-b border-slate-100 dark:border-slate-800"
        style={{ height: item.size, transform: `translateY(${item.start}px)` }}
      >
        {row ? <PodRowLine row={row} now={now} at={at} selected={item.index === selected} /> : <PodRowPlaceholder />}
      </div>
    );
  });
}

function groupByPage(items: VirtualItem[]): Map<number, VirtualItem[]> {
  const pages = new Map<number, VirtualItem[]>();
  for (const item of items) {
    const page = Math.floor(item.index / PAGE_SIZE);
    pages.set(page, [...(pages.get(page) ?? []), item]);
  }
  return pages;
}

/**
 * `j`/`k` move a selection through the rows (scrolled into view), `Enter` opens the selected pod.
 * The selection belongs to one list: a new filter or sort (`listKey`) starts again from none.
 */
function useRowKeys(listKey: string, total: number, scrollTo: (index: number) => void): number | undefined {
  const [selection, setSelection] = useState<{ listKey: string; index?: number }>({ listKey });
  const index = selection.listKey === listKey ? selection.index : undefined;
  const latest = useRef({ index, total, scrollTo });
  useEffect(() => {
    latest.current = { index, total, scrollTo };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const action = toShortcut({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, isTyping: isTypingTarget(focused) });
      const now = latest.current;
      if (action === 'next' || action === 'previous') {
        const next = moveSelection(now.index, action, now.total);
        if (next === undefined) return;
        event.preventDefault();
        setSelection({ listKey, index: next });
        now.scrollTo(next);
      } else if (action === 'open' && now.index !== undefined && !(focused instanceof HTMLAnchorElement || focused instanceof HTMLButtonElement)) {
        const link = document.querySelector<HTMLAnchorElement>('[data-testid="pod-row"][data-selected="true"] a');
        if (!link) return;
        event.preventDefault();
        link.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [listKey]);
  return index;
}

interface Props {
  query: PodsQuery;
  /** A past moment to list the pods of; live when absent. */
  at?: number;
  onSort: (sort: PodSort | undefined) => void;
  onClear: () => void;
}

/** The virtualised pods list: only the rows on screen are rendered, only their pages fetched. */
export function PodsList({ query, at, onSort, onClear }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const clock = useNow(10_000);
  const now = at ?? clock;
  const first = usePodPage(toPodsApiPath(query, 0, PAGE_SIZE, at));
  const total = first.data?.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const pages = groupByPage(virtualizer.getVirtualItems());
  const selected = useRowKeys(toPodsApiPath(query, 0, PAGE_SIZE), total, (index) => virtualizer.scrollToIndex(index));

  if (first.error && !first.data) {
    return (
      <StatePanel tone="error" title="Could not load pods.">
        <p>{first.error.message}</p>
      </StatePanel>
    );
  }
  return (
    <div
      role="table"
      aria-label="Pods"
      aria-rowcount={total}
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div role="rowgroup" className="border-b border-slate-200 dark:border-slate-800">
        <div role="row" className={`${POD_GRID} py-2 text-xs font-medium text-slate-600 dark:text-slate-400`}>
          {POD_COLUMNS.map((column) => (
            <SortHeader key={column.label} column={column} current={query.sort} onSort={onSort} />
          ))}
        </div>
      </div>
      <p className="px-3 py-1 text-xs text-slate-500" data-testid="pods-total" aria-live="polite">
        {first.data ? `${total.toLocaleString('en-US')} pod${total === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      {first.data && total === 0 ? (
        <div className="p-3">
          <StatePanel tone="empty" title={hasFilters(query) ? 'No pod matches these filters.' : 'No pods in the watched namespaces yet.'}>
            {hasFilters(query) && (
              <button type="button" onClick={onClear} className="underline">
                Clear the filters
              </button>
            )}
          </StatePanel>
        </div>
      ) : (
        <div ref={scrollRef} data-testid="pods-scroll" className="max-h-[calc(100vh-19rem)] min-h-11 overflow-auto" tabIndex={0} aria-label="Pod rows">
          <div role="rowgroup" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {[...pages.entries()].map(([page, items]) => (
              <PageRows
                key={page}
                path={toPodsApiPath(query, page * PAGE_SIZE, PAGE_SIZE, at)}
                offset={page * PAGE_SIZE}
                items={items}
                now={now}
                at={at}
                selected={selected}
              />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
