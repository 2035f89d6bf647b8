// The answer that matters, end to end: what the call passes (call parameters in the request builder, saved,
// exported and shared), the real call as the headline when the answers differ, "Can't evaluate" instead of a
// verdict when there is none (in the app and in the widget), and action names that are no action flagged with the
// nearest one. Every expectation cites its AWS passage or the report it comes from, never the app's own output.
import { test, expect } from '@playwright/test';
import { watchErrors, firstVisit } from './support.mjs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

async function importScenario(page, name, scenario) {
  await page.locator('#import-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
}

// Amazon EC2 User Guide, Example policies to control access to the Amazon EC2 API, Launch instances
// (RunInstances): the policy must allow the instance, the AMI, the subnet, the network interface, the security group
// and — because launching from an EBS-backed AMI creates a volume — the volume. This one leaves out key pairs.
const LAUNCH = {
  policies: {
    identity: [{
      name: 'Launch',
      document: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'ec2:RunInstances',
          Resource: [
            'arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*::image/*', 'arn:aws:ec2:*:*:subnet/*',
            'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:ec2:*:*:security-group/*', 'arn:aws:ec2:*:*:volume/*',
          ],
        }],
      },
    }],
  },
  request: {
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
  },
};

const headline = (page) => page.getByTestId('headline');
const realAnswer = (page) => page.getByTestId('real-answer');

test('the DescribeVolumes example leads with the real call; the literal answer explains it', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // The DescribeVolumes report: the IAM policy simulator "reports that DescribeVolumes action is allowed" while the call the user
  // makes returns UnauthorizedOperation — the real call is the headline.
  await expect(headline(page)).toHaveAttribute('data-headline', 'real');
  await expect(page.getByTestId('headline-decision')).toHaveText(/Implicit deny$/);
  await expect(headline(page)).toContainText('The literal simulation of the request exactly as written says Allow');
  // The real call's column comes before the literal one.
  const columns = page.locator('.gap-column');
  await expect(columns.nth(0)).toHaveAttribute('data-testid', 'real-answer');
  await expect(columns.nth(1)).toHaveAttribute('data-testid', 'literal-answer');
  await expect(page.getByRole('columnheader').nth(2)).toHaveText('Real API call');
  await page.screenshot({ path: `${artifacts}headline-real-call.png`, fullPage: true });

  // With Resource "*" (the DescribeVolumes report's first policy, "returned without error") both agree: one verdict.
  const editor = page.locator('.policy-card textarea').first();
  await editor.fill((await editor.inputValue()).replace('arn:aws:ec2:us-east-1:111122223333:volume/*', '*'));
  await expect(headline(page)).toHaveAttribute('data-headline', 'agree');
  await expect(page.getByTestId('headline-decision')).toHaveText(/Allow$/);
  expect(errors).toEqual([]);
});

test('RunInstances with a key pair: the real call authorizes the key-pair resource', async ({ page, context }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await importScenario(page, 'launch.json', LAUNCH);
  await expect(page.locator('.policy-name').first()).toHaveValue('Launch');
  await expect(page.getByTestId('headline-decision')).toHaveText(/Allow$/);

  // The request builder offers what RunInstances can pass (EC2 User Guide: key pair, launch template, the AMI's
  // root device; the reference's dependent iam:PassRole for an instance profile or role; aws:RequestTag for tags).
  const params = page.getByTestId('call-params');
  for (const key of ['keyName', 'launchTemplate', 'rootDevice', 'imageFromSsmParameter', 'instanceProfile', 'role', 'tags']) {
    await expect(params.locator(`:scope > [data-param="${key}"]`)).toHaveCount(1);
  }
  await page.getByLabel('Key pair name (keyName)').fill('ops');

  // EC2 User Guide, Launch instances: with a key pair, the user must have permission to use the key-pair resource;
  // this policy does not allow it, so the real call is denied while the literal request is allowed.
  const keyPair = realAnswer(page).locator('.checks li').filter({ hasText: 'key-pair:' });
  await expect(keyPair).toContainText('arn:aws:ec2:us-east-1:111122223333:key-pair/ops');
  await expect(keyPair).toContainText('Implicit deny');
  await expect(headline(page)).toHaveAttribute('data-headline', 'real');
  await expect(page.getByTestId('headline-decision')).toHaveText(/Implicit deny$/);
  await expect(page.getByTestId('call-parameters')).toContainText('keyName = ops');
  await page.screenshot({ path: `${artifacts}run-instances-key-pair.png`, fullPage: true });

  // Saved: a reload keeps it. Exported: the scenario file carries it in realApi.call (README, call parameters).
  await page.reload();
  await expect(page.getByLabel('Key pair name (keyName)')).toHaveValue('ops');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export scenario' }).click();
  const exported = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(exported.realApi.call).toEqual({ keyName: 'ops' });

  // Shared: the link opens with it.
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page).toHaveURL(/#w=[A-Za-z0-9_-]+$/);
  const other = await context.newPage();
  await other.goto('/');
  await other.evaluate(() => localStorage.clear());
  await other.goto(page.url());
  await expect(other.getByLabel('Key pair name (keyName)')).toHaveValue('ops');
  await expect(other.getByTestId('real-answer').locator('.checks li').filter({ hasText: 'key-pair:' })).toHaveCount(1);

  // Imported: a file with realApi.call fills the field; applying the fix allows the key pair.
  await importScenario(page, 'with-call.json', { ...LAUNCH, realApi: { call: { keyName: 'deploy' } } });
  await expect(page.getByLabel('Key pair name (keyName)')).toHaveValue('deploy');
  const divergence = page.getByTestId('divergence').filter({ hasText: 'key-pair/deploy' }).first();
  await divergence.getByTestId('apply-fix').click();
  await expect(page.getByTestId('headline-decision')).toHaveText(/Allow$/);
  expect(errors).toEqual([]);
});

test('a policy naming s3:GetObjects is flagged with "did you mean s3:GetObject?"', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // Service Authorization Reference, Amazon S3: the action is GetObject. The policy used to say "✓ No problems"
  // and grant nothing.
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObjects",\n      "Resource": "*"\n    }\n  ]\n}\n';
  await page.locator('.policy-card textarea').first().fill(policy);
  const problem = page.getByTestId('problem').filter({ hasText: 's3:GetObjects' });
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('warning at line 6');
  await expect(problem).toContainText('did you mean `s3:GetObject`');
  await expect(page.getByTestId('policy-status').first()).not.toContainText('No problems');
  await expect(page.locator('.squiggle-warning')).toHaveCount(1);
  await page.screenshot({ path: `${artifacts}unknown-action-in-policy.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('an unknown action typed in Add action is added with the warning, and has no verdict', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const search = page.getByRole('combobox', { name: 'Add action' });
  await search.fill('s3:GetObjects');
  // Before adding: nothing matches, and the box says what Enter will do and what is wrong.
  await expect(page.getByTestId('add-action-hint')).toContainText('did you mean `s3:GetObject`');
  await search.press('Enter');
  const chip = page.locator('.chip').filter({ hasText: 's3:GetObjects' });
  await expect(chip).toHaveCount(1);
  await expect(chip.getByTestId('unknown-action')).toContainText('did you mean `s3:GetObject`');
  await expect(page.getByTestId('notice')).toContainText('did you mean `s3:GetObject`');
  // Its row has no verdict: no real call has that name.
  const row = page.getByTestId('result-row').filter({ hasText: 's3:GetObjects' });
  await expect(row.getByTestId('row-cant-evaluate')).toHaveText("Can't evaluate");
  await row.getByRole('button').click();
  await expect(headline(page)).toHaveAttribute('data-headline', 'cant-evaluate');
  await expect(page.getByTestId('cant-evaluate')).toContainText("Can't evaluate: `s3:GetObjects` is not an action");
  await expect(page.getByTestId('cant-evaluate')).toContainText('did you mean `s3:GetObject`');
  await expect(page.getByTestId('literal-decision')).toHaveCount(0);
  await expect(page.getByTestId('real-decision')).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}unknown-action-in-request.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('broken JSON has no verdict: "Can\'t evaluate" with the line and column', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // RFC 8259: a member is `string : value`; the colon is missing where `"Allow"` starts, line 3, column 12.
  await page.locator('.policy-card textarea').first().fill('{\n  "Version": "2012-10-17",\n  "Effect" "Allow"\n}');
  await expect(page.getByTestId('cant-evaluate')).toContainText("Can't evaluate: invalid JSON");
  await expect(page.getByTestId('cant-evaluate')).toContainText('line 3, column 12');
  await expect(page.getByTestId('headline-decision')).toHaveCount(0);
  await expect(page.getByTestId('result-row').first().getByTestId('row-cant-evaluate')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('the widget says "Can\'t evaluate" instead of a verdict', async ({ page }) => {
  const errors = watchErrors(page);
  // Amazon S3: GetObject is the action; a policy allowing s3:* "allows" s3:GetObjects literally, but no call has
  // that name.
  const unknown = {
    policies: { identity: [{ name: 'P', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }] },
    request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObjects', resource: 'arn:aws:s3:::bucket/key' },
  };
  await page.goto(`/embed.html?editable#${encodeURIComponent(JSON.stringify(unknown))}`);
  await expect(page.getByTestId('cant-evaluate')).toContainText("Can't evaluate: `s3:GetObjects` is not an action");
  await expect(page.getByTestId('cant-evaluate')).toContainText('did you mean `s3:GetObject`');
  await expect(page.getByTestId('decision')).toHaveCount(0);
  // Broken JSON in the editor: no verdict either, and where it breaks (RFC 8259: a value must follow the colon).
  await page.getByTestId('scenario').fill('{"policies": }');
  await expect(page.getByTestId('cant-evaluate')).toContainText('invalid JSON');
  await expect(page.getByTestId('cant-evaluate')).toContainText('line 1, column');
  await expect(page.getByTestId('decision')).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}widget-cant-evaluate.png`, fullPage: true });
  expect(errors).toEqual([]);
});
