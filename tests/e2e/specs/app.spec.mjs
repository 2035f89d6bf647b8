// The app end to end against the release build: first visit, every example (both answers and the
// explanation), a broken policy's line and column, a policy check's fix applied from the findings list, reload
// and share, autocomplete and keyboard use.
// Every expectation cites the report it comes from (summarised in web/examples/ and docs/motivating-cases.md) or AWS documentation passage
// it comes from — never the app's own output.
import { test, expect } from '@playwright/test';
import { watchErrors, firstVisit } from './support.mjs';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

async function loadExample(page, id) {
  await page.getByLabel('Examples').selectOption(id);
}

const literal = (page) => page.getByTestId('literal-decision');
const real = (page) => page.getByTestId('real-decision');

test('the first visit opens on DescribeVolumes with both answers and the fix', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await expect(page).toHaveTitle('IAM Policy Simulator');
  // The DescribeVolumes report (Joe Perks, "Compatibility of AWS EC2 API Actions and IAM Policy Resource-Level Permissions"):
  // with Resource "arn:aws:ec2:us-east-1:AWS_ACCOUNT_ID:volume/*" the IAM policy simulator "reports that
  // DescribeVolumes action is allowed", while the real call returns UnauthorizedOperation; AWS confirmed
  // that for actions without resource-level permissions "the ARN must be *".
  await expect(literal(page)).toHaveText(/Allow$/);
  await expect(real(page)).toHaveText(/Implicit deny$/);
  const divergence = page.getByTestId('divergence').filter({ hasText: 'ec2:DescribeVolumes' });
  await expect(divergence).toContainText('*');
  await expect(divergence.locator('.divergence-fix')).toContainText('Resource `*`');
  // Service Authorization Reference: DescribeVolumes lists no resource types, so the call is checked on `*`.
  await expect(page.getByTestId('real-answer').locator('.checks li')).toHaveText(/every resource: \*$/);
  await expect(page.locator('.policy-card textarea').first()).toHaveValue(/volume\/\*/);
  await page.screenshot({ path: `${artifacts}first-visit.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('one click applies the real-API fix and the real call becomes allowed', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // The DescribeVolumes surprise: the Service Authorization Reference lists no resource types for
  // ec2:DescribeVolumes, so the real call is authorized against `*`; a statement with Resource `*` for it makes
  // the real call work. The fix is applied to the policy as an edit, and the engine answers again.
  await expect(real(page)).toHaveText(/Implicit deny$/);
  const divergence = page.getByTestId('divergence').filter({ hasText: 'ec2:DescribeVolumes' }).first();
  await expect(divergence.getByTestId('fix-statement')).toContainText('"Resource": "*"');
  await divergence.getByTestId('apply-fix').click();
  await expect(real(page)).toHaveText(/Allow$/);
  await expect(page.locator('.policy-card textarea').first()).toHaveValue(/"Resource": "\*"/);
  await page.screenshot({ path: `${artifacts}fix-applied.png`, fullPage: true });
  expect(errors).toEqual([]);
});

// Each example with the decisions its source document states. `rows` are [action, resource substring,
// literal, real] for the results table; `explain` is text the trace must show.
const EXAMPLES = [
  {
    id: 'flintrock',
    // The Flintrock report (Flintrock): "I pruned the list of required permissions down to GetInstanceProfile and
    // PassRole. Those are the necessary and sufficient IAM permissions" — nothing else of IAMFullAccess.
    rows: [
      ['iam:GetInstanceProfile', '*', 'Allow', 'Allow'],
      ['iam:PassRole', '*', 'Allow', 'Allow'],
      ['iam:CreateUser', '*', 'Implicit deny', 'Implicit deny'],
    ],
    explain: 'FlintrockLaunch',
  },
  {
    id: 'emr-tags',
    // The EMR tag-based access guide (How Amazon EMR works with IAM): ResourceTag "allow[s] … user actions on clusters … with
    // tags"; RequestTag "require[s] a specific tag" when RunJobFlow creates a cluster; "the
    // ModifyInstanceGroups action does not support context keys because ClusterID is an optional parameter".
    rows: [
      ['elasticmapreduce:DescribeCluster', 'cluster/', 'Allow', 'Allow'],
      ['elasticmapreduce:RunJobFlow', 'cluster/', 'Allow', 'Allow'],
      ['elasticmapreduce:ModifyInstanceGroups', 'cluster/', 'Allow', 'Implicit deny'],
    ],
    selectRow: 2,
    explain: 'elasticmapreduce:ResourceTag/department',
  },
  {
    id: 'boundary-create-role',
    // The boundary and aws:username report: users may create a role "under the condition that they attach a permissions boundary to
    // that role" — the request names arn:aws:iam::123456789012:policy/XCompanyBoundaries.
    rows: [['iam:CreateRole', 'role/alice-ec2-role', 'Allow', 'Allow']],
    explain: 'iam:PermissionsBoundary',
  },
  {
    id: 'boundary-username-user',
    // IAM User Guide, global condition keys: aws:username is "the user name of the requesting user" for
    // IAM users, so ${aws:username} becomes alice and the folder is alice's own.
    rows: [['s3:GetObject', 'xcompany-home/alice/', 'Allow', 'Allow']],
    explain: 'aws:username = alice',
  },
  {
    id: 'boundary-username-role',
    // The boundary and aws:username report: "the aws:username variable … is not available when the principal is an assumed role".
    rows: [['s3:GetObject', 'xcompany-home/alice/', 'Implicit deny', 'Implicit deny']],
    explain: 'aws:username',
  },
  {
    id: 'passrole-ec2',
    // The PassRole to EC2 guide (Granting a user permissions to pass a role): "the user can pass only roles that exist in the
    // specified account with names that begin with EC2-roles-for-XYZ-"; iam:PassRole "usually is accompanied
    // by iam:GetRole".
    rows: [
      ['iam:PassRole', 'EC2-roles-for-XYZ-web', 'Allow', 'Allow'],
      ['iam:PassRole', 'AdminRole', 'Implicit deny', 'Implicit deny'],
      ['iam:GetRole', 'EC2-roles-for-XYZ-web', 'Allow', 'Allow'],
      ['iam:GetRole', 'AdminRole', 'Implicit deny', 'Implicit deny'],
    ],
    explain: 'iam:PassedToService',
  },
  {
    id: 'passrole-trust',
    // The PassRole to EC2 guide: "This trust policy allows Amazon EC2 to use the role and the permissions attached to the role."
    rows: [['sts:AssumeRole', 'EC2-roles-for-XYZ-web', 'Allow', 'Allow']],
    explain: 'TrustPolicyStatementThatAllowsEC2ServiceToAssumeTheAttachedRole',
  },
  {
    id: 'describe-volumes',
    // The DescribeVolumes report, as in the first-visit test.
    rows: [['ec2:DescribeVolumes', 'volume/vol-', 'Allow', 'Implicit deny']],
    explain: 'ec2:DescribeVolumes',
  },
];

for (const example of EXAMPLES) {
  test(`example ${example.id}: both answers and the explanation`, async ({ page }) => {
    const errors = watchErrors(page);
    await firstVisit(page);
    await loadExample(page, example.id);
    const rows = page.getByTestId('result-row');
    await expect(rows).toHaveCount(example.rows.length);
    for (const [i, [action, resource, lit, realApi]] of example.rows.entries()) {
      const row = rows.nth(i);
      await expect(row.locator('td').nth(0)).toHaveText(action);
      await expect(row.locator('td').nth(1)).toContainText(resource);
      // The real call (the call the user will make) leads the row; the literal simulation follows.
      await expect(row.locator('td').nth(2)).toHaveText(new RegExp(`${realApi}$`));
      await expect(row.locator('td').nth(3)).toHaveText(new RegExp(`${lit}$`));
    }
    const shown = example.selectRow ?? 0;
    if (shown !== 0) await rows.nth(shown).getByRole('button').click();
    const [, , lit, realApi] = example.rows[shown];
    await expect(literal(page)).toHaveText(new RegExp(`${lit}$`));
    await expect(real(page)).toHaveText(new RegExp(`${realApi}$`));
    await expect(page.getByTestId('literal-reason')).not.toBeEmpty();
    await expect(page.getByTestId('trace')).toContainText(example.explain);
    await page.screenshot({ path: `${artifacts}example-${example.id}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('a broken policy shows the error at its line and column while typing', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const editor = page.locator('.policy-card textarea').first();
  // RFC 8259: an object member is `string : value`; line 3 is `  "Effect" "Allow"` with the colon
  // missing, so the text stops being JSON at line 3, column 12, where `"Allow"` starts.
  const broken = '{\n  "Version": "2012-10-17",\n  "Effect" "Allow"\n}';
  await editor.fill(broken);
  const problem = page.getByTestId('problem').first();
  await expect(problem).toContainText('error at line 3, column 12');
  await expect(page.locator('[id$="-line-3"]').first()).toHaveClass(/ln-error/);
  await expect(page.locator('.squiggle-error')).toHaveCount(1);
  await page.screenshot({ path: `${artifacts}broken-policy.png`, fullPage: true });
  // Fixing it clears the problem.
  await editor.fill('{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
  await expect(page.getByTestId('problem')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('work survives a reload, and a share link carries the workspace', async ({ page, context }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await loadExample(page, 'emr-tags');
  await page.getByRole('button', { name: 'Add policy' }).click();
  const names = page.locator('.policy-name');
  await expect(names).toHaveCount(2);
  await names.nth(1).fill('MyNotes');
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n';
  await page.locator('.policy-card textarea').nth(1).fill(text);
  await page.reload();
  await expect(page.locator('.policy-name').nth(1)).toHaveValue('MyNotes');
  await expect(page.locator('.policy-card textarea').nth(1)).toHaveValue(text);
  await expect(page.getByTestId('result-row')).toHaveCount(3);

  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page).toHaveURL(/#w=[A-Za-z0-9_-]+$/);
  const link = page.url();
  const other = await context.newPage();
  await other.goto('/');
  await other.evaluate(() => localStorage.clear());
  await other.goto(link);
  await other.reload();
  await expect(other.locator('.policy-name').nth(1)).toHaveValue('MyNotes');
  await expect(other.getByTestId('result-row')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('actions autocomplete forgivingly with access levels; the keyboard adds one', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const search = page.getByRole('combobox', { name: 'Add action' });
  await search.fill('DESCRIBEvol');
  // Service Authorization Reference, Amazon EC2: DescribeVolumes has access level List.
  const option = page.getByRole('option').filter({ hasText: 'ec2:DescribeVolumes' }).first();
  await expect(option).toContainText('List');
  // WAI-ARIA combobox pattern: Down Arrow highlights the first option while focus stays in the text box, which
  // names it with aria-activedescendant; Enter adds the highlighted option.
  await search.press('ArrowDown');
  await expect(search).toBeFocused();
  const first = page.locator('#action-suggestions [role="option"]').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', await first.getAttribute('id'));
  await search.press('ArrowDown');
  await search.press('ArrowUp');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.locator('.chip')).toHaveCount(2);
  // A click on an option adds it too; Escape empties the box and closes the list.
  await search.fill('s3:getobjectacl');
  await page.getByRole('option').filter({ hasText: 's3:GetObjectAcl' }).first().click();
  await expect(page.locator('.chip').filter({ hasText: 's3:GetObjectAcl' })).toHaveCount(1);
  await search.fill('kms:dec');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await page.locator('.chip').filter({ hasText: 's3:GetObjectAcl' }).getByRole('button').click();
  await search.fill('iam:passrole');
  await search.press('Enter');
  await expect(page.locator('.chip').filter({ hasText: 'iam:PassRole' })).toHaveCount(1);
  await expect(page.getByTestId('result-row')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('clicking a deciding statement shows it in its editor', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  await page.getByTestId('divergence').locator('.statement-link').first().click();
  const editor = page.locator('.policy-card textarea').first();
  await expect(editor).toBeFocused();
  // The DescribeVolumes report's policy as the example writes it: the statement object opens on line 4, `    {`.
  const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe('    {');
  expect(errors).toEqual([]);
});

test('dropping a JSON file on an editor loads it', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // The DescribeVolumes report's first policy: ec2:DescribeVolumes on Resource "*", which "returned without error".
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Stmt1414688041000', Effect: 'Allow', Action: ['ec2:DescribeVolumes'], Resource: ['*'] }],
  }, null, 2);
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'policy.json', { type: 'application/json' }));
    return dt;
  }, policy);
  await page.locator('.code-editor').first().dispatchEvent('drop', { dataTransfer });
  await expect(page.locator('.policy-card textarea').first()).toHaveValue(policy);
  // With Resource "*" the real call is allowed too (the DescribeVolumes report: "the results I am expecting … are returned").
  await expect(literal(page)).toHaveText(/Allow$/);
  await expect(real(page)).toHaveText(/Allow$/);
  expect(errors).toEqual([]);
});

test('a scenario file is exported and imported', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export scenario' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('scenario.json');
  const path = await file.path();
  const { readFile } = await import('node:fs/promises');
  const scenario = JSON.parse(await readFile(path, 'utf8'));
  // README, the scenario format: `policies.identity` and `request.action` are the required parts.
  expect(scenario.request.action).toBe('ec2:DescribeVolumes');
  expect(scenario.policies.identity[0].name).toBe('VolumesOnly');

  // Import the PassRole to EC2 guide's user policy as a scenario file.
  const imported = {
    policies: { identity: [{ name: 'PassOnly', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/EC2-roles-for-XYZ-*' }] } }] },
    request: { principal: 'arn:aws:iam::111122223333:user/coworker', action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/EC2-roles-for-XYZ-db' },
  };
  await page.locator('#import-file').setInputFiles({ name: 'in.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await expect(page.locator('.policy-name').first()).toHaveValue('PassOnly');
  // The PassRole to EC2 guide: roles whose names begin with EC2-roles-for-XYZ- may be passed.
  await expect(literal(page)).toHaveText(/Allow$/);
  await expect(page.getByTestId('request-problem')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a CloudFormation template imported puts its policies in the editors and keeps the request', async ({ page }) => {
  // AWS CloudFormation User Guide: an AWS::IAM::Role's `Policies` are its inline (identity-based) policies. The
  // DescribeVolumes report / Service Authorization Reference: DescribeVolumes allowed on "*" is allowed, literally
  // and by the real API (the default example asks DescribeVolumes).
  const errors = watchErrors(page);
  await firstVisit(page);
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  ReadRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: ec2.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: Volumes',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: ec2:DescribeVolumes',
    '                Resource: "*"',
    '',
  ].join('\n');
  await page.locator('#import-file').setInputFiles({ name: 'stack.yaml', mimeType: 'application/x-yaml', buffer: Buffer.from(template) });
  await expect(page.locator('.policy-name')).toHaveCount(2);
  await expect(page.locator('.policy-name').nth(0)).toHaveValue('ReadRole.AssumeRolePolicyDocument');
  await expect(page.locator('.policy-name').nth(1)).toHaveValue('ReadRole.Policies.Volumes');
  await expect(page.getByText(/Imported 2 policies from stack\.yaml/)).toBeVisible();
  await expect(literal(page)).toHaveText(/Allow$/);
  expect(errors).toEqual([]);
});

test('a context value a condition cannot compare is shown as a request problem', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  // IAM User Guide, Condition operators, IP address condition operators compare against an IPv4 or IPv6 address;
  // 10.0.0.300 is none, so the Allow does not apply, and the page says why instead of denying silently.
  const imported = {
    policies: { identity: [{ name: 'Office', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] } }] },
    request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: { 'aws:SourceIp': '10.0.0.300' } },
  };
  await page.locator('#import-file').setInputFiles({ name: 'ip.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await expect(literal(page)).toHaveText(/Implicit deny$/);
  const problem = page.getByTestId('request-problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-code', 'invalid-context-value');
  await expect(problem).toContainText('10.0.0.300');
  expect(errors).toEqual([]);
});

test('a fix from the policy checks list is applied to the editor and its finding goes', async ({ page }) => {
  const errors = watchErrors(page);
  await firstVisit(page);
  const editor = page.locator('.policy-card textarea').first();
  // IAM Access Analyzer's policy check reference, REDUNDANT_ACTION (a suggestion): "The iam:GetCredentialReport
  // action is already included as part of iam:Get*. To remove the duplicate permissions, you could remove
  // iam:GetCredentialReport." Line 6 is the Action array; `"iam:GetCredentialReport"` starts at its column 43.
  const line = (actions) => `      "Action": [${actions}],`;
  const policy = (actions) => [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    line(actions),
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
  await editor.fill(policy('"iam:Get*", "iam:List*", "iam:GetCredentialReport"'));
  // The policy's checks are listed under its editor, each with its place, code and, when it has one, a Fix.
  const checks = page.getByRole('list', { name: /Policy checks/ }).first();
  await expect(checks).toBeVisible();
  const finding = checks.getByTestId('finding').filter({ hasText: 'REDUNDANT_ACTION' });
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('suggestion');
  await expect(finding).toContainText('at line 6, column 43');
  await expect(finding).toContainText('iam:GetCredentialReport');
  const fix = finding.getByTestId('lint-fix');
  await expect(fix).toHaveAttribute('title', /remove `iam:GetCredentialReport`/);
  await fix.click();
  // The fix removes the covered action and nothing else.
  await expect(editor).toHaveValue(policy('"iam:Get*", "iam:List*"'));
  await expect(page.getByTestId('finding').filter({ hasText: 'REDUNDANT_ACTION' })).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('Applied');
  expect(errors).toEqual([]);
});
