import { expect, test } from '@playwright/test';
import { snapshot, trpcQuery, waitForIdle } from './api.ts';

interface Overview {
  counts: Record<string, number>;
  total: number;
  inFlight: number;
  failed: number;
  successRate: number | null;
}

test.beforeAll(async ({ request }) => {
  await waitForIdle(request);
});

test('select all matching a filter, preview, confirm, and follow the operation to the end', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/?status=completed');
  const matching = await trpcQuery<number>(request, 'conversations.countMatching', {
    statuses: ['completed'],
  });
  await page.getByRole('button', { name: `Select all ${matching} matching this filter` }).click();
  await expect(page.getByTestId('selection-count')).toHaveText(
    `All ${matching} matching conversations selected`,
  );
  // Leave one out: the selection is "all matching except these", never a list of ids.
  await page.getByTestId('conversation-row').first().getByRole('checkbox').click();
  await expect(page.getByTestId('selection-count')).toHaveText(
    `All ${matching - 1} matching conversations selected`,
  );

  await page.getByRole('button', { name: 'Re-validate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Re-validate: preview' });
  await expect(dialog.getByTestId('preview-will-apply')).toHaveText(String(matching - 1));
  await snapshot(page, testInfo, 'bulk-preview');
  await dialog.getByRole('button', { name: 'Confirm re-validate' }).click();

  await expect(page).toHaveURL(/\/bulk\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('bulk-state')).toHaveText('done', { timeout: 30_000 });
  await expect(page.getByTestId('bulk-processed')).toHaveText(`${matching - 1} of ${matching - 1}`);
  await expect(page.getByTestId('bulk-queued')).toHaveText(String(matching - 1));
  await expect(page.getByRole('progressbar', { name: 'Bulk operation progress' })).toHaveAttribute(
    'aria-valuenow',
    String(matching - 1),
  );
  await snapshot(page, testInfo, 'bulk-done');

  // The view survives a reload, and the operation is listed.
  await page.reload();
  await expect(page.getByTestId('bulk-state')).toHaveText('done');
  await page.getByRole('link', { name: '← Bulk operations' }).click();
  await expect(
    page.getByRole('table').getByRole('link', { name: 'Re-validate' }).first(),
  ).toBeVisible();
  await waitForIdle(request);
});

test('failure clusters: one click filters the table, one more bulk-retries the cluster', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/overview');
  const clusters = page.getByRole('table', { name: 'Failure clusters' });
  await expect(clusters).toBeVisible();
  const firstCluster = clusters.locator('tbody tr').first();
  const code = (await firstCluster.locator('th code').textContent())!;
  const count = Number((await firstCluster.locator('td').first().textContent())!.replace(/,/g, ''));
  await snapshot(page, testInfo, 'overview');

  await firstCluster.getByRole('link', { name: `Show ${count}` }).click();
  await expect(page).toHaveURL(new RegExp(`rule=${code}`));
  await expect(page.getByTestId('matching-count')).toHaveText(new RegExp(`^${count} matching`));
  for (const row of await page.getByTestId('conversation-row').all())
    await expect(row).toContainText(code);

  await page.goBack();
  await page
    .getByRole('table', { name: 'Failure clusters' })
    .locator('tbody tr')
    .first()
    .getByRole('button', { name: 'Retry all' })
    .click();
  await expect(page).toHaveURL(/\/bulk\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('bulk-state')).toHaveText('done', { timeout: 30_000 });
  await expect(page.getByTestId('bulk-queued')).toHaveText(String(count));
  await waitForIdle(request);
});

test('the overview shows the same numbers as the API', async ({ page, request }) => {
  await waitForIdle(request);
  const api = await trpcQuery<Overview>(request, 'stats.overview');
  await page.goto('/overview');
  await expect(page.getByTestId('overview-total')).toHaveText(api.total.toLocaleString('en-US'));
  await expect(page.getByTestId('overview-failed')).toHaveText(api.failed.toLocaleString('en-US'));
  await expect(page.getByTestId('overview-in-flight')).toHaveText(String(api.inFlight));
  await expect(page.getByTestId('overview-success-rate')).toHaveText(
    `${((api.successRate ?? 0) * 100).toFixed(1)}%`,
  );
  for (const [status, count] of Object.entries(api.counts)) {
    await expect(page.getByTestId(`overview-count-${status}`)).toHaveText(
      count.toLocaleString('en-US'),
    );
  }
});
