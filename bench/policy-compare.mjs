// The comparison in wasm (V8, as in a browser tab): two identity policies of 50 statements each, the same inputs as
// `cargo bench -p iam-compare` (crates/compare/benches/compare.rs): a mix of ten services, wildcard actions and ARNs
// and conditions, the new policy widening every seventh statement. The budget is 100 ms a comparison in the tab.
//
//   cargo xtask wasm-pkg && node bench/policy-compare.mjs [--runs N]
//
// Prints the median, the fastest and the slowest of N runs (default 30) for each direction, after one warm-up call
// that reads the reference's tables (once per page in the app).

import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 30;
const pkgDir = process.env.IAM_WASM_PKG ? join(process.env.IAM_WASM_PKG, "node") : join(root, "target", "pkg", "node");
const sim = require(join(pkgDir, "iam_wasm.js"));

const SERVICES = [
  ["s3", "GetObject", "arn:aws:s3:::bucket-{i}/data/*"],
  ["s3", "PutObject", "arn:aws:s3:::bucket-{i}/uploads/*"],
  ["dynamodb", "GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/t{i}"],
  ["sqs", "SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue-{i}"],
  ["sns", "Publish", "arn:aws:sns:us-east-1:111122223333:topic-{i}"],
  ["ec2", "Describe*", "*"],
  ["lambda", "InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f{i}*"],
  ["kms", "Decrypt", "arn:aws:kms:us-east-1:111122223333:key/{i}"],
  ["logs", "PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/app/{i}:*"],
  ["iam", "PassRole", "arn:aws:iam::111122223333:role/app-{i}"],
];

/** The benchmark's policy of 50 statements; `widen` makes every seventh statement broader. */
function policy(widen) {
  const statements = [];
  for (let i = 0; i < 50; i++) {
    const [svc, name, arn] = SERVICES[i % SERVICES.length];
    let resource = arn.replaceAll("{i}", String(i));
    let action = `${svc}:${name}`;
    const wide = widen && i % 7 === 3;
    if (wide && i % 2 === 0) action = `${svc}:*`;
    else if (wide) resource = resource.replaceAll(String(i), "*");
    const st = { Sid: `S${i}`, Effect: "Allow", Action: action, Resource: resource };
    if (i % 5 === 0 && !wide) st.Condition = { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"] } };
    else if (i % 5 === 1) st.Condition = { StringEquals: { "aws:PrincipalTag/team": ["red", "blue"] } };
    if (i % 17 === 16) st.Effect = "Deny";
    statements.push(st);
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const old = policy(false);
const wide = policy(true);
sim.compare(old, old, "identity");

function time(label, a, b) {
  const ms = [];
  let verdict = "";
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    verdict = sim.compare(a, b, "identity").verdict;
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((x, y) => x - y);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`${label.padEnd(28)} ${verdict.padEnd(14)} median ${median.toFixed(1)} ms  (fastest ${ms[0].toFixed(1)}, slowest ${ms[ms.length - 1].toFixed(1)})`);
}

console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${runs} runs each`);
time("widened (new access)", old, wide);
time("narrowed (no new access)", wide, old);
time("identical (no new access)", old, old);
