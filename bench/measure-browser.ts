/**
 * The pods list in headless Chromium against a production build (`sidecarscope serve` on the
 * churn sim of N pods in a process of its own, changing 10 pods a second as `demo --churn` does):
 * time from navigation start until the rows are shown and the main thread answers (a frame, then a
 * task) on the first visit (cold server) and on a second one, and a 3 s scroll trace's dropped
 * frames (frame gaps beyond one 16.7 ms frame).
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { startRemoteChurnSim } from './remote-sim';
import { startServe } from './serve-process';

export interface BrowserResult {
  pods: number;
  /** First visit after the server started (route modules loaded on demand). */
  coldInteractiveMs: number;
  interactiveMs: number;
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

async function visit(page: Page, url: string): Promise<{ firstRowMs: number; interactiveMs: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid="pod-row"]', { timeout: 120_000 });
  const firstRowMs = (await page.evaluate('performance.now()')) as number;
  const interactiveMs = (await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()))))')) as number;
  return { firstRowMs, interactiveMs };
}

/** Cold visit, then a second (measured) visit in a fresh page, then the scroll trace. */
export async function measureBrowserAt(pods: number, baseUrl: string): Promise<BrowserResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const cold = await visit(await browser.newPage({ viewport: { width: 1400, height: 900 } }), `${baseUrl}/pods`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const warm = await visit(page, `${baseUrl}/pods`);
    const trace = (await page.evaluate(SCROLL_TRACE)) as { frames: number; dropped: number };
    return { pods, coldInteractiveMs: cold.interactiveMs, ...warm, frames: trace.frames, droppedFrames: trace.dropped };
  } catch (error) {
    return {
      pods,
      coldInteractiveMs: NaN,
      interactiveMs: NaN,
      firstRowMs: NaN,
      frames: 0,
      droppedFrames: 0,
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  } finally {
    await browser.close();
  }
}

export async function measureBrowser(pods: number, port: number): Promise<BrowserResult> {
  if (!existsSync('.next/BUILD_ID'))
    return { pods, coldInteractiveMs: NaN, interactiveMs: NaN, firstRowMs: NaN, frames: 0, droppedFrames: 0, error: 'no production build (.next)' };
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
