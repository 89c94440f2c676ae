import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { largeDatabaseUrl } from '../playwright.config.ts';
import { snapshot, trpcQuery } from './api.ts';

/**
 * The dashboard over 100,000 conversations on PostgreSQL: what each view shows, checked
 * against the database (timings are the benchmarks' business, not this test's).
 */
const ROWS = 100_000;
let failedWithPersona = 0;
let personaId = '';
let personaName = '';

test.beforeAll(async () => {
  const sql = postgres(largeDatabaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const [owner] = await sql`select id from users order by created_at limit 1`;
    const personas = await sql`select id, name from personas order by persona_key`;
    const arcs = await sql`select id from emotional_arcs order by arc_key`;
    const topics = await sql`select id from training_topics order by topic_key`;
    personaId = personas[0]!.id;
    personaName = personas[0]!.name;
    await sql`
      insert into conversations (owner_id, persona_id, emotional_arc_id, training_topic_id, title,
        search_text, enrichment_status, failing_rule_codes, validation_report, created_at, updated_at)
      select ${owner!.id}::uuid,
        (${sql.array(personas.map((p) => p.id))}::uuid[])[1 + g % ${personas.length}],
        (${sql.array(arcs.map((a) => a.id))}::uuid[])[1 + g % ${arcs.length}],
        (${sql.array(topics.map((t) => t.id))}::uuid[])[1 + g % ${topics.length}],
        'Bulk-loaded conversation ' || g, 'bulk-loaded conversation ' || g,
        case when g % 10 = 0 then 'validation_failed' else 'completed' end,
        case when g % 10 = 0 then array['MISSING_CONTENT'] else '{}'::text[] end,
        case when g % 10 = 0 then jsonb_build_object('isValid', false, 'summary', 'Invalid: 1 blocker',
          'blockers', jsonb_build_array(jsonb_build_object('code', 'MISSING_CONTENT', 'field', 'turns[1].content',
          'message', 'Turn 2 has blank content.', 'severity', 'blocker', 'suggestion', 'Give the turn content.')),
          'warnings', '[]'::jsonb) end,
        timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01' + g * interval '1 minute'
      from generate_series(1, ${ROWS}) g`;
    await sql`analyze conversations`;
    const [row] = await sql`select count(*)::int as n from conversations
      where enrichment_status = 'validation_failed' and persona_id = ${personaId}`;
    failedWithPersona = row!.n;
  } finally {
    await sql.end();
  }
});

test.beforeEach(async ({ page }) => {
  const signedIn = await page.request.post('/api/auth/login', {
    data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD },
  });
  expect(signedIn.ok()).toBe(true);
});

test('the first page of 100,000 conversations', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('matching-count')).toHaveText('100,000 in total');
  await expect(page.getByTestId('count-completed')).toHaveText('90,000');
  await expect(page.getByTestId('count-validation_failed')).toHaveText('10,000');
  // Newest first: the last one inserted.
  await expect(page.getByTestId('conversation-row').first()).toContainText(
    `Bulk-loaded conversation ${ROWS}`,
  );
  await snapshot(page, testInfo, 'large-first-page');
});

test('a filtered page: failed conversations of one persona', async ({ page }) => {
  await page.goto(`/?status=validation_failed&persona=${personaId}`);
  await expect(page.getByTestId('matching-count')).toHaveText(
    `${failedWithPersona.toLocaleString('en-US')} matching`,
  );
  const rows = page.getByTestId('conversation-row');
  await expect(rows.first()).toBeVisible();
  for (const row of (await rows.all()).slice(0, 10)) {
    await expect(row).toContainText('Validation failed');
    await expect(row).toContainText(personaName);
  }
  const api = await trpcQuery<number>(page.request, 'conversations.countMatching', {
    statuses: ['validation_failed'],
    personaId,
  });
  expect(api).toBe(failedWithPersona);
});

test('the overview at 100,000 conversations', async ({ page }, testInfo) => {
  await page.goto('/overview');
  await expect(page.getByTestId('overview-total')).toHaveText('100,000');
  await expect(page.getByTestId('overview-failed')).toHaveText('10,000');
  await expect(page.getByTestId('overview-success-rate')).toHaveText('90.0%');
  const cluster = page.getByTestId('cluster-MISSING_CONTENT');
  await expect(cluster).toContainText('10,000');
  await expect(cluster).toContainText('Turn 2 has blank content.');
  await snapshot(page, testInfo, 'large-overview');
});
