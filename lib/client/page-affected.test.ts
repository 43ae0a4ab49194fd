import { describe, expect, it } from 'vitest';
import { aPodRow } from '@/lib/model/testing/view-builders';
import type { PodPage } from '@/lib/model/views';
import { isPageAffected } from './page-affected';

const page = (...uids: string[]): PodPage => ({ total: 100, offset: 0, limit: 100, rows: uids.map((uid) => ({ ...aPodRow(), uid })) });
const changes = (changed: string[], listChanged = false) => ({ changed, listChanged });

describe('whether a list page is affected by a stream batch', () => {
  it('is affected when a pod it shows changed, and not by a pod it does not show', () => {
    const shown = page('a', 'b');
    expect(isPageAffected('/api/pods?offset=0&limit=100', shown, changes(['b']))).toBe(true);
    expect(isPageAffected('/api/pods?offset=0&limit=100', shown, changes(['z']))).toBe(false);
  });

  it('is affected whenever pods joined or left the list: positions and the total shift', () => {
    expect(isPageAffected('/api/pods?offset=0&limit=100', page('a'), changes([], true))).toBe(true);
  });

  it('is affected by any change when sorted or filtered by something that changes', () => {
    for (const query of ['sort=status', 'sort=-restarts', 'sort=-findings', 'severity=critical', 'finding=sidecar-oomkilled', 'q=crash']) {
      expect(isPageAffected(`/api/pods?${query}&offset=0&limit=100`, page('a'), changes(['z'])), query).toBe(true);
    }
    for (const query of ['sort=name', 'sort=-age', 'namespace=mesh', 'kind=native-sidecar', 'workload=Deployment/web']) {
      expect(isPageAffected(`/api/pods?${query}&offset=0&limit=100`, page('a'), changes(['z'])), query).toBe(false);
    }
  });

  it('refetches a page not loaded yet, and never a page of a past moment', () => {
    expect(isPageAffected('/api/pods?offset=0&limit=100', undefined, changes(['z']))).toBe(true);
    expect(isPageAffected('/api/pods?offset=0&limit=100&at=2026-01-01T00%3A00%3A00.000Z', page('z'), changes(['z'], true))).toBe(false);
  });

  it('is not affected by a batch that changed nothing', () => {
    expect(isPageAffected('/api/pods?offset=0&limit=100', undefined, changes([]))).toBe(false);
  });
});
