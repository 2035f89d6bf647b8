// Layout for every screen: a reviewer found the page scrolling sideways at 390 px, and the request form 1,047 px
// down on a 1440 × 900 screen, under the traces. Each test first reproduces the report's screen.
import { test, expect } from '@playwright/test';
import { watchErrors, firstVisit } from './support.mjs';

for (const [width, height] of [[360, 740], [768, 1024], [1024, 768], [1440, 900]]) {
  test(`nothing scrolls sideways at ${width} px`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height });
    await firstVisit(page);
    await expect(page.getByTestId('result-row').first()).toBeVisible();
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(client);
    await page.screenshot({ path: `artifacts/layout-${width}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('policies, request and the answer are in view together on a 1440 × 900 screen', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await firstVisit(page);
  for (const part of [
    page.getByRole('heading', { name: 'Policies' }),
    page.getByRole('heading', { name: 'Request', exact: true }),
    page.getByTestId('headline'),
    page.getByLabel('Add action'),
  ]) {
    await expect(part).toBeInViewport();
  }
});

test('on a phone each request row is a card that names its columns', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await firstVisit(page);
  const row = page.getByTestId('result-row').first();
  await expect(row).toBeVisible();
  const label = await row.locator('td[data-label="Real API call"]').evaluate(
    (td) => getComputedStyle(td, '::before').content);
  expect(label).toBe('"Real API call"');
  const box = await row.boundingBox();
  expect(box.x + box.width).toBeLessThanOrEqual(360);
});

test('the results say how many requests are allowed, denied and differ, and filter to those', async ({ page }) => {
  await firstVisit(page);
  await page.getByLabel('Examples').selectOption('passrole-ec2');
  const rows = page.getByTestId('results').getByTestId('result-row');
  await expect(rows).toHaveCount(4);
  const real = await rows.locator('td[data-label="Real API call"]').allTextContents();
  const literal = await rows.locator('td[data-label="Literal"]').allTextContents();
  const allowed = real.filter((t) => t.includes('Allow')).length;
  const differ = real.filter((t, i) => t !== literal[i]).length;
  await expect(page.getByTestId('results-summary')).toHaveText(
    `${allowed} allowed, ${4 - allowed} denied, ${differ} where the real call differs from the literal answer`);
  await page.getByLabel('Only denied').check();
  await expect(rows).toHaveCount(4 - allowed);
  await page.getByLabel('Only where the real call differs').check();
  await expect(rows).toHaveCount(differ);
  await page.getByLabel('All', { exact: true }).check();
  await expect(rows).toHaveCount(4);
  // Every row names what decided it.
  for (const cell of await rows.locator('td.decided-by').allTextContents()) expect(cell.trim()).not.toBe('');
});

test('request and resource tags have their own key=value boxes, and a tag key template is never added as a key', async ({ page }) => {
  // IAM User Guide, "Controlling access to AWS resources using tags": aws:RequestTag/key-name, aws:TagKeys and
  // aws:ResourceTag/key-name. The report: the app added the literal `${TagKey}` template as a context key.
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.getByLabel('Request tags').fill('team=blue');
  await page.getByLabel('Resource tags').fill('env=prod');
  const context = page.locator('details', { hasText: 'Request context' }).first();
  await context.locator('summary').click();
  await expect(context).toContainText('aws:RequestTag/team');
  await expect(context).toContainText('aws:TagKeys');
  await expect(context).toContainText('aws:ResourceTag/env');
  await page.getByLabel('Add key').fill('aws:RequestTag/${TagKey}');
  await page.getByRole('button', { name: 'Add', exact: true }).last().click();
  await expect(page.getByTestId('key-template-hint')).toContainText("put the tag's own key in its place");
  await expect(page.getByRole('button', { name: 'Remove key aws:RequestTag/${TagKey}' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the keys the policies test are offered, and a bad value is flagged under its field', async ({ page }) => {
  // IAM User Guide, IP address condition operators: "IpAddress … Matching specified IP address or range". The
  // report: a bad IP or an empty date was only flagged in the answer panel.
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.locator('textarea.code-input').first().fill(JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
  }, null, 2));
  await page.getByTestId('tested-keys').getByRole('button', { name: '+ aws:SourceIp' }).click();
  const field = page.getByLabel('aws:SourceIp', { exact: true });
  await field.fill('203.0.113.300');
  await expect(page.getByTestId('field-error')).toHaveText('`203.0.113.300` is not an IP address (IpAddress in your policy)');
  await field.fill('203.0.113.7');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an action pattern adds every action it matches, or those of one access level, with the count first', async ({ page }) => {
  // IAM User Guide, IAM JSON policy elements: Action: wildcards in the action name ("iam:*AccessKey*" applies to
  // CreateAccessKey, DeleteAccessKey, ListAccessKeys and UpdateAccessKey).
  await firstVisit(page);
  await page.getByLabel('Add action').fill('iam:*AccessKey*');
  const expansion = page.getByTestId('pattern-expansion');
  await expect(expansion).toContainText(/iam:\*AccessKey\* matches \d+ actions/);
  await expansion.getByRole('button', { name: /^Add the \d+ List$/ }).click();
  const chips = page.getByRole('list', { name: 'Actions to ask about' });
  await expect(chips).toContainText('iam:ListAccessKeys');
  await expect(chips).not.toContainText('iam:CreateAccessKey');
  await page.getByLabel('Add action').fill('iam:*AccessKey*');
  await expansion.getByRole('button', { name: /^Add all \d+$/ }).click();
  await expect(chips).toContainText('iam:CreateAccessKey');
  await expect(chips).toContainText('iam:UpdateAccessKey');
});
