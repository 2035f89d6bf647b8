// The Compare view: does the new policy grant anything the old one didn't? Opened on a first visit it answers its
// example at once (new access, with the requests the simulator checked and both answers), answers "no new access"
// the other way round, keeps the texts over a reload, and starts from a policy of the workspace.
//
// Sources: the IAM User Guide, "Policy evaluation logic" (an identity-based policy allows only what one of its
// statements allows, so a policy that adds s3:PutObject, or widens `logs/app/*` to `logs/*`, allows requests the old
// one denies, and a policy compared with itself allows nothing new); IAM Access Analyzer's CheckNoNewAccess (the
// check this view answers offline).
import { test, expect } from '@playwright/test';
import { watchErrors, firstVisit } from './support.mjs';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

test('the example answers new access with checked requests, and no new access the other way round', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.getByTestId('compare-open').click();
  const verdict = page.getByTestId('compare-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'new access', { timeout: 15_000 });
  await expect(verdict).toContainText('new access');
  // s3:PutObject is allowed by the new text only: the request is shown with both answers.
  const put = page.locator('[data-testid="compare-counterexample"][data-action="s3:PutObject"]');
  await expect(put.first()).toBeVisible();
  await expect(put.first()).toContainText('New policy: Allow');
  await expect(put.first()).toContainText('Old policy: Implicit deny');
  // Each side's statements can be read.
  await put.first().getByText('Statement by statement').first().click();
  await expect(put.first().getByTestId('statement').first()).toBeVisible();
  await expect(page.getByTestId('compare-diff')).toContainText('PutObject');
  await page.screenshot({ path: `${artifacts}compare-new-access.png`, fullPage: true });

  // The other way round nothing is new.
  await page.getByRole('button', { name: 'Swap old and new' }).click();
  await expect(page.getByTestId('compare-stale')).toBeVisible();
  await page.getByTestId('compare-run').click();
  await expect(verdict).toHaveAttribute('data-verdict', 'no new access', { timeout: 15_000 });
  await expect(page.getByTestId('compare-counterexample')).toHaveCount(0);
  await expect(page.getByTestId('compare-stale')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the texts survive a reload, and a workspace policy compared with itself grants nothing new', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.getByTestId('compare-open').click();
  const old = page.getByTestId('compare-old');
  const mine = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}';
  await old.fill(mine);
  await page.reload();
  await page.getByTestId('compare-open').click();
  await expect(page.getByTestId('compare-old')).toHaveValue(mine);

  // Both sides from the first policy of the loaded example: the same text, so no new access.
  const first = page.locator('#compare-old-copy option').nth(1);
  const value = await first.getAttribute('value');
  await page.locator('#compare-old-copy').selectOption(value);
  await page.locator('#compare-new-copy').selectOption(value);
  await expect(page.getByTestId('compare-old')).not.toHaveValue(mine);
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-verdict')).toHaveAttribute('data-verdict', 'no new access', { timeout: 15_000 });
  expect(errors).toEqual([]);
});

test('a policy that does not read is answered unknown with its problem located, never "no new access"', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.getByTestId('compare-open').click();
  await expect(page.getByTestId('compare-verdict')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('compare-new').fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-verdict')).toHaveAttribute('data-verdict', 'unknown', { timeout: 15_000 });
  await expect(page.getByTestId('compare-problems')).toContainText(/line 1, column \d+/);
  expect(errors).toEqual([]);
});
