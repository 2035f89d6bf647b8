// From the error to the least-privilege policy, in the app: the Flintrock least-privilege story (its two error
// messages pasted, IAMFullAccess and AmazonEC2FullAccess imported from the AWS managed policies, both requests
// asked, the minimal IAM part iam:GetInstanceProfile + iam:PassRole verified), the DescribeVolumes surprise (the
// request on `*` and the `Resource: "*"` statement, from the error text and from a decoded authorization message), and a policy check shown in the editor with its one-click fix.
//
// Sources: the Flintrock blog post "Refining an AWS IAM Policy for Flintrock" (the two errors; "I pruned the list of
// required permissions down to the following: GetInstanceProfile and PassRole"); the IAM User Guide, "Granting a user
// permissions to pass a role to an AWS service" (launching with an instance profile passes its role: iam:PassRole);
// the Service Authorization Reference, Amazon EC2 (ec2:DescribeVolumes and ec2:DescribeVpcs list no resource type, so
// the statement's Resource is "*"); IAM Access Analyzer's policy check reference (PASS_ROLE_WITH_STAR_IN_RESOURCE, a
// security warning; INVALID_ACTION with the nearest action).
import { test, expect } from '@playwright/test';
import { watchErrors, firstVisit } from './support.mjs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const data = (name) => readFile(fileURLToPath(new URL(`../../../crates/cli/tests/data/${name}`, import.meta.url)), 'utf8');

async function paste(page, text) {
  await page.getByTestId('from-error-open').click();
  await page.getByLabel(/Paste what AWS said/).fill(text);
}

async function importManaged(page, name) {
  const picker = page.getByTestId('import-managed');
  if ((await picker.getAttribute('aria-expanded')) !== 'true') await picker.click();
  const search = page.getByLabel(/Search \d+ AWS managed policies/);
  await expect(search).toBeVisible({ timeout: 15_000 });
  await search.fill(name);
  await page.getByTestId('managed-policy').filter({ hasText: new RegExp(`^${name}$`) }).click();
  await expect(page.locator('.policy-name').last()).toHaveValue(name);
}

test('the Flintrock least-privilege story: two errors, two managed policies, the minimal IAM part verified', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await paste(page, await data('flintrock-errors.txt'));

  // Both errors are recognised: GetInstanceProfile on the instance profile the message names, DescribeVpcs on "*".
  const calls = page.getByTestId('error-call');
  await expect(calls).toHaveCount(2);
  await expect(calls.nth(0)).toHaveAttribute('data-action', 'iam:GetInstanceProfile');
  await expect(calls.nth(0)).toContainText('arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole');
  await expect(calls.nth(1)).toHaveAttribute('data-action', 'ec2:DescribeVpcs');
  await expect(calls.nth(0).getByTestId('blamed')).toContainText('does not name the policy type');

  // Import the two managed policies the story's author started from (loaded on first use).
  await importManaged(page, 'IAMFullAccess');
  await importManaged(page, 'AmazonEC2FullAccess');
  await expect(page.locator('.policy-card textarea').last()).toHaveValue(/ec2:\*/);

  // Ask about the calls: both requests are rows, and the simulator's answer sits beside the blame.
  await page.getByTestId('use-calls').click();
  await expect(page.getByTestId('notice')).toContainText('2 calls');
  const rows = page.locator('.results-table tbody tr');
  await expect(rows.filter({ hasText: 'iam:GetInstanceProfile' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'ec2:DescribeVpcs' }).first()).toBeVisible();
  await expect(calls.nth(0).getByTestId('simulator-answer')).toContainText('Allow');
  // The managed policies allow what AWS denied: the panel says what the workspace probably lacks.
  await expect(calls.nth(0).getByTestId('disagreement')).toContainText('AWS denied it');

  // The launch that passes the instance profile (Flintrock launches with EMR_EC2_DefaultRole).
  const search = page.getByRole('combobox', { name: 'Add action' });
  await search.fill('ec2:RunInstances');
  await search.press('Enter');
  await page.getByLabel('Instance profile (instanceProfile)')
    .fill('arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole');

  await page.getByTestId('write-least').click();
  const policy = JSON.parse(await page.getByTestId('least-policy').textContent());
  const iamActions = policy.Statement
    .flatMap((s) => [].concat(s.Action))
    .filter((a) => a.startsWith('iam:'))
    .sort();
  expect([...new Set(iamActions)]).toEqual(['iam:GetInstanceProfile', 'iam:PassRole']);
  const get = policy.Statement.find((s) => [].concat(s.Action).includes('iam:GetInstanceProfile'));
  expect([].concat(get.Resource)).toContain('arn:aws:iam::690534650866:instance-profile/EMR_EC2_DefaultRole');
  const pass = policy.Statement.find((s) => [].concat(s.Action).includes('iam:PassRole'));
  expect(JSON.stringify(pass.Condition)).toContain('ec2.amazonaws.com');
  await expect(page.getByTestId('least-verified')).toContainText('Verified');
  // Granted vs used: the managed policies grant far more than the calls use.
  await expect(page.getByTestId('granted-vs-used')).toContainText('Granted vs used');
  await page.screenshot({ path: `${artifacts}flintrock-least-privilege.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the DescribeVolumes surprise: the request on "*" and the Resource "*" statement', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await paste(page, await data('describe-volumes-error.txt'));
  const call = page.getByTestId('error-call');
  await expect(call).toHaveCount(1);
  await expect(call).toHaveAttribute('data-action', 'ec2:DescribeVolumes');
  await page.getByTestId('use-calls').click();
  await expect(page.locator('.results-table tbody tr').filter({ hasText: 'ec2:DescribeVolumes' }).first()).toBeVisible();
  await page.getByTestId('write-least').click();
  const policy = JSON.parse(await page.getByTestId('least-policy').textContent());
  expect(policy.Statement).toHaveLength(1);
  expect(policy.Statement[0].Action).toBe('ec2:DescribeVolumes');
  expect(policy.Statement[0].Resource).toBe('*');
  await expect(page.getByTestId('least-verified')).toContainText('Verified');
  // Added as a policy in one undoable step.
  await page.getByTestId('add-least').click();
  await expect(page.locator('.policy-name').last()).toHaveValue('LeastPrivilege');
  expect(errors).toEqual([]);
});

test('the DescribeVolumes surprise from a decoded authorization message: the same request and the same fix', async ({ page }) => {
  // `aws sts decode-authorization-message` returns the principal, action, resource and condition keys of the denied
  // call (AWS STS API Reference, DecodeAuthorizationMessage: "The decoded message includes … the requested action,
  // the requested resource, … the values of condition keys in the context of the user's request").
  const errors = watchErrors(page);
  await firstVisit(page);
  await paste(page, await data('describe-volumes-decoded.json'));
  const call = page.getByTestId('error-call');
  await expect(call).toHaveCount(1);
  await expect(call).toHaveAttribute('data-action', 'ec2:DescribeVolumes');
  await expect(call).toContainText('arn:aws:iam::111122223333:user/alice');
  await expect(call).toContainText('aws:Region');
  await page.getByTestId('use-calls').click();
  await expect(page.locator('.results-table tbody tr').filter({ hasText: 'ec2:DescribeVolumes' }).first()).toBeVisible();
  await page.getByTestId('write-least').click();
  const policy = JSON.parse(await page.getByTestId('least-policy').textContent());
  expect(policy.Statement).toHaveLength(1);
  expect(policy.Statement[0].Action).toBe('ec2:DescribeVolumes');
  expect(policy.Statement[0].Resource).toBe('*');
  await expect(page.getByTestId('least-verified')).toContainText('Verified');
  expect(errors).toEqual([]);
});

test('text that is no AWS error says what was not recognised, and asks nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await paste(page, 'hello, this is not an error message');
  await expect(page.getByTestId('error-call')).toHaveCount(0);
  await expect(page.getByTestId('error-problem').first()).toContainText('line 1');
  await expect(page.getByTestId('use-calls')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a policy check is shown under the editor and its fix applied in one click', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const editor = page.locator('.policy-card textarea').first();
  const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "*"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObjects",\n      "Resource": "*"\n    }\n  ]\n}\n';
  await editor.fill(policy);
  // PASS_ROLE_WITH_STAR_IN_RESOURCE: a security warning at the Resource of the PassRole statement, underlined.
  const finding = page.getByTestId('finding').filter({ hasText: 'PASS_ROLE_WITH_STAR_IN_RESOURCE' });
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('security warning');
  await expect(finding).toContainText(/at line \d+, column \d+/);
  await expect(page.locator('.squiggle-lint-security').first()).toBeVisible();
  // Its line number is marked too (line 6 holds `"Action": "iam:PassRole"`, where the finding points).
  await expect(page.locator('[id$="-line-6"]').first()).toHaveClass(/ln-lint-security/);
  await expect(page.getByTestId('policy-status').first()).toContainText('1 security warning');
  // The unknown action is listed once, with the linter's fix: one click writes the nearest action.
  const problem = page.getByTestId('problem').filter({ hasText: 's3:GetObjects' });
  await expect(problem).toHaveCount(1);
  await problem.getByTestId('lint-fix').click();
  await expect(editor).toHaveValue(/"s3:GetObject"/);
  await expect(page.getByTestId('problem').filter({ hasText: 's3:GetObjects' })).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('Applied');
  await page.screenshot({ path: `${artifacts}lint-finding-fix.png`, fullPage: true });
  // Undo brings the text back.
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await expect(editor).toHaveValue(/"s3:GetObjects"/);
  expect(errors).toEqual([]);
});
