// The JavaScript package as a Node user gets it (`cargo xtask wasm-pkg` → target/pkg/node, CommonJS), run by
// `node --test` in the "node tests" layer of `cargo xtask test`. Expectations come from the AWS documentation
// and the project's seeds, cited beside each; none is copied from our own output.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pkg = process.env.IAM_WASM_PKG || join(root, "target", "pkg");
const iam = createRequire(import.meta.url)(join(pkg, "node", "iam_wasm.js"));

const ALICE = "arn:aws:iam::111122223333:user/alice";
const doc = (...Statement) => ({ Version: "2012-10-17", Statement });
const scenario = (identity, request, more = {}) => ({
  policies: { identity: identity.map((d, i) => ({ name: `P${i}`, document: d })), ...more },
  request: { principal: ALICE, ...request },
});

test("the DescribeVolumes report: DescribeVolumes scoped to volume ARNs is allowed literally and denied by the real API", () => {
  // The DescribeVolumes report (Compatibility of AWS EC2 API Actions and IAM Policy Resource-Level Permissions): the policy
  // simulator allows DescribeVolumes on a volume ARN, the real call returns UnauthorizedOperation.
  // Service Authorization Reference, Actions defined by Amazon EC2: DescribeVolumes lists no resource types,
  // so the service authorizes it against "*", which `volume/*` does not match.
  const answer = iam.evaluate(
    scenario([doc({ Sid: "Stmt1414688041000", Effect: "Allow", Action: ["ec2:DescribeVolumes"], Resource: ["arn:aws:ec2:us-east-1:111122223333:volume/*"] })], {
      action: "ec2:DescribeVolumes",
      resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc",
    }),
  );
  assert.equal(answer.decision, "Allow");
  assert.deepEqual(answer.decidingStatements, ["identity/P0#0"]);
  assert.equal(answer.realApi.decision, "ImplicitDeny");
  assert.ok(answer.realApi.divergences.some((d) => d.kind === "no-resource-level-permissions"));
});

test("an explicit deny overrides an allow", () => {
  // IAM User Guide, Policy evaluation logic: "An explicit deny in any of these policies overrides the allow."
  const answer = iam.evaluate(
    scenario([doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }), doc({ Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::bucket/*" })], {
      action: "s3:DeleteObject",
      resource: "arn:aws:s3:::bucket/key",
    }),
  );
  assert.equal(answer.decision, "ExplicitDeny");
  assert.deepEqual(answer.decidingStatements, ["identity/P1#0"]);
});

test("a permissions boundary limits what the identity policy allows", () => {
  // IAM User Guide, Permissions boundaries for IAM entities: the effective permissions are the intersection
  // of the identity-based policy and the boundary (the ShirleyBoundary example: s3:*, cloudwatch:*, ec2:*;
  // CreateUser allowed by the identity policy is still denied).
  const answer = iam.evaluate(
    scenario([doc({ Effect: "Allow", Action: "iam:CreateUser", Resource: "*" })], { action: "iam:CreateUser", resource: "arn:aws:iam::111122223333:user/bob" }, {
      permissionsBoundary: { name: "ShirleyBoundary", document: doc({ Effect: "Allow", Action: ["s3:*", "cloudwatch:*", "ec2:*"], Resource: "*" }) },
    }),
  );
  assert.equal(answer.decision, "ImplicitDeny");
  assert.equal(answer.decidedBy, "permissionsBoundary");
});

test("every SCP level from the root to the account must allow", () => {
  // Organizations User Guide, SCP evaluation: "there must be an explicit Allow statement at every level from
  // the root through each OU in the direct path to the account (including the target account itself)".
  const full = { name: "FullAWSAccess", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) };
  const only = { name: "OnlyEc2", document: doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }) };
  const answer = iam.evaluate(
    scenario([doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })], { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" }, {
      scps: [{ name: "Root", policies: [full] }, { name: "OU", policies: [only] }, { name: "Account", policies: [full] }],
    }),
  );
  assert.equal(answer.decision, "ImplicitDeny");
  assert.equal(answer.decidedBy, "scp");
});

test("a condition on aws:SourceIp: IpAddress with a CIDR", () => {
  // IAM User Guide, Condition operators, IP address: IpAddress matches "The specified IP address or range";
  // 203.0.113.0/24 contains 203.0.113.7 and not 198.51.100.7.
  const policy = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } });
  const at = (ip) => iam.evaluate(scenario([policy], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: { "aws:SourceIp": ip } })).decision;
  assert.equal(at("203.0.113.7"), "Allow");
  assert.equal(at("198.51.100.7"), "ImplicitDeny");
});

test("evaluate(object) and evaluate(text) give the answer evaluateJson gives", () => {
  const s = scenario([doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" })], { action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:111122223333:q" });
  const fromJson = JSON.parse(iam.evaluateJson(JSON.stringify(s)));
  // aws:CurrentTime/aws:EpochTime in realApi follow the clock; compare everything else.
  const strip = (a) => ({ ...a, realApi: { ...a.realApi, addedKeys: a.realApi.addedKeys.filter((k) => !/Time$/.test(k.key)) } });
  assert.deepEqual(strip(iam.evaluate(s)), strip(fromJson));
  assert.deepEqual(strip(iam.evaluate(JSON.stringify(s))), strip(fromJson));
  assert.equal(fromJson.decision, "Allow");
  const literal = iam.evaluateLiteral(s);
  assert.equal(literal.decision, "Allow");
  assert.equal(literal.realApi, undefined);
});

test("a broken policy is reported in the answer with its line and column, not thrown", () => {
  // README, The answer: `errors` carry a code, a message, a help text and a location (line, column).
  const answer = iam.evaluate({
    policies: { identity: [{ name: "Broken", document: '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", "Action": "s3:*" "Resource": "*" } ]\n}' }] },
    request: { principal: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
  });
  assert.notEqual(answer.decision, "Allow");
  assert.ok(answer.errors.length > 0);
  assert.equal(answer.errors[0].location.line, 3);
  assert.equal(typeof answer.errors[0].code, "string");
});

test("decide gives the decision and the deciding statements without the trace", () => {
  // IAM User Guide, Policy evaluation logic: an explicit deny overrides an allow; with no deny, an allow in an
  // identity-based policy (and no boundary, session policy or SCP) allows the request.
  const policies = [doc({ Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*" }), doc({ Sid: "NoDelete", Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::bucket/*" })];
  const denied = iam.decide(scenario(policies, { action: "s3:DeleteObject", resource: "arn:aws:s3:::bucket/key" }));
  assert.equal(denied.decision, "ExplicitDeny");
  assert.equal(denied.decidedBy, "identity");
  assert.deepEqual(denied.decidingStatements, ["identity/P1#0"]);
  assert.equal(denied.policies, undefined, "no trace");
  assert.equal(denied.realApi, undefined, "no real-API answer");
  const text = JSON.stringify(scenario(policies, { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" }));
  const allowed = iam.decide(text);
  assert.equal(allowed.decision, "Allow");
  assert.deepEqual(allowed.decidingStatements, ["identity/P0#0"]);
  // A broken policy is reported, not thrown (README, The answer).
  const broken = iam.decide({ policies: { identity: [{ name: "B", document: '{"Version": "2012-10-17", "Statement": [' }] }, request: { principal: ALICE, action: "s3:GetObject", resource: "*" } });
  assert.notEqual(broken.decision, "Allow");
  assert.equal(broken.errors[0].code, "invalid-json");
});

test("decideAll answers each entry of requests in order, reading the policies once", () => {
  // IAM User Guide, Policy evaluation logic: an explicit deny overrides an allow; an action no statement allows
  // is implicitly denied; README, scenario format: `requests` are answered in order against the same policies.
  const s = {
    policies: { identity: [{ name: "P", document: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }) }] },
    requests: [
      { principal: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
      { principal: ALICE, action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k" },
      { principal: ALICE, action: "ec2:DescribeVolumes", resource: "*" },
    ],
  };
  const all = iam.decideAll(s);
  assert.deepEqual(all.map((d) => d.decision), ["Allow", "ExplicitDeny", "ImplicitDeny"]);
  assert.deepEqual(all[1].decidingStatements, ["identity/P#1"]);
  // A scenario with one `request` gives one answer, the one decide gives.
  const one = scenario([doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })], { action: "s3:GetObject", resource: "*" });
  assert.deepEqual(iam.decideAll(one), [iam.decide(one)]);
});

test("prepare reads the policies once; its decide and evaluate answer as the whole scenario does", () => {
  // IAM User Guide, Policy evaluation logic: an explicit deny overrides an allow; an action no statement allows is
  // implicitly denied. The DescribeVolumes report: a volume-scoped DescribeVolumes is allowed literally and
  // refused by the real API (EC2 lists no resource types for it).
  const policies = {
    identity: [
      { name: "P", document: doc({ Effect: "Allow", Action: ["s3:*", "ec2:DescribeVolumes"], Resource: ["arn:aws:s3:::b/*", "arn:aws:ec2:us-east-1:111122223333:volume/*"] }, { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }) },
    ],
  };
  const requests = [
    { principal: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
    { principal: ALICE, action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k" },
    { principal: ALICE, action: "iam:PassRole", resource: "*" },
    { principal: ALICE, action: "ec2:DescribeVolumes", resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1" },
  ];
  const sim = iam.prepare({ policies });
  try {
    const decisions = requests.map((r) => sim.decide(r).decision);
    assert.deepEqual(decisions, ["Allow", "ExplicitDeny", "ImplicitDeny", "Allow"]);
    for (const r of requests) {
      const whole = { policies, request: r };
      assert.deepEqual(sim.decide(r), iam.decide(whole));
      // The same request as a scenario-shaped object and as text.
      assert.deepEqual(sim.decide({ request: r }), iam.decide(whole));
      assert.deepEqual(JSON.parse(sim.decideJson(JSON.stringify({ request: r }))), iam.decide(whole));
      const full = sim.evaluate(r);
      const expected = iam.evaluate(whole);
      assert.equal(full.decision, expected.decision);
      assert.deepEqual(full.realApi?.decision, expected.realApi?.decision);
      assert.deepEqual(full.policies, expected.policies);
    }
    assert.equal(sim.evaluate(requests[3]).realApi.decision, "ImplicitDeny");
    assert.deepEqual(sim.decideAll({ requests }).map((d) => d.decision), decisions);
  } finally {
    sim.free();
  }
  // Problems in the policies are in every answer, as when the scenario is read whole.
  const broken = iam.prepare({ policies: { identity: [{ name: "B", document: '{"Version": "2012-10-17", "Statement": [' }] } });
  const answer = broken.decide(requests[0]);
  assert.equal(answer.incomplete, true);
  assert.deepEqual(answer.errors.map((e) => e.code), iam.decide({ policies: { identity: [{ name: "B", document: '{"Version": "2012-10-17", "Statement": [' }] }, request: requests[0] }).errors.map((e) => e.code));
  broken.free();
});

test("sweepActions decides every action of the reference", () => {
  // Service Authorization Reference: s3:GetObject exists and s3:PutObject is not a Get* action; a policy
  // allowing `s3:Get*` allows exactly the S3 actions whose names start with Get (wildcard matching, IAM User
  // Guide, IAM JSON policy elements: Action).
  const s = scenario([doc({ Effect: "Allow", Action: "s3:Get*", Resource: "*" })], { action: "s3:GetObject", resource: "*" });
  const sweep = iam.sweepActions(s);
  assert.ok(sweep.actions > 10000, `the reference has over 10,000 actions, got ${sweep.actions}`);
  assert.equal(sweep.allow + sweep.implicitDeny + sweep.explicitDeny, sweep.actions);
  assert.ok(sweep.allowed.includes("s3:GetObject"));
  assert.ok(sweep.allowed.every((a) => /^s3:Get/i.test(a)), "only s3:Get* is allowed");
  assert.ok(!sweep.allowed.includes("s3:PutObject"));
  assert.equal(sweep.explicitDeny, 0);
});

test("the package is built for the web too, with TypeScript types", () => {
  for (const target of ["web", "node"]) {
    const dts = readFileSync(join(pkg, target, "iam_wasm.d.ts"), "utf8");
    assert.match(dts, /export function evaluate\(scenario: Scenario \| string\): Answer;/);
    assert.match(dts, /export function evaluateJson\(scenario: string\): string;/);
    assert.match(dts, /export function decide\(scenario: Scenario \| string\): Decided;/);
    assert.match(dts, /export function decideAll\(scenario: Scenario \| string\): Decided\[\];/);
    // The JSON-text forms of each call, for callers that hold or want text.
    for (const call of ["evaluateLiteral", "decide", "decideAll", "sweepActions"])
      assert.match(dts, new RegExp(`export function ${call}Json\\(scenario: string\\): string;`));
    assert.match(dts, /export interface Scenario \{/);
    assert.match(dts, /export interface Answer \{/);
    assert.ok(existsSync(join(pkg, target, "iam_wasm_bg.wasm")));
    assert.ok(existsSync(join(pkg, target, "package.json")));
  }
  // The web build is an ES module with an init function (wasm-bindgen --target web).
  assert.match(readFileSync(join(pkg, "web", "iam_wasm.js"), "utf8"), /export \{ initSync, __wbg_init as default \}/);
});

test("the web build evaluates too, once initialised with the module's bytes", async () => {
  // The same the DescribeVolumes report expectation as above, through the ES module a browser or bundler loads.
  const web = await import(pathToFileURL(join(pkg, "web", "iam_wasm.js")).href);
  web.initSync({ module: readFileSync(join(pkg, "web", "iam_wasm_bg.wasm")) });
  const answer = web.evaluate(
    scenario([doc({ Effect: "Allow", Action: "ec2:DescribeVolumes", Resource: "arn:aws:ec2:us-east-1:111122223333:volume/*" })], {
      action: "ec2:DescribeVolumes",
      resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc",
    }),
  );
  assert.equal(answer.decision, "Allow");
  assert.equal(answer.realApi.decision, "ImplicitDeny");
});

test("every path decides alike over the bench's workload", async () => {
  // The same scenario through every call must give one decision (the conformance cases check which decision is
  // right; this checks that the paths agree): decide (object and text), decideJson, evaluateLiteral, evaluate, and
  // the prepared policies' decide and evaluate, over 600 generated scenarios (bench/workload.mjs: wildcards,
  // NotAction/NotResource, every condition family, variables, boundaries, session policies, SCP and RCP levels,
  // resource-based policies, cross-account callers).
  const { generate } = await import(pathToFileURL(join(root, "bench", "workload.mjs")).href);
  let checked = 0;
  for (const s of generate(600)) {
    const text = JSON.stringify(s.ours);
    const want = iam.decide(s.ours).decision;
    const ask = s.ours.realApi ? { request: s.ours.request, realApi: s.ours.realApi } : s.ours.request;
    const sim = iam.prepare(s.ours);
    const got = {
      "decide(text)": iam.decide(text).decision,
      decideJson: JSON.parse(iam.decideJson(text)).decision,
      evaluateLiteral: iam.evaluateLiteral(s.ours).decision,
      evaluate: iam.evaluate(s.ours).decision,
      "prepared decide": sim.decide(ask).decision,
      "prepared evaluate": sim.evaluate(ask).decision,
    };
    sim.free();
    for (const [path, decision] of Object.entries(got)) assert.equal(decision, want, `${path} on scenario ${checked}: ${text}`);
    checked++;
  }
  assert.equal(checked, 600);
});

test("lint: a misspelt action is INVALID_ACTION at its line and column, with the action that exists as the fix", () => {
  // IAM User Guide, IAM policy validation check reference, "Error – Invalid action": issue code INVALID_ACTION,
  // finding type ERROR, "The action {{action}} does not exist. Did you mean {{valid_action}}?"; "For some common
  // issues, the policy check returns a suggested action." Service Authorization Reference, Actions defined by
  // Amazon S3: GetObject is an action, GetObjects is not. The place is counted by hand in the text below: line 2,
  // the opening quote of "s3:GetObjects" is its 45th character.
  const text = '{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}}';
  const start = text.indexOf('"s3:GetObjects"');
  for (const [path, findings] of [
    ["lint", iam.lint(text, "identity")],
    ["lintJson", JSON.parse(iam.lintJson(text, "identity"))],
  ]) {
    const invalid = findings.filter((f) => f.code === "INVALID_ACTION");
    assert.equal(invalid.length, 1, `${path}: ${JSON.stringify(findings)}`);
    const [f] = invalid;
    assert.equal(f.severity, "ERROR", path);
    assert.equal(f.location.line, 2, path);
    assert.equal(f.location.column, 45, path);
    assert.equal(f.fix.replacement, '"s3:GetObject"', path);
    assert.equal(f.fix.span.start, start, path);
    assert.equal(f.fix.span.end, start + '"s3:GetObjects"'.length, path);
  }
});

test("lint: an unknown policy type throws, and lintJson answers with an error", () => {
  // The package's contract (crates/wasm/README.md, `lint(text, type)`): the type is one of identity, resource, scp,
  // rcp, boundary, trust, session, vpc-endpoint, and "an unknown type throws"; `lintJson` answers
  // {"error": "…"} instead of throwing.
  const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}';
  assert.throws(() => iam.lint(text, "bucket"), /unknown policy type/);
  const answer = JSON.parse(iam.lintJson(text, "bucket"));
  assert.match(answer.error, /unknown policy type/);
});

// Amazon S3 API Reference, PublicAccessBlockConfiguration: "Amazon S3 considers a bucket policy public unless … the
// policy grants permissions … to … a fixed aws:SourceVpce". Principal "*" alone is public; with a fixed VPC endpoint
// it is not.
test("publicAccess: Principal * is public, a fixed VPC endpoint is not", () => {
  const open = doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*" });
  const vpce = doc({
    Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*",
    Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
  });
  const pub = iam.publicAccess(JSON.stringify(open));
  assert.equal(pub.verdict, "newAccess");
  assert.match(pub.headline, /^public access: s3:GetObject on arn:aws:s3:::amzn-s3-demo-bucket\//);
  assert.ok(pub.counterexamples.length > 0);
  const closed = iam.publicAccess(JSON.stringify(vpce));
  assert.equal(closed.verdict, "noNewAccess");
  assert.equal(closed.headline, "no public access");
});

// IAM User Guide, Principal element: an account principal in a resource-based policy grants access to that account;
// a bucket policy that adds account 444455556666 grants something the old one did not.
test("compare searches resource policies' principals", () => {
  const grant = (aws) => doc({ Effect: "Allow", Principal: { AWS: aws }, Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*" });
  const old = JSON.stringify(grant("arn:aws:iam::111122223333:root"));
  const wider = JSON.stringify(grant(["arn:aws:iam::111122223333:root", "444455556666"]));
  assert.equal(iam.compare(old, wider, "resource").verdict, "newAccess");
  assert.equal(iam.compare(wider, old, "resource").verdict, "noNewAccess");
});

// IAM User Guide, IAM policy elements: Variables and tags: "During policy evaluation, the policy variables are
// replaced with values that come from the conditional context keys passed in the request." Widening a user's own
// home folder (home/${aws:username}/*) to every home folder lets a user read another user's; narrowing it back
// grants nothing new. The counterexample names the user name it was found with.
test("compare follows ${aws:username} in a Resource", () => {
  const own = JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*" }));
  const all = JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/*" }));
  const wider = iam.compare(own, all, "identity");
  assert.equal(wider.verdict, "newAccess");
  assert.equal(iam.compare(all, own, "identity").verdict, "noNewAccess");
  assert.equal(iam.compare(own, own, "identity").verdict, "noNewAccess");
  const c = wider.counterexamples[0];
  assert.match(c.resource, /^arn:aws:s3:::amzn-s3-demo-bucket\/home\//);
});
