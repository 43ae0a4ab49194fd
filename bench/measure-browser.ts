/**
 * The pods list in headless Chromium against a production build (`sidecarscope serve` on the
 * churn sim of N pods in a process of its own, changing 10 pods a second as `demo --churn` does):
 * time from navigation start until the rows are shown and the main thread answers (a frame, then a
 * task) on the first visit (cold server), then on {@link VISITS} more, each in a fresh browser
 * context (nothing cached), reported as median and worst; and a 3 s scroll trace's dropped frames
 * (frame gaps beyond one 16.7 ms frame) on the last visit's page.
 *
 * Both times are taken in the page ({@link IN_PAGE}: the first row's insertion, seen by a
 * MutationObserver, and the task after the next frame), not by the harness, whose polling and round
 * trips through a busy browser added 100-400 ms to each visit; the harness's figures are kept beside
 * them (`harnessVisitsMs`).
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { startRemoteChurnSim } from './remote-sim';
import { buildOnce, startServe } from './serve-process';
import { percentile } from './stats';

/** Measured visits after the cold one; the target is on their median and worst. */
export const VISITS = 5;

export interface BrowserResult {
  pods: number;
  /** First visit after the server started (route modules loaded on demand). */
  coldInteractiveMs: number;
  /** Median of the measured visits. */
  interactiveMs: number;
  worstInteractiveMs: number;
  /** Each measured visit's interactive time, in order. */
  visitsMs: number[];
  /** Each measured visit as the harness saw it (its polling and round trips included), in order. */
  harnessVisitsMs: number[];
  /** Median of the measured visits. */
  firstRowMs: number;
  frames: number;
  droppedFrames: number;
  error?: string;
}

const SCROLL_TRACE = `new Promise((resolve) => {
  const box = document.querySelector('[data-testid="pods-scroll"]');
  const gaps = [];
  let last = performance.now();
  const start = last;
  const step = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    box.scrollTop += 240;
    if (now - start < 3000) requestAnimationFrame(step);
    else resolve({ frames: gaps.length, dropped: gaps.reduce((n, g) => n + Math.max(0, Math.round(g / 16.7) - 1), 0) });
  };
  requestAnimationFrame(step);
})`;

/**
 * Run in the page before its own scripts: when the first pod row is inserted, the time, then the
 * time of the first task after the next frame (the main thread answering).
 */
const IN_PAGE = `(() => {
  const times = (window.__sidecarscopeBench = {});
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="pod-row"]')) return;
    observer.disconnect();
    times.firstRow = performance.now();
    requestAnimationFrame(() => setTimeout(() => (times.interactive = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface Visit {
  firstRowMs: number;
  interactiveMs: number;
  /** The same visit as the harness saw it: its own wait for the row, then a frame and a task, over its round trips. */
  harnessMs: number;
}

async function visit(page: Page, url: string): Promise<Visit> {
  await page.addInitScript(IN_PAGE);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid="pod-row"]', { timeout: 120_000 });
  await page.evaluate('performance.now()');
  const harnessMs = (await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()))))')) as number;
  await page.waitForFunction('window.__sidecarscopeBench.interactive !== undefined', undefined, { timeout: 120_000 });
  const times = (await page.evaluate('window.__sidecarscopeBench')) as { firstRow: number; interactive: number };
  return { firstRowMs: times.firstRow, interactiveMs: times.interactive, harnessMs };
}

/** Cold visit, then {@link VISITS} measured visits, each in a fresh page, then the scroll trace. */
export async function measureBrowserAt(pods: number, baseUrl: string, visits = VISITS): Promise<BrowserResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const fresh = async () => {
    for (const context of browser.contexts()) await context.close();
    return browser.newPage({ viewport: { width: 1400, height: 900 } });
  };
  try {
    const cold = await visit(await fresh(), `${baseUrl}/pods`);
    const measured: Visit[] = [];
    let page = await fresh();
    for (let i = 0; i < visits; i += 1) {
      if (i > 0) page = await fresh();
      measured.push(await visit(page, `${baseUrl}/pods`));
    }
    const trace = (await page.evaluate(SCROLL_TRACE)) as { frames: number; dropped: number };
    const visitsMs = measured.map((m) => m.interactiveMs);
    return {
      pods,
      coldInteractiveMs: cold.interactiveMs,
      interactiveMs: percentile(visitsMs, 50),
      worstInteractiveMs: Math.max(...visitsMs),
      visitsMs,
      harnessVisitsMs: measured.map((m) => m.harnessMs),
      firstRowMs: percentile(
        measured.map((m) => m.firstRowMs),
        50,
      ),
      frames: trace.frames,
      droppedFrames: trace.dropped,
    };
  } catch (error) {
    return notMeasured(pods, error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  } finally {
    await browser.close();
  }
}

/** A result with no figures, saying why. */
function notMeasured(pods: number, error: string): BrowserResult {
  return {
    pods,
    coldInteractiveMs: NaN,
    interactiveMs: NaN,
    worstInteractiveMs: NaN,
    visitsMs: [],
    harnessVisitsMs: [],
    firstRowMs: NaN,
    frames: 0,
    droppedFrames: 0,
    error,
  };
}

export async function measureBrowser(pods: number, port: number): Promise<BrowserResult> {
  // The RSS figure's standalone build (or none at all) is not `serve`'s: build it (not timed).
  await buildOnce('cli');
  if (!existsSync('.next/BUILD_ID')) return notMeasured(pods, 'no production build (.next)');
  const sim = await startRemoteChurnSim(pods, 10);
  try {
    const server = await startServe(sim.kubeconfigPath, port);
    try {
      return await measureBrowserAt(pods, server.url);
    } finally {
      await server.stop();
    }
  } finally {
    await sim.close();
  }
}
