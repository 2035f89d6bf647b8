// The sweep's principal: an IAM user with 10 identity policies (50 statements, wildcards, NotAction and
// conditions of several families), a permissions boundary and two SCP levels. `sweepActions` replaces the
// action with every action of the reference in turn.
//
//   node bench/sweep.mjs      # prints the sweep time alone (IAM_WASM_PKG to point at target/pkg)

import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const services = ["ec2", "s3", "iam", "sqs", "sns", "lambda", "dynamodb", "kms", "logs", "cloudwatch"];

export function tenPolicyPrincipal() {
  const identity = services.map((svc, i) => ({
    name: `Policy${i}`,
    document: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Read", Effect: "Allow", Action: [`${svc}:Describe*`, `${svc}:Get*`, `${svc}:List*`], Resource: "*" },
        { Sid: "Write", Effect: "Allow", Action: [`${svc}:Put*`, `${svc}:Create*`], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } },
        { Sid: "Tagged", Effect: "Allow", Action: `${svc}:*`, Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "platform" }, Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        { Sid: "NoDelete", Effect: "Deny", Action: `${svc}:Delete*`, Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } } },
        { Sid: "Others", Effect: "Allow", NotAction: [`${svc}:*`, "iam:*", "organizations:*"], Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" }, "ForAnyValue:StringLike": { "aws:PrincipalTag/roles": ["admin*", "ops"] } } },
      ],
    },
  }));
  return {
    policies: {
      identity,
      permissionsBoundary: { name: "Boundary", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: ["iam:*User*", "account:*"], Resource: "*" }] } },
      scps: [
        { name: "Root", policies: [{ name: "FullAWSAccess", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }] },
        { name: "Workloads", policies: [{ name: "Guardrails", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: ["organizations:*", "account:*", "iam:CreateUser"], Resource: "*" }] } }] },
      ],
    },
    request: {
      principal: { arn: "arn:aws:iam::111122223333:user/alice", tags: { team: "platform" } },
      action: "s3:GetObject",
      resource: "*",
      context: { "aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": true, "aws:RequestedRegion": "us-east-1", "aws:CurrentTime": "2026-11-23T12:00:00Z", "aws:PrincipalTag/roles": ["dev"] },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const pkg = process.env.IAM_WASM_PKG ? join(process.env.IAM_WASM_PKG, "node") : join(root, "target", "pkg", "node");
  const ours = createRequire(import.meta.url)(join(pkg, "iam_wasm.js"));
  const scenario = tenPolicyPrincipal();
  ours.sweepActions(scenario);
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const s = ours.sweepActions(scenario);
    console.log(`${s.actions} actions in ${(performance.now() - t0).toFixed(1)} ms: ${s.allow} allowed, ${s.explicitDeny} explicit deny, ${s.implicitDeny} implicit deny`);
  }
}
