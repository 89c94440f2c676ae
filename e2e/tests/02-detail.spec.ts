import { expect, test } from '@playwright/test';
import { firstWithStatus, snapshot, waitForIdle } from './api.ts';

test.beforeAll(async ({ request }) => {
  await waitForIdle(request);
});

test('a failed conversation shows its report, its timeline and its failing field in the raw JSON', async ({
  page,
  request,
}, testInfo) => {
  const failed = await firstWithStatus(request, 'validation_failed');
  await page.goto(`/conversations/${failed.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(failed.title);
  await expect(page.locator('.detail-meta .badge')).toHaveText('Validation failed');
  await expect(page.getByTestId('report-summary')).toContainText('Invalid');
  const blockers = page.getByRole('region', { name: 'Blockers' });
  await expect(blockers.getByText(failed.failingRuleCodes[0]!).first()).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Run 1' });
  await expect(timeline.getByText('fetch')).toBeVisible();

  const raw = page.getByRole('figure', { name: 'Raw conversation' });
  await expect(raw).toBeVisible();
  await expect(raw.locator('.j-mark').first()).toContainText(failed.failingRuleCodes[0]!);
  await expect(page.getByRole('link', { name: /Download raw/ })).toHaveAttribute(
    'href',
    `/api/conversations/${failed.id}/download/raw`,
  );
  await snapshot(page, testInfo, 'detail-failed');
});

test('a completed conversation shows the enriched JSON and raw beside it', async ({
  page,
  request,
}, testInfo) => {
  const done = await firstWithStatus(request, 'completed');
  await page.goto(`/conversations/${done.id}`);
  await page.getByRole('tab', { name: 'Enriched' }).click();
  const enriched = page.getByRole('figure', { name: 'Enriched conversation' });
  await expect(enriched.getByText(`"fp_conversation_${done.id}"`)).toBeVisible();
  await page.getByRole('tab', { name: 'Side by side' }).click();
  await expect(page.getByRole('figure', { name: 'Raw conversation' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Enriched conversation' })).toBeVisible();
  const download = await page.request.get(`/api/conversations/${done.id}/download/enriched`);
  expect(download.ok()).toBe(true);
  await snapshot(page, testInfo, 'detail-side-by-side');
});

test('retry is one click and the page follows the run to its end', async ({ page, request }) => {
  const failed = await firstWithStatus(request, 'validation_failed');
  await page.goto(`/conversations/${failed.id}`);
  await expect(page.getByRole('region', { name: 'Run 1' })).toBeVisible();
  await page.getByRole('button', { name: 'Retry' }).click();
  // A second run appears and ends; the demo blocker is still there, so it fails again.
  await expect(page.getByRole('region', { name: 'Run 2' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Run 2' }).locator('h3 .badge')).toHaveText(
    'failed',
  );
  await expect(page.locator('.detail-meta .badge')).toHaveText('Validation failed');
});

test('force re-enrich of a completed conversation asks first, then re-runs it', async ({
  page,
  request,
}) => {
  const done = await firstWithStatus(request, 'completed');
  await page.goto(`/conversations/${done.id}`);
  await page.getByRole('button', { name: 'Force re-enrich…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Force re-enrich?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Run 2' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Force re-enrich…' }).click();
  await dialog.getByRole('button', { name: 'Re-enrich' }).click();
  await expect(page.getByRole('region', { name: 'Run 2' }).locator('h3 .badge')).toHaveText(
    'completed',
  );
  await expect(page.locator('.detail-meta .badge')).toHaveText('Completed');
});
