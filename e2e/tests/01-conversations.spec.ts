import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  type ListResponse,
  type StatusCountsResponse,
  snapshot,
  trpcQuery,
  waitForIdle,
} from './api.ts';

const readmeScreenshot = fileURLToPath(new URL('../screenshots/dashboard.png', import.meta.url));

test.beforeAll(async ({ request }) => {
  await waitForIdle(request);
});

test('the conversations page lists demo conversations with status badges', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().locator('.badge')).toBeVisible();
  await expect(page.getByTestId('matching-count')).toHaveText(/^300 in total/);
  await page.screenshot({ path: readmeScreenshot });
  await testInfo.attach('dashboard', { path: readmeScreenshot, contentType: 'image/png' });
});

test('the status counts on the page equal the API counts', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Conversations by status' })).toBeVisible();
  const api = await trpcQuery<StatusCountsResponse>(request, 'conversations.counts');
  for (const { status, count } of api.statuses) {
    await expect(page.getByTestId(`count-${status}`)).toHaveText(count.toLocaleString('en-US'));
  }
  expect(api.total).toBeGreaterThanOrEqual(300);
});

test('filters live in the URL: a shared link reproduces the view and Back undoes a filter', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/?status=validation_failed');
  const api = await trpcQuery<number>(request, 'conversations.countMatching', {
    statuses: ['validation_failed'],
  });
  await expect(page.getByTestId('matching-count')).toHaveText(new RegExp(`^${api} matching`));
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  for (const badge of await rows.locator('.badge').all())
    await expect(badge).toHaveText('Validation failed');

  await page.getByRole('searchbox', { name: 'Search' }).fill('zzz-no-such-thing');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=zzz-no-such-thing/);
  await expect(page.getByText('No conversations match these filters.')).toBeVisible();
  await page.goBack();
  await expect(page).not.toHaveURL(/q=/);
  await expect(rows.first()).toBeVisible();

  await page.getByLabel('Sort').selectOption('created_asc');
  await expect(page).toHaveURL(/sort=created_asc/);
  await snapshot(page, testInfo, 'filtered');
});

test('the table scrolls through every row (virtualized) and works from the keyboard', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const first = page.getByTestId('conversation-row').first();
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focused = page.locator('[data-testid="conversation-row"]:focus');
  await expect(focused).toHaveAttribute('data-index', '2');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
  await page.keyboard.press('End');
  await expect(page.locator('[data-testid="conversation-row"]:focus')).toBeVisible();
  // Reaching the end loads the next pages until all 300 are there.
  const total = (await trpcQuery<StatusCountsResponse>(request, 'conversations.counts')).total;
  await expect(async () => {
    await page.keyboard.press('End');
    await expect(page.getByRole('button', { name: /Select loaded rows \((\d+)\)/ })).toHaveText(
      `Select loaded rows (${total})`,
      { timeout: 1000 },
    );
  }).toPass({ timeout: 20_000 });
  await page.locator('[data-testid="conversation-row"]:focus').press('Enter');
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
});

test('works on a narrow window', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 420, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('conversation-row').first()).toBeVisible();
  const list = await page.request.get('/trpc/conversations.list?input=%7B%22limit%22%3A1%7D');
  const item = ((await list.json()) as { result: { data: ListResponse } }).result.data.items[0]!;
  await expect(page.getByText(item.title).first()).toBeVisible();
  await snapshot(page, testInfo, 'narrow');
});

test('signing out ends the session: pages send you back to the login page', async ({ browser }) => {
  // A separate context, so the shared session used by the other tests stays signed in.
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/login\?next=%2Foverview/);
  expect((await page.request.get('/trpc/conversations.counts')).status()).toBe(401);
  await context.close();
});
