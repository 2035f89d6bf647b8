// Static hosting and the offline PWA: dist/ served under a sub-path by a plain static server (no rewrites),
// the service worker precaching every file, the app working with the network off, and a new build offered
// as "update available".
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, serveStatic, copyOfDist } from './support/static.mjs';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
// The app may prefix a symbol and write the words apart ("Implicit deny"); the widget writes `ImplicitDeny`.
const DECISION = /(Allow|Implicit ?[dD]eny|Explicit ?[dD]eny)\s*$/;
const SUB_PATH = '/docs/tools/iam-sim/';

// The DescribeVolumes report and the Service Authorization Reference (Actions defined by Amazon EC2): DescribeVolumes has no
// resource types, and an identity policy allowing it on "*" allows it (tests/cases/real-api.json, "DescribeVolumes
// with Resource * works in both answers"). Without that statement nothing allows it: an implicit deny (IAM User
// Guide, policy evaluation logic).
const ALLOW_VOLUMES = {
  policies: {
    identity: [
      {
        name: 'AllVolumes',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: '*' }],
        },
      },
    ],
  },
  request: {
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 'ec2:DescribeVolumes',
    resource: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc',
  },
};

let site;
let copy;

test.beforeEach(async () => {
  copy = await copyOfDist();
  site = await serveStatic(copy.dir, SUB_PATH);
});

test.afterEach(async () => {
  await site.close();
  await copy.cleanup();
});

/** The first decision badge the app shows (the app's own layout is free to change around it). */
const appDecision = (page) => page.locator('.decision').first();

/** Wait until the service worker controls the page (it claims clients when first activated). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
    timeout: 20_000,
  });
}

test('dist/ works under a sub-path of a plain static host', async ({ page, pageErrors }) => {
  await page.goto(site.url);
  await expect(appDecision(page)).toHaveText(DECISION);
  await expect(page.locator('link[rel=manifest]')).toHaveAttribute('href', 'manifest.webmanifest');

  // Every request stayed under the sub-path and found its file.
  await controlled(page);
  const failed = site.requests.filter((r) => r.status !== 200 || !r.path.startsWith(SUB_PATH));
  expect(failed).toEqual([]);
  expect(site.requests.map((r) => r.path)).toContain(`${SUB_PATH}sw.js`);

  // The manifest and its icons resolve relative to the sub-path.
  const manifest = await (await page.request.get(`${site.url}manifest.webmanifest`)).json();
  expect(manifest.start_url).toBe('./');
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, `${site.url}manifest.webmanifest`).href);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
  }
  expect(pageErrors).toEqual([]);
});

test('the page carries a Content-Security-Policy that allows only its own origin', async ({ page, pageErrors }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  for (const pageName of ['', 'embed.html']) {
    // The widget reads its scenario from the fragment; the app opens on its default example (the DescribeVolumes report's
    // DescribeVolumes policy, literal answer Allow), so it gets no fragment.
    const fragment = pageName ? `#${encodeURIComponent(JSON.stringify(ALLOW_VOLUMES))}` : '';
    await page.goto(`${site.url}${pageName}${fragment}`);
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    await expect(page.locator('.decision').first()).toHaveText(DECISION);
    // The policy is enforced: a connection to another origin is refused by the browser itself.
    const blocked = await page.evaluate(() =>
      fetch('http://localhost:9/').then(
        () => false,
        () => true,
      ),
    );
    expect(blocked).toBe(true);
  }
  expect(violations.filter((v) => !v.startsWith('connect-src'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('after one visit the app loads and evaluates with the network off', async ({ page, context, pageErrors }) => {
  await page.goto(site.url);
  await expect(appDecision(page)).toHaveText(DECISION);
  await controlled(page);
  // The install step precached everything before activating; check the cache holds the whole build.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('iam-policy-sim:')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  const sw = await readFile(path.join(copy.dir, 'sw.js'), 'utf8');
  expect(cached.length).toBeGreaterThan(10);
  for (const file of cached) expect(sw).toContain(JSON.stringify(file.slice(SUB_PATH.length) || './'));

  await context.setOffline(true);
  const before = site.requests.length;
  await page.reload();
  await expect(appDecision(page)).toHaveText(DECISION);
  await page.screenshot({ path: `${artifacts}offline-app.png`, fullPage: true });
  // The AWS managed policies are a separate asset, precached with the rest: the picker says so and works offline.
  await page.getByTestId('import-managed').click();
  await expect(page.getByLabel(/Search \d+ AWS managed policies/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('managed-stored')).toHaveAttribute('data-stored', 'Offline');
  await page.getByLabel(/Search \d+ AWS managed policies/).fill('IAMFullAccess');
  await expect(page.getByTestId('managed-policy').filter({ hasText: /^IAMFullAccess$/ })).toBeVisible();

  // Evaluate a policy offline: the widget page (also precached) with an editor.
  await page.goto(`${site.url}embed.html?editable#${encodeURIComponent(JSON.stringify(ALLOW_VOLUMES))}`);
  await expect(page.getByTestId('decision')).toHaveText('Allow');
  const denied = structuredClone(ALLOW_VOLUMES);
  denied.policies.identity[0].document.Statement[0].Action = 'ec2:DescribeSnapshots';
  await page.getByTestId('scenario').fill(JSON.stringify(denied, null, 2));
  await expect(page.getByTestId('decision')).toHaveText('ImplicitDeny');
  await page.screenshot({ path: `${artifacts}offline-widget.png`, fullPage: true });
  expect(site.requests.length, 'nothing reached the server while offline').toBe(before);
  expect(pageErrors).toEqual([]);
});

test('a new build is offered as "update available" and applied when the user chooses', async ({ page, pageErrors }) => {
  await page.goto(site.url);
  await expect(appDecision(page)).toHaveText(DECISION);
  await controlled(page);
  const first = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
  await expect(page.locator('#update-available')).toHaveCount(0);

  // Deploy a "new build": a service worker with another version.
  const swPath = path.join(copy.dir, 'sw.js');
  const sw = await readFile(swPath, 'utf8');
  const newer = sw.replace(/const VERSION = "([0-9a-f]+)";/, 'const VERSION = "$1-next";');
  expect(newer).not.toBe(sw);
  await writeFile(swPath, newer);

  // The next visit finds it; the page says so and waits for the user.
  await page.reload();
  await expect(page.locator('#update-available')).toContainText('Update available', { timeout: 20_000 });
  await page.screenshot({ path: `${artifacts}update-available.png` });
  const cacheNames = () => page.evaluate(() => caches.keys());
  expect((await cacheNames()).length).toBe(2);

  // "Reload" activates the new worker and reloads the page under it.
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('#update-available').getByRole('button', { name: 'Reload' }).click(),
  ]);
  await expect(appDecision(page)).toHaveText(DECISION);
  await expect(page.locator('#update-available')).toHaveCount(0);
  const names = await cacheNames();
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/-next$/);
  expect(first).toContain(SUB_PATH);
  expect(pageErrors).toEqual([]);
});
