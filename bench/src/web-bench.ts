import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { ADMIN } from './dashboard-bench.ts';
import { spread } from './stats.ts';

const DIST = fileURLToPath(new URL('../../apps/web/dist/assets', import.meta.url));

export function dashboardBundleSize() {
  const files = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  const raw = files.reduce((n, f) => n + readFileSync(join(DIST, f)).length, 0);
  const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
  return { files: files.length, rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
}

/** Navigation to the first table row, signed in, in Debian's Chromium (fresh page each run). */
export async function timeToFirstRow(base: string, runs: number) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext();
  const signedIn = await context.request.post(`${base}/api/auth/login`, { data: ADMIN });
  if (!signedIn.ok()) throw new Error('bench sign-in failed');
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(base);
    await page.getByTestId('conversation-row').first().waitFor({ state: 'visible' });
    // The first load warms the server's caches; it is not counted.
    if (i > 0) times.push(performance.now() - started);
    await page.close();
  }
  await browser.close();
  return spread(times);
}
