// The embeddable widget: embed.html#<scenario> and the <iam-policy-sim> element, on a documentation page
// served from a second local origin (the example page web/docs-example.html), as a reader would see it.
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { test, expect, serveStatic, copyOfDist } from './support/static.mjs';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

// Expected decisions (tests/cases/real-api.json, whose cases cite them):
// - identity policy allowing ec2:DescribeVolumes on "*": Allow, literally and for the real API — The DescribeVolumes report ("with
//   Resource ['*'] the call returns the list of volumes") and the Service Authorization Reference, Actions defined
//   by Amazon EC2 (DescribeVolumes lists no resource types, so it is authorized against "*").
// - the same action allowed only on volume ARNs: the literal request is allowed, the real call is refused
//   (The DescribeVolumes report: UnauthorizedOperation), a no-resource-level-permissions divergence.
// - no statement allowing the action: ImplicitDeny (IAM User Guide, policy evaluation logic: denied by default).

let app;
let dist;
let DIST;
let docs;
let docsDir;

test.beforeEach(async () => {
  // The simulator published under a sub-path of one origin…
  dist = await copyOfDist();
  DIST = dist.dir;
  app = await serveStatic(DIST, '/iam-sim/');
  // …and a documentation page on another origin, loading the script from the first one.
  docsDir = await mkdtemp(path.join(tmpdir(), 'iam-sim-docs-'));
  const page = await readFile(path.join(DIST, 'docs-example.html'), 'utf8');
  const rewritten = page.replace('src="iam-policy-sim.js"', `src="${app.url}iam-policy-sim.js"`);
  expect(rewritten).not.toBe(page);
  await writeFile(path.join(docsDir, 'index.html'), rewritten);
  await copyFile(path.join(DIST, 'all-volumes.json'), path.join(docsDir, 'all-volumes.json'));
  docs = await serveStatic(docsDir, '/handbook/');
});

test.afterEach(async () => {
  await app?.close();
  await docs?.close();
  await dist?.cleanup();
  if (docsDir) await rm(docsDir, { recursive: true, force: true });
});

/** The widget frame inside the element's shadow root. */
const widget = (page, id) => page.locator(`iam-policy-sim#${id}`).locator('iframe').contentFrame();

test('the widget renders the right decisions on a page from another origin', async ({ page, pageErrors }) => {
  expect(new URL(docs.url).origin).not.toBe(new URL(app.url).origin);
  await page.goto(docs.url);

  const fromFile = widget(page, 'from-file');
  await expect(fromFile.getByTestId('decision')).toHaveText('Allow');
  await expect(fromFile.getByTestId('real-decision')).toHaveText('Allow');
  await expect(fromFile.getByTestId('action')).toHaveText('ec2:DescribeVolumes');
  await expect(fromFile.locator('.policies pre')).toContainText('"Resource": "*"');
  await expect(fromFile.getByTestId('divergences')).toHaveCount(0);

  // The inline scenario is the DescribeVolumes surprise: the real call (refused) is the headline, the literal
  // simulation (allowed) its explanation.
  const inline = widget(page, 'inline');
  await expect(inline.getByTestId('decision')).toHaveText('ImplicitDeny');
  await expect(inline.getByTestId('literal-decision')).toHaveText('Allow');
  await expect(inline.getByTestId('real-decision')).toHaveText('ImplicitDeny');
  await expect(inline.getByTestId('divergences')).not.toBeEmpty();

  // Each frame is as tall as its content (told by postMessage), so nothing scrolls inside it.
  for (const id of ['from-file', 'inline']) {
    const frame = page.locator(`iam-policy-sim#${id}`).locator('iframe');
    await expect
      .poll(async () => {
        const content = await widget(page, id).locator('#widget').evaluate((el) => el.offsetHeight);
        const box = await frame.boundingBox();
        return Math.abs(box.height - (content + 2));
      })
      .toBeLessThanOrEqual(1);
  }
  // The host page's rules for .decision (40px, red) do not reach the widget.
  const fontSize = await fromFile.getByTestId('decision').evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).not.toBe('40px');

  await page.screenshot({ path: `${artifacts}widget-docs-page.png`, fullPage: true });
  // Everything came from the two local origins; the scenario file from the docs origin.
  expect(docs.requests.map((r) => r.path)).toContain('/handbook/all-volumes.json');
  expect(pageErrors).toEqual([]);
});

test('two widgets on one page stay independent', async ({ page, pageErrors }) => {
  await page.goto(docs.url);
  const fromFile = widget(page, 'from-file');
  const inline = widget(page, 'inline');
  await expect(fromFile.getByTestId('decision')).toHaveText('Allow');
  await expect(inline.getByTestId('literal-decision')).toHaveText('Allow');
  // Only the inline one is editable.
  await expect(fromFile.getByTestId('scenario')).toHaveCount(0);
  const editor = inline.getByTestId('scenario');
  const text = await editor.inputValue();
  const scenario = JSON.parse(text);
  scenario.policies.identity[0].document.Statement[0].Action = ['ec2:DescribeSnapshots'];
  await editor.fill(JSON.stringify(scenario, null, 2));

  // DescribeSnapshots allows nothing for DescribeVolumes: both answers deny, so there is one verdict.
  await expect(inline.getByTestId('decision')).toHaveText('ImplicitDeny');
  await expect(inline.getByTestId('literal-decision')).toHaveCount(0);
  await expect(fromFile.getByTestId('decision')).toHaveText('Allow');
  await expect(fromFile.getByTestId('real-decision')).toHaveText('Allow');
  await page.screenshot({ path: `${artifacts}widget-edited.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('embed.html reads the scenario as URL-encoded JSON or base64url', async ({ page, pageErrors }) => {
  const json = await readFile(path.join(DIST, 'all-volumes.json'), 'utf8');
  const compact = JSON.stringify(JSON.parse(json));
  await page.goto(`${app.url}embed.html#${encodeURIComponent(compact)}`);
  await expect(page.getByTestId('decision')).toHaveText('Allow');
  await expect(page.getByTestId('scenario')).toHaveCount(0);

  const base64url = Buffer.from(compact).toString('base64url');
  await page.goto(`${app.url}embed.html?editable#${base64url}`);
  await expect(page.getByTestId('decision')).toHaveText('Allow');
  await expect(page.getByTestId('scenario')).toBeVisible();

  await page.goto(`${app.url}embed.html#not-a-scenario`);
  await expect(page.getByTestId('no-scenario')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('a failure in the widget says so instead of leaving it blank', async ({ page, pageErrors }) => {
  // A trap in the widget used to leave an empty frame on the documentation page.
  const json = await readFile(path.join(DIST, 'all-volumes.json'), 'utf8');
  await page.goto(`${app.url}embed.html#${encodeURIComponent(JSON.stringify(JSON.parse(json)))}`);
  await expect(page.getByTestId('decision')).toHaveText('Allow');
  await page.evaluate(() => window.dispatchEvent(new Event('iam-sim-crash-drill')));
  const crash = page.getByTestId('widget').getByRole('alertdialog');
  await expect(crash).toContainText('Something went wrong — this scenario could not be shown');
  await expect(crash).toContainText('crash drill');
  // The widget saves nothing: it leaves no crash record for the app on the same origin.
  expect(await page.evaluate(() => localStorage.getItem('iam-sim.crash.v1'))).toBeNull();
  expect(pageErrors.some((e) => e.includes('unreachable'))).toBe(true);
});
