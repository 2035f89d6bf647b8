// Prepared policies do not leak: one handle answers a million requests, and a hundred thousand handles are made
// and released (by free(), and by the FinalizationRegistry when JavaScript collects them), while the process's
// resident memory is watched (the wasm memory is part of it, and a wasm memory only grows). Run with the package
// built (`cargo xtask wasm-pkg`):
//
//   node --expose-gc bench/prepared-leak.mjs [--calls N]     # IAM_WASM_PKG to override target/pkg

import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = process.env.IAM_WASM_PKG || join(root, "target", "pkg");
const iam = createRequire(import.meta.url)(join(pkg, "node", "iam_wasm.js"));
const args = process.argv.slice(2);
const calls = Number(args[args.indexOf("--calls") + 1]) || 1_000_000;
const gc = globalThis.gc ?? (() => {});
const rss = () => {
  gc();
  return process.memoryUsage().rss / 1e6;
};

const ALICE = "arn:aws:iam::111122223333:user/alice";
const policies = {
  identity: Array.from({ length: 10 }, (_, i) => ({
    name: `P${i}`,
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: `arn:aws:s3:::bucket-${i}/*`, Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" } } }] },
  })),
};
const requests = Array.from({ length: 100 }, (_, i) => ({ principal: { arn: ALICE, tags: { team: i % 2 ? "blue" : "red" } }, action: "s3:GetObject", resource: `arn:aws:s3:::bucket-${i % 12}/key` }));

const sim = iam.prepare({ policies });
for (let i = 0; i < 10_000; i++) sim.decide(requests[i % 100]);
const before = rss();
const t0 = performance.now();
for (let i = 0; i < calls; i++) sim.decide(requests[i % 100]);
const ms = performance.now() - t0;
const after = rss();
console.log(`one handle, ${calls} decide calls: ${((ms * 1000) / calls).toFixed(2)} µs each; resident memory ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after`);
sim.free();

const handles = calls / 10;
// Made and freed in three rounds: a leak grows by the same step every round.
const m0 = rss();
const freed = [];
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < handles; i++) iam.prepare({ policies }).free();
  freed.push(rss());
}
// Handles left to the FinalizationRegistry, in ten rounds: it runs after a collection, between turns of the event
// loop, so each round yields. The wasm memory keeps its highest size, so a registry that works shows as memory
// that stops growing after the first round; a leak grows by the same step every round.
const rounds = [];
for (let round = 0; round < 10; round++) {
  for (let i = 0; i < handles / 10; i++) iam.prepare({ policies }).decide(requests[i % 100]);
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  rounds.push(rss());
}
console.log(`${handles} handles made and freed, three times: resident memory ${m0.toFixed(1)} MB, then ${freed.map((m) => m.toFixed(1)).join(", ")} MB; ${handles} more left to the FinalizationRegistry in ten rounds: ${rounds.map((m) => m.toFixed(0)).join(", ")} MB`);
