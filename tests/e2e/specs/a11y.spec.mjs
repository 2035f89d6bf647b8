// Accessibility: axe-core (the rules of WCAG 2.1 A and AA it checks) on the page, the widget read-only and
// editable, and the documentation example, in the light and the dark theme: no serious or critical violation. A
// reviewer found colour contrast of 4.15:1 on "does not apply" and "line N", a skipped heading level, no main
// landmark or h1 in the widget, and Import scenario without a focus ring.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { watchErrors, firstVisit } from './support.mjs';

const require = createRequire(import.meta.url);
// axe is injected as an inline script, which the page's Content-Security-Policy rightly refuses.
test.use({ bypassCSP: true });
const AXE = require.resolve('axe-core/axe.min.js');

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`the page has no serious or critical accessibility violation (${scheme})`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ colorScheme: scheme });
    await firstVisit(page);
    await expect(page.getByTestId('result-row').first()).toBeVisible();
    // The trace is open on the first row (its "does not apply" and "line N" texts are what failed contrast).
    expect(await violations(page)).toEqual([]);
    // An example with several rows and a statement that does not apply.
    await page.getByLabel('Examples').selectOption('passrole-ec2');
    await expect(page.getByTestId('example-shows')).toContainText('iam:PassedToService');
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the widget, read-only and editable, and the documentation example have none either', async ({ page }) => {
  const scenario = await readFile(new URL('../../../web/static/all-volumes.json', import.meta.url), 'utf8');
  const fragment = encodeURIComponent(JSON.stringify(JSON.parse(scenario)));
  for (const path of [`embed.html#${fragment}`, `embed.html?editable#${fragment}`]) {
    await page.goto(path);
    await expect(page.getByTestId('widget')).toBeVisible();
    expect(await violations(page), path).toEqual([]);
  }
  await page.goto('docs-example.html');
  await expect(page.locator('iam-policy-sim').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the widget shows an editable scenario laid out, not as one minified line', async ({ page }) => {
  const scenario = await readFile(new URL('../../../web/static/all-volumes.json', import.meta.url), 'utf8');
  await page.goto(`embed.html?editable#${encodeURIComponent(JSON.stringify(JSON.parse(scenario)))}`);
  const text = await page.getByTestId('scenario').inputValue();
  expect(text.split('\n').length).toBeGreaterThan(10);
  expect(JSON.parse(text)).toEqual(JSON.parse(scenario));
});

test('the widget takes its theme from the host page', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const scenario = await readFile(new URL('../../../web/static/all-volumes.json', import.meta.url), 'utf8');
  await page.goto(`embed.html?theme=dark#${encodeURIComponent(JSON.stringify(JSON.parse(scenario)))}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(13, 17, 23)');
});

test('the theme switch chooses dark or light over the system setting, and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await firstVisit(page);
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(13, 17, 23)');
  await page.getByLabel('Theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
});

test('a skip link leads past the editors to the answers, and every control shows a focus ring', async ({ page }) => {
  await firstVisit(page);
  await expect(page.getByTestId('result-row').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the answers' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const url = page.url();
  await page.keyboard.press('Enter');
  await expect(page.locator('#answers')).toBeFocused();
  expect(page.url(), 'the fragment (a shared workspace) is left alone').toBe(url);
  // Import scenario is a label for a hidden file input: its ring shows when the input has the focus.
  await page.locator('#import-file').focus();
  const outline = await page.locator('label[for=import-file]').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
});

test('Share link copies the link and says how long it is', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await firstVisit(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(/Link copied to the clipboard: \d+ characters/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  const length = Number((await notice.textContent()).match(/(\d+) characters/)[1]);
  expect(length).toBe(copied.length);
});
