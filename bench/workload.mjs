// The bench workload: a deterministic (seeded) generator of varied scenarios, each written twice, once in our
// scenario format (schema/scenario.schema.json) and once as an @cloud-copilot/iam-simulate `Simulation`
// (its dist/esm/simulation_engine/simulation.d.ts), from the same choices.
//
// Coverage: action and resource wildcards (`*`, `?`, prefixes, case), NotAction/NotResource, every condition
// family (String, Numeric, Date, Bool, Binary, IP, ARN, Null, …IfExists, ForAnyValue/ForAllValues), policy
// variables (${aws:username}, ${aws:PrincipalTag/…}), permissions boundaries, session policies, SCP levels,
// RCP levels, resource-based policies and cross-account requests.
//
// Both engines get the same explicit context, including the keys that follow from the principal
// (aws:PrincipalArn, aws:PrincipalAccount, aws:username for IAM users), because the peer does not derive them.
// Every request targets a resource the action's resource types accept (the peer rejects other ARNs) and
// actions without resource-level permissions use `*`.

/** mulberry32: a small seeded PRNG, so the workload is the same on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const HOME = "111122223333"; // the resource owner, and the caller's account unless cross-account
const OTHER = "444455556666"; // the other account for cross-account requests
const ORG = "o-a1b2c3d4e5";

/** Actions with a resource their resource types accept; `rp`: the service has resource-based policies. */
const ACTIONS = [
  { action: "s3:GetObject", resource: (r) => `arn:aws:s3:::example-bucket/${r.pick(["home/alice/notes.txt", "home/bob/a.txt", "public/index.html", "private/data.csv"])}`, rp: true },
  { action: "s3:PutObject", resource: (r) => `arn:aws:s3:::example-bucket/${r.pick(["home/alice/up.txt", "public/x.html", "logs/2026/1.log"])}`, rp: true },
  { action: "s3:DeleteObject", resource: () => "arn:aws:s3:::example-bucket/private/data.csv", rp: true },
  { action: "s3:ListBucket", resource: () => "arn:aws:s3:::example-bucket", rp: true },
  { action: "ec2:TerminateInstances", resource: (r) => `arn:aws:ec2:us-east-1:${HOME}:instance/${r.pick(["i-0abc", "i-0def"])}` },
  { action: "ec2:StartInstances", resource: () => `arn:aws:ec2:us-east-1:${HOME}:instance/i-0abc` },
  { action: "ec2:DescribeInstances", resource: () => "*" },
  { action: "ec2:DescribeVolumes", resource: () => "*" },
  { action: "iam:GetUser", resource: (r) => `arn:aws:iam::${HOME}:user/${r.pick(["alice", "bob"])}` },
  { action: "iam:CreateAccessKey", resource: (r) => `arn:aws:iam::${HOME}:user/${r.pick(["alice", "bob"])}` },
  { action: "iam:ListUsers", resource: () => "*" },
  { action: "sqs:SendMessage", resource: () => `arn:aws:sqs:us-east-1:${HOME}:orders`, rp: true },
  { action: "sqs:ReceiveMessage", resource: () => `arn:aws:sqs:us-east-1:${HOME}:orders`, rp: true },
  { action: "sns:Publish", resource: () => `arn:aws:sns:us-east-1:${HOME}:alerts`, rp: true },
  { action: "lambda:InvokeFunction", resource: () => `arn:aws:lambda:us-east-1:${HOME}:function:process`, rp: true },
  { action: "dynamodb:GetItem", resource: () => `arn:aws:dynamodb:us-east-1:${HOME}:table/Orders` },
  { action: "dynamodb:PutItem", resource: () => `arn:aws:dynamodb:us-east-1:${HOME}:table/Orders` },
  { action: "secretsmanager:GetSecretValue", resource: () => `arn:aws:secretsmanager:us-east-1:${HOME}:secret:db-AbCdEf`, rp: true },
  { action: "cloudwatch:PutMetricData", resource: () => "*" },
  { action: "logs:PutLogEvents", resource: () => `arn:aws:logs:us-east-1:${HOME}:log-group:app:log-stream:web` },
];

/** Callers: IAM users and role sessions in the home account and in the other one. */
const PRINCIPALS = [
  { arn: `arn:aws:iam::${HOME}:user/alice`, account: HOME, user: "alice", principalArn: `arn:aws:iam::${HOME}:user/alice`, session: false },
  { arn: `arn:aws:iam::${HOME}:user/bob`, account: HOME, user: "bob", principalArn: `arn:aws:iam::${HOME}:user/bob`, session: false },
  { arn: `arn:aws:sts::${HOME}:assumed-role/Dev/alice`, account: HOME, principalArn: `arn:aws:iam::${HOME}:role/Dev`, session: true },
  { arn: `arn:aws:iam::${OTHER}:user/carol`, account: OTHER, user: "carol", principalArn: `arn:aws:iam::${OTHER}:user/carol`, session: false },
  { arn: `arn:aws:sts::${OTHER}:assumed-role/Auditor/dave`, account: OTHER, principalArn: `arn:aws:iam::${OTHER}:role/Auditor`, session: true },
];

/** Action patterns for a request action: matching ones (wildcards, case) and a few that do not match. */
function actionPattern(r, action) {
  const [svc, name] = action.split(":");
  const options = [
    action,
    action,
    `${svc}:*`,
    `${svc}:${name.slice(0, 3)}*`,
    `${svc}:?${name.slice(1)}`,
    `${svc.toUpperCase()}:${name.toLowerCase()}`,
    `${svc}:*${name.slice(-4)}`,
    "*",
    `${svc}:Describe*`,
    "s3:Get*",
    "iam:*User*",
    `${svc}:List*`,
  ];
  return r.pick(options);
}

/** Resource patterns for a request resource, with variables and near misses. */
function resourcePattern(r, resource) {
  if (resource === "*") return r.pick(["*", "*", `arn:aws:ec2:us-east-1:${HOME}:volume/*`]);
  const cut = resource.lastIndexOf("/") > 0 ? resource.lastIndexOf("/") : resource.lastIndexOf(":");
  const options = [
    resource,
    "*",
    `${resource.slice(0, cut + 1)}*`,
    resource.replace(/[0-9](?!.*[0-9])/, "?"),
    resource.replace(HOME, "*"),
    "arn:aws:s3:::example-bucket/home/${aws:username}/*",
    "arn:aws:s3:::example-bucket/*",
    `arn:aws:iam::${HOME}:user/\${aws:username}`,
    "arn:aws:s3:::other-bucket/*",
    `arn:aws:sqs:us-east-1:${HOME}:*`,
    `arn:aws:dynamodb:us-east-1:${HOME}:table/\${aws:PrincipalTag/team}`,
  ];
  return r.pick(options);
}

const DATES = ["2025-06-30T00:00:00Z", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"];

/** One condition block drawn from every family; each entry is [operator, key, values]. */
function condition(r) {
  const families = [
    () => ["StringEquals", "aws:PrincipalTag/team", r.pick(["blue", ["blue", "red"], "green"])],
    () => ["StringNotEquals", "aws:PrincipalTag/team", "red"],
    () => ["StringLike", "aws:PrincipalArn", r.pick([`arn:aws:iam::*:user/a*`, `arn:aws:iam::${HOME}:role/*`, "*:user/?ob"])],
    () => ["StringNotLike", "aws:PrincipalArn", `arn:aws:iam::${OTHER}:*`],
    () => ["StringEqualsIgnoreCase", "aws:RequestedRegion", r.pick(["US-EAST-1", "eu-west-1"])],
    () => ["StringEquals", "aws:PrincipalAccount", r.pick([HOME, OTHER])],
    () => ["StringEquals", "aws:PrincipalOrgID", ORG],
    () => ["StringEquals", "aws:PrincipalTag/project", "${aws:username}"],
    () => ["StringLike", "aws:userid", ["AIDA*", "*:${aws:username}"]],
    () => ["NumericLessThan", "aws:MultiFactorAuthAge", r.pick(["3600", "600"])],
    () => ["NumericGreaterThanEquals", "aws:MultiFactorAuthAge", "300"],
    () => ["NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600"],
    () => ["DateGreaterThan", "aws:CurrentTime", r.pick(DATES)],
    () => ["DateLessThan", "aws:CurrentTime", r.pick(DATES)],
    () => ["DateLessThanEquals", "aws:EpochTime", r.pick(["1767225600", "1798761600"])],
    () => ["Bool", "aws:SecureTransport", r.pick(["true", "false"])],
    () => ["Bool", "aws:MultiFactorAuthPresent", "true"],
    () => ["BoolIfExists", "aws:MultiFactorAuthPresent", "false"],
    () => ["BinaryEquals", "aws:PrincipalTag/cert", "QmluYXJ5VmFsdWU="],
    () => ["IpAddress", "aws:SourceIp", r.pick(["203.0.113.0/24", ["192.0.2.0/24", "2001:db8::/32"], "198.51.100.7"])],
    () => ["NotIpAddress", "aws:SourceIp", "10.0.0.0/8"],
    () => ["ArnLike", "aws:PrincipalArn", r.pick([`arn:aws:iam::${HOME}:user/*`, `arn:aws:iam::*:role/Dev`])],
    () => ["ArnEquals", "aws:SourceArn", `arn:aws:sns:us-east-1:${HOME}:alerts`],
    () => ["ArnNotLike", "aws:PrincipalArn", `arn:aws:iam::${OTHER}:*`],
    () => ["Null", r.pick(["aws:MultiFactorAuthAge", "aws:TokenIssueTime", "aws:SourceVpce"]), r.pick(["true", "false"])],
    () => ["StringEqualsIfExists", "aws:RequestedRegion", "us-east-1"],
    () => ["StringNotEqualsIfExists", "aws:PrincipalOrgID", ORG],
    () => ["ForAnyValue:StringEquals", "aws:PrincipalTag/roles", ["admin", "ops"]],
    () => ["ForAllValues:StringLike", "aws:TagKeys", ["env", "team*"]],
    () => ["ForAnyValue:StringLike", "aws:TagKeys", ["cost*"]],
    // Edge cases: key names in another case, a single-valued operator on a multivalued key, IfExists on a
    // negated operator, variables with defaults, Bool spelled in capitals, IPv6 against IPv4 ranges.
    () => ["StringEquals", "AWS:PRINCIPALTAG/TEAM", "blue"],
    () => ["StringLike", "aws:TagKeys", "env"],
    () => ["ForAllValues:StringEquals", "aws:TagKeys", ["env", "team-a"]],
    () => ["StringNotEqualsIfExists", "aws:PrincipalTag/team", ["red", "Orders"]],
    () => ["StringEquals", "aws:PrincipalTag/project", "${aws:PrincipalTag/missing, 'phoenix'}"],
    () => ["StringLike", "aws:PrincipalArn", "arn:aws:iam::${aws:PrincipalAccount}:*"],
    () => ["Bool", "aws:SecureTransport", "True"],
    () => ["IpAddress", "aws:SourceIp", "0.0.0.0/0"],
    () => ["DateEquals", "aws:EpochTime", "1790000000"],
    () => ["NumericEquals", "aws:MultiFactorAuthAge", "900"],
    () => ["ArnLike", "aws:SourceArn", "arn:aws:sns:*:*:al*"],
  ];
  const block = {};
  const n = r.chance(0.25) ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const [op, key, values] = r.pick(families)();
    block[op] = { ...(block[op] || {}), [key]: values };
  }
  return block;
}

/** A statement for an identity-like policy (no Principal). */
function statement(r, req, effect) {
  const s = { Effect: effect };
  if (r.chance(0.1)) s.NotAction = r.pick(["iam:*", "s3:Delete*", "ec2:Terminate*"]);
  else s.Action = r.chance(0.3) ? [actionPattern(r, req.action), actionPattern(r, req.action)] : actionPattern(r, req.action);
  if (r.chance(0.08)) s.NotResource = r.pick(["arn:aws:s3:::other-bucket/*", `arn:aws:iam::${HOME}:user/root-admin`, resourcePattern(r, req.resource)]);
  else s.Resource = resourcePattern(r, req.resource);
  if (r.chance(effect === "Deny" ? 0.7 : 0.45)) s.Condition = condition(r);
  return s;
}

function doc(statements) {
  return { Version: "2012-10-17", Statement: statements };
}

/** A resource-based policy: principals by account, ARN, root or `*`, with conditions. */
function resourcePolicy(r, req, principal) {
  const principals = [
    { AWS: principal.arn },
    { AWS: principal.principalArn },
    { AWS: `arn:aws:iam::${principal.account}:root` },
    { AWS: principal.account },
    { AWS: `arn:aws:iam::${HOME}:root` },
    "*",
    { AWS: `arn:aws:iam::${OTHER}:user/mallory` },
    { AWS: "*" },
    { AWS: [principal.account, `arn:aws:iam::${OTHER}:root`] },
  ];
  const statements = [];
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    const effect = r.chance(0.8) ? "Allow" : "Deny";
    const s = { Effect: effect, Principal: r.pick(principals), Action: actionPattern(r, req.action), Resource: req.resource === "*" ? "*" : resourcePattern(r, req.resource) };
    if (s.Resource.includes("${")) s.Resource = req.resource;
    if (effect === "Deny" && r.chance(0.3)) {
      // NotPrincipal with Deny: everyone except the listed principals (IAM User Guide, NotPrincipal).
      delete s.Principal;
      s.NotPrincipal = { AWS: r.pick([principal.arn, `arn:aws:iam::${principal.account}:root`, `arn:aws:iam::${OTHER}:user/mallory`]) };
    }
    if (s.Principal === "*" || r.chance(0.3)) s.Condition = condition(r);
    statements.push(s);
  }
  return doc(statements);
}

const FULL_ACCESS = doc([{ Effect: "Allow", Action: "*", Resource: "*" }]);
const RCP_FULL_ACCESS = doc([{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }]);

function scpLevel(r, req) {
  const [svc] = req.action.split(":");
  const policies = [];
  const kind = r.int(4);
  if (kind === 0) policies.push({ name: "FullAWSAccess", document: FULL_ACCESS });
  else if (kind === 1) policies.push({ name: "AllowList", document: doc([{ Effect: "Allow", Action: r.pick([[`${svc}:*`, "sts:*"], ["ec2:*", "s3:*"], ["iam:Get*", "iam:List*"]]), Resource: "*" }]) });
  else if (kind === 2)
    policies.push(
      { name: "FullAWSAccess", document: FULL_ACCESS },
      { name: "DenyRegions", document: doc([{ Effect: "Deny", NotAction: ["iam:*", "sts:*", "cloudwatch:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } } }]) },
    );
  else
    policies.push(
      { name: "FullAWSAccess", document: FULL_ACCESS },
      { name: "Guardrail", document: doc([{ Effect: "Deny", Action: actionPattern(r, req.action), Resource: "*", Condition: condition(r) }]) },
    );
  return policies;
}

function rcpLevel(r, req) {
  const policies = [];
  if (r.chance(0.6))
    policies.push({
      name: "EnforceOrg",
      document: doc([
        {
          Effect: "Deny",
          Principal: "*",
          // Not "*": the peer refuses an RCP whose Action is "*" alone (see docs/engine-differences.md).
          Action: r.pick(["s3:*", "sqs:*", "secretsmanager:*", ["s3:*", "sqs:*", "secretsmanager:*", "kms:*", "sts:*"]]),
          Resource: "*",
          Condition: r.chance(0.5)
            ? { StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } }
            : { BoolIfExists: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
  return policies;
}

/** The context both engines get. */
function context(r, principal) {
  const c = {
    "aws:PrincipalArn": principal.principalArn,
    "aws:PrincipalAccount": principal.account,
  };
  if (principal.user) c["aws:username"] = principal.user;
  if (r.chance(0.8)) c["aws:userid"] = principal.user ? `AIDA${principal.user.toUpperCase()}` : `AROADEV:${r.pick(["alice", "dave"])}`;
  if (r.chance(0.7)) c["aws:SourceIp"] = r.pick(["203.0.113.7", "192.0.2.44", "10.1.2.3", "2001:db8::5", "198.51.100.7"]);
  if (r.chance(0.7)) c["aws:SecureTransport"] = r.pick(["true", "true", "false"]);
  if (r.chance(0.5)) c["aws:MultiFactorAuthPresent"] = r.pick(["true", "false"]);
  if (r.chance(0.4)) c["aws:MultiFactorAuthAge"] = r.pick(["120", "900", "7200"]);
  if (r.chance(0.6)) c["aws:CurrentTime"] = r.pick(["2025-03-01T12:00:00Z", "2026-06-15T08:30:00Z", "2027-02-01T00:00:00Z"]);
  if (r.chance(0.3)) c["aws:EpochTime"] = r.pick(["1750000000", "1790000000", "1800000000"]);
  if (r.chance(0.7)) c["aws:RequestedRegion"] = r.pick(["us-east-1", "us-east-1", "eu-west-1"]);
  if (r.chance(0.5)) c["aws:PrincipalTag/team"] = r.pick(["blue", "red", "Orders"]);
  if (r.chance(0.3)) c["aws:PrincipalTag/project"] = r.pick(["alice", "phoenix"]);
  if (r.chance(0.2)) c["aws:PrincipalTag/roles"] = r.pick(["admin", "dev"]);
  if (r.chance(0.1)) c["aws:PrincipalTag/cert"] = r.pick(["QmluYXJ5VmFsdWU=", "T3RoZXI="]);
  if (r.chance(0.5)) c["aws:PrincipalOrgID"] = r.pick([ORG, ORG, "o-zzzzzzzzzz"]);
  if (r.chance(0.2)) c["aws:SourceVpce"] = "vpce-1a2b3c4d";
  if (r.chance(0.15)) c["aws:TokenIssueTime"] = "2026-06-15T08:00:00Z";
  if (r.chance(0.15)) c["aws:SourceArn"] = `arn:aws:sns:us-east-1:${HOME}:alerts`;
  if (r.chance(0.2)) c["aws:TagKeys"] = r.pick([["env"], ["env", "team-a"], ["cost-center"]]);
  return c;
}

/** Generates `count` scenarios from `seed`: `[{ ours, peer, meta }]`. */
export function generate(count, seed = 20261123) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const spec = r.pick(ACTIONS);
    const principal = r.pick(PRINCIPALS);
    const req = { action: spec.action, resource: spec.resource(r) };
    const ctx = context(r, principal);

    const identity = [];
    const nPolicies = 1 + r.int(3);
    for (let p = 0; p < nPolicies; p++) {
      const statements = [];
      const nStatements = 1 + r.int(3);
      for (let s = 0; s < nStatements; s++) statements.push(statement(r, req, p === 0 && s === 0 ? "Allow" : r.chance(0.7) ? "Allow" : "Deny"));
      identity.push({ name: `P${p}`, document: doc(statements) });
    }
    const boundary = r.chance(0.25) ? { name: "Boundary", document: doc([statement(r, req, "Allow")].concat(r.chance(0.3) ? [statement(r, req, "Deny")] : [])) } : undefined;
    const session = principal.session && r.chance(0.4) ? { name: "Session", document: doc([statement(r, req, "Allow")]) } : undefined;
    const cross = principal.account !== HOME;
    const resource = spec.rp && (cross ? r.chance(0.85) : r.chance(0.45)) ? { name: "ResourcePolicy", document: resourcePolicy(r, req, principal) } : undefined;
    const scps = r.chance(0.4) ? Array.from({ length: 1 + r.int(3) }, (_, l) => ({ name: ["Root", "OU", "Account"][l], policies: scpLevel(r, req) })) : undefined;
    const rcps = r.chance(0.25) ? Array.from({ length: 1 + r.int(2) }, (_, l) => ({ name: ["Root", "Account"][l], policies: rcpLevel(r, req) })) : undefined;

    const ours = {
      name: `bench-${i}`,
      policies: { identity },
      request: { principal: principal.arn, action: req.action, resource: req.resource, resourceAccount: HOME, context: ctx },
    };
    if (resource) ours.policies.resource = resource;
    if (boundary) ours.policies.permissionsBoundary = boundary;
    if (session) ours.policies.session = session;
    if (scps) ours.policies.scps = scps;
    // Our format lists every RCP; the peer adds RCPFullAWSAccess to each level itself.
    if (rcps) ours.policies.rcps = rcps.map((l) => ({ name: l.name, policies: [{ name: "RCPFullAWSAccess", document: RCP_FULL_ACCESS }, ...l.policies] }));

    const peer = {
      request: { principal: principal.arn, action: req.action, resource: { resource: req.resource, accountId: HOME }, contextVariables: ctx },
      identityPolicies: identity.map((p) => ({ name: p.name, policy: p.document })),
      serviceControlPolicies: (scps || []).map((l) => ({ orgIdentifier: l.name, policies: l.policies.map((p) => ({ name: p.name, policy: p.document })) })),
      resourceControlPolicies: (rcps || []).map((l) => ({ orgIdentifier: l.name, policies: l.policies.map((p) => ({ name: p.name, policy: p.document })) })),
    };
    if (resource) peer.resourcePolicy = resource.document;
    if (boundary) peer.permissionBoundaryPolicies = [{ name: boundary.name, policy: boundary.document }];
    if (session) peer.sessionPolicy = session.document;

    out.push({ ours, peer, meta: { index: i, action: req.action, principal: principal.arn, cross } });
  }
  return out;
}
