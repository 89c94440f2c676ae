import { expect, test } from '@playwright/test';
import { snapshot, trpcQuery, waitForIdle } from './api.ts';

interface VersionRow {
  id: string;
  version: number;
  state: string;
}

test.beforeAll(async ({ request }) => {
  // The bulk test re-validated most completed conversations: enrich them again, so there is
  // training data to export.
  await waitForIdle(request);
  const response = await request.post('/trpc/bulk.create', {
    headers: { 'content-type': 'application/json', 'x-refinery-csrf': '1' },
    data: {
      action: 'enrich',
      selection: { filter: { statuses: ['validated'] }, all: true, include: [], exclude: [] },
      idempotencyKey: 'e2e-export-re-enrich',
    },
  });
  expect(response.ok()).toBe(true);
  await new Promise((r) => setTimeout(r, 1_500));
  await waitForIdle(request);
});

test('export a selection as chat-format JSONL: progress, download, manifest', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/?status=completed');
  const matching = await trpcQuery<number>(request, 'conversations.countMatching', {
    statuses: ['completed'],
  });
  expect(matching).toBeGreaterThan(0);
  await page.getByRole('button', { name: `Select all ${matching} matching this filter` }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export training data' });
  await expect(dialog.getByTestId('export-exportable')).toContainText(`${matching} completed`);
  await dialog.getByRole('radio', { name: /Chat format for fine-tuning/ }).check();
  await dialog.getByRole('button', { name: 'Start export' }).click();
  await expect(dialog.getByTestId('export-done')).toBeVisible({ timeout: 30_000 });
  await snapshot(page, testInfo, 'export-done');

  const href = await dialog.getByRole('link', { name: 'Download JSONL' }).getAttribute('href');
  const file = await request.get(href!);
  expect(file.headers()['content-disposition']).toMatch(/attachment/);
  const lines = (await file.text()).trimEnd().split('\n');
  for (const line of lines) {
    const roles = (JSON.parse(line) as { messages: { role: string }[] }).messages.map(
      (m) => m.role,
    );
    expect(roles[0]).toBe('system');
    expect(roles.at(-1)).toBe('assistant');
  }
  const manifestHref = await dialog.getByRole('link', { name: 'Manifest' }).getAttribute('href');
  const manifest = (await (await request.get(manifestHref!)).json()) as {
    count: number;
    lines: number;
    format: string;
  };
  expect(manifest).toMatchObject({ count: matching, lines: lines.length, format: 'chat' });

  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Exports' }).click();
  await expect(page.getByRole('article').first()).toContainText('Chat format');
  await expect(page.getByRole('article').first().getByTestId('export-done')).toBeVisible();
});

test('draft a stricter rule set and preview its impact before activating', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'New draft from v1' }).click();
  // The new draft opens in the editor once it is created.
  await expect(page.getByRole('heading', { name: /^Version \d+ · draft$/ })).toBeVisible();
  const versions = await trpcQuery<VersionRow[]>(request, 'config.ruleSets.list');
  const draft = versions.find((v) => v.state === 'draft')!;
  await expect(
    page.getByRole('heading', { name: `Version ${draft.version} · draft` }),
  ).toBeVisible();
  await page.getByLabel('Fewest turns (INSUFFICIENT_TURNS below)').fill('6');
  await page.getByLabel('Severity of TRUNCATED_CONTENT').selectOption('warning');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();

  await page.getByLabel('Re-validate').selectOption('all');
  await page.getByRole('button', { name: 'Preview impact' }).click();
  await expect(page.getByTestId('impact-result')).toBeVisible({ timeout: 30_000 });
  const detail = await trpcQuery<{
    latestPreview: { result: { newlyFailing: number; newlyPassing: number } };
  }>(request, 'config.ruleSets.get', { id: draft.id });
  const { newlyFailing, newlyPassing } = detail.latestPreview.result;
  expect(newlyFailing).toBeGreaterThan(0);
  await expect(page.getByTestId('newly-failing')).toHaveText(newlyFailing.toLocaleString('en-US'));
  await expect(page.getByTestId('newly-passing')).toHaveText(newlyPassing.toLocaleString('en-US'));
  await expect(
    page.getByTestId('impact-result').getByRole('row', { name: /INSUFFICIENT_TURNS/ }),
  ).toBeVisible();
  await snapshot(page, testInfo, 'rule-set-impact');
  // Still a draft: the preview changed nothing.
  const after = await trpcQuery<VersionRow[]>(request, 'config.ruleSets.list');
  expect(after.find((v) => v.id === draft.id)!.state).toBe('draft');
});

test('register a webhook: the secret is shown once, then it can be paused and deleted', async ({
  page,
}) => {
  await page.goto('/settings?tab=webhooks');
  await page.getByLabel('Receiver URL').fill('http://127.0.0.1:9/hooks/refinery');
  await page.getByRole('checkbox', { name: 'Conversation failed' }).check();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
  const hook = page.getByRole('article', { name: 'Webhook http://127.0.0.1:9/hooks/refinery' });
  await expect(hook).toContainText('conversation.completed, conversation.failed');
  await hook.getByRole('button', { name: 'Pause' }).click();
  await expect(hook).toContainText('paused');
  await hook.getByRole('button', { name: 'Delete' }).click();
  await expect(hook).toHaveCount(0);
});
