import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { type StatusCountsResponse, trpcQuery } from './api.ts';

const screenshotPath = fileURLToPath(new URL('../screenshots/dashboard.png', import.meta.url));

test('the conversations page lists demo conversations with status badges', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(50);
  await expect(rows.first().locator('.badge')).toBeVisible();
  await page.screenshot({ path: screenshotPath });
  await testInfo.attach('dashboard', { path: screenshotPath, contentType: 'image/png' });

  // Keyset "load more" appends the next page without repeating rows.
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(100);
});

test('the status counts on the page equal the API counts', async ({ page, request }) => {
  await page.goto('/');
  const counts = page.getByRole('list', { name: 'Conversations by status' });
  await expect(counts).toBeVisible();
  // Workers may be moving rows between statuses: retry until the page and the API agree.
  await expect(async () => {
    const api = await trpcQuery<StatusCountsResponse>(request, 'conversations.counts');
    await page.reload();
    for (const { status, count } of api.statuses) {
      await expect(page.getByTestId(`count-${status}`)).toHaveText(count.toLocaleString('en-US'), {
        timeout: 2_000,
      });
    }
    expect(api.total).toBeGreaterThanOrEqual(300);
  }).toPass({ timeout: 45_000 });
});

test('a status filter lives in the URL and survives the back button', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /Queued/ }).click();
  await expect(page).toHaveURL(/status=queued/);
  await page.goBack();
  await expect(page).not.toHaveURL(/status=/);
});
