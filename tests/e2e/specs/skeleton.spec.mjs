// The walking skeleton: the release build loads, opens on the example scenario and shows a decision.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const DECISION = /^(Allow|ImplicitDeny|ExplicitDeny)$/;

/** Collect uncaught page errors and console errors, so a broken wasm start fails the test. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

test('opens on the example scenario and renders a decision', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');

  await expect(page).toHaveTitle('IAM Policy Simulator');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('IAM Policy Simulator');
  await expect(page.locator('textarea#scenario')).toHaveValue(/"action": "ec2:DescribeVolumes"/);
  await expect(page.getByTestId('decision')).toHaveText(DECISION);

  await page.screenshot({ path: `${artifacts}skeleton.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('editing the scenario re-evaluates it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('decision')).toHaveText(DECISION);

  const edited = JSON.stringify({
    policies: { identity: [] },
    request: {
      principal: 'arn:aws:iam::111122223333:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
    },
  });
  await page.locator('textarea#scenario').fill(edited);

  await expect(page.locator('textarea#scenario')).toHaveValue(edited);
  await expect(page.getByTestId('decision')).toHaveText(DECISION);
  await page.screenshot({ path: `${artifacts}edited.png`, fullPage: true });
  expect(errors).toEqual([]);
});
