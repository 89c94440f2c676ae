import { expect, test as setup } from '@playwright/test';
import { authStatePath } from '../playwright.config.ts';

setup('sign in through the login page', async ({ page }) => {
  await page.goto('/');
  // Signed out, every page sends you to the login page.
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');

  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
  await expect(page.getByText(`${process.env.E2E_ADMIN_EMAIL} · admin`)).toBeVisible();
  await page.context().storageState({ path: authStatePath });
});
