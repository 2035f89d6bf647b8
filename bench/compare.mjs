// Side by side in one Node process: our wasm package (Node target, `cargo xtask wasm-pkg`) against
// @cloud-copilot/iam-simulate over the same seeded workload; then the scenarios the two decide differently,
// native `iamsim eval --jsonl --stats` throughput on the same workload, and a sweep of every action in the
// reference against a 10-policy principal in wasm. Each of our calls is timed both ways across the JavaScript
// boundary (objects built by serde-wasm-bindgen, and JSON text), per call and by answer size (boundary.mjs).
//
//   cargo xtask bench                      # builds the package and the release CLI, installs, runs this
//   node bench/compare.mjs [--count N]     # the same, once those are built (IAM_WASM_PKG, IAMSIM to override)
//
// Writes bench/out/workload.jsonl (our scenarios, one per line) and bench/out/differences.json.

import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { generate } from "./workload.mjs";
import { classify } from "./classify.mjs";
import { tenPolicyPrincipal } from "./sweep.mjs";
import { boundaryBySize } from "./boundary.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const count = Number(args[args.indexOf("--count") + 1]) || 2000;
const timing = !args.includes("--no-timing");
const pkgDir = process.env.IAM_WASM_PKG ? join(process.env.IAM_WASM_PKG, "node") : join(root, "target", "pkg", "node");
const iamsim = process.env.IAMSIM || join(root, "target", "release", "iamsim");

if (!existsSync(join(pkgDir, "iam_wasm.js"))) {
  console.error(`no package at ${pkgDir}: run \`cargo xtask wasm-pkg\` (or \`cargo xtask bench\`)`);
  process.exit(2);
}
const ours = require(join(pkgDir, "iam_wasm.js"));
const { runSimulation } = await import("@cloud-copilot/iam-simulate");

const PEER = { Allowed: "Allow", ImplicitlyDenied: "ImplicitDeny", ExplicitlyDenied: "ExplicitDeny" };
const peerDecision = (res) => (res.resultType === "error" ? `error:${res.errors.message}` : PEER[res.overallResult] ?? String(res.overallResult));

const workload = generate(count);
const out = join(here, "out");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "workload.jsonl"), workload.map((s) => JSON.stringify(s.ours)).join("\n") + "\n");

console.log(`workload: ${workload.length} scenarios (seeded), ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);

/**
 * µs per request for each engine, measured interleaved: the workload is cut into batches of 100 and every engine
 * runs each batch back to back, so that load from other processes falls on all of them alike. One warm-up
 * round, then `rounds` timed rounds; the best round counts.
 */
async function timeAll(engines, rounds) {
  const batches = [];
  for (let i = 0; i < workload.length; i += 100) batches.push(workload.slice(i, i + 100));
  const best = engines.map(() => Infinity);
  for (let round = 0; round <= rounds; round++) {
    const total = engines.map(() => 0);
    for (const batch of batches) {
      for (const [k, [, fn, isAsync]] of engines.entries()) {
        const t0 = performance.now();
        // Only the peer's API is asynchronous; awaiting a plain value would add a microtask to ours.
        if (isAsync) for (const s of batch) await fn(s);
        else for (const s of batch) fn(s);
        total[k] += performance.now() - t0;
      }
    }
    if (round > 0) total.forEach((t, k) => (best[k] = Math.min(best[k], (t * 1000) / workload.length)));
  }
  return best;
}

const texts = new Map(workload.map((s) => [s, JSON.stringify(s.ours)]));
// Prepared policies: each scenario's policies read once (outside the timing), then only its request is asked.
const prepared = new Map(workload.map((s) => [s, ours.prepare(s.ours)]));
const asks = new Map(workload.map((s) => [s, s.ours.realApi ? { request: s.ours.request, realApi: s.ours.realApi } : s.ours.request]));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
if (timing) {
  let sink = 0;
  console.log(`load average (1, 5, 15 min) before timing: ${load()}`);
  const [full, fullViaText, jsonText, literal, literalViaText, decided, decidedViaText, decidedText, decidedJson, stringify, preparedFull, preparedDecide, peer] = await timeAll(
    [
      ["ours evaluate", (s) => ours.evaluate(s.ours)],
      ["ours evaluate, JSON path", (s) => JSON.parse(ours.evaluateJson(JSON.stringify(s.ours)))],
      ["ours evaluateJson", (s) => ours.evaluateJson(texts.get(s))],
      ["ours evaluateLiteral", (s) => ours.evaluateLiteral(s.ours)],
      ["ours evaluateLiteral, JSON path", (s) => JSON.parse(ours.evaluateLiteralJson(JSON.stringify(s.ours)))],
      ["ours decide", (s) => ours.decide(s.ours)],
      ["ours decide, JSON path", (s) => JSON.parse(ours.decideJson(JSON.stringify(s.ours)))],
      ["ours decide(text)", (s) => ours.decide(texts.get(s))],
      ["ours decideJson", (s) => ours.decideJson(texts.get(s))],
      ["JSON.stringify alone", (s) => (sink += JSON.stringify(s.ours).length)],
      ["ours prepared evaluate(request)", (s) => prepared.get(s).evaluate(asks.get(s))],
      ["ours prepared decide(request)", (s) => prepared.get(s).decide(asks.get(s))],
      ["peer runSimulation", (s) => runSimulation(s.peer, {}), true],
    ],
    3,
  );

  console.log("");
  console.log("µs per request (interleaved in batches of 100; best of 3 rounds after a warm-up round). Objects out are built by");
  console.log("serde-wasm-bindgen; \"JSON path\" is JSON.parse(…Json(JSON.stringify(scenario))), what the object calls did before:");
  const row = (name, us, note) => console.log(`  ${name.padEnd(72)} ${us.toFixed(1).padStart(8)} µs   ${note}`);
  const x = (us) => `${(peer / us).toFixed(1)}×`;
  row("ours: evaluate(scenario): literal + trace + realApi, objects", full, `${x(full)} the peer's speed`);
  row("ours: the same by the JSON path", fullViaText, x(fullViaText));
  row("ours: evaluateJson(text): the same, JSON text in and out", jsonText, x(jsonText));
  row("ours: evaluateLiteral(scenario): literal answer + trace, objects", literal, x(literal));
  row("ours: the same by the JSON path", literalViaText, x(literalViaText));
  row("ours: decide(scenario): decision, deciding statements, reason, objects", decided, x(decided));
  row("ours: the same by the JSON path", decidedViaText, x(decidedViaText));
  row("ours: decide(text): JSON text in, objects out", decidedText, x(decidedText));
  row("ours: decideJson(text): JSON text in and out", decidedJson, x(decidedJson));
  row("ours, policies prepared: sim.evaluate(request): the same answer as evaluate", preparedFull, x(preparedFull));
  row("ours, policies prepared: sim.decide(request): the same answer as decide", preparedDecide, x(preparedDecide));
  row("@cloud-copilot/iam-simulate: await runSimulation(sim, {})", peer, "1×");
  row("floor: JSON.stringify(scenario) alone (no engine)", stringify, `${x(stringify)} (the most any engine taking an object could reach this way)`);
  console.log(`  ratio (peer / ours): evaluate ${x(full)}, evaluateLiteral ${x(literal)}, decide ${x(decided)}, decide(text) ${x(decidedText)}, prepared evaluate ${x(preparedFull)}, prepared decide ${x(preparedDecide)}${sink < 0 ? "" : ""}`);
  boundaryBySize(ours, workload.map((s) => s.ours));
  console.log(`load average (1, 5, 15 min) after timing: ${load()}`);
}

// Every path decides alike: prepared decide and evaluate against decide and evaluate of the whole scenario.
{
  let mismatched = 0;
  for (const s of workload) {
    const sim = prepared.get(s);
    const a = ours.decide(s.ours).decision;
    const paths = [sim.decide(asks.get(s)).decision, sim.evaluate(asks.get(s)).decision, ours.evaluate(s.ours).decision, ours.decide(texts.get(s)).decision];
    if (paths.some((d) => d !== a)) mismatched++;
  }
  console.log(`paths: decide, decide(text), evaluate, prepared decide and prepared evaluate give the same decision on ${workload.length - mismatched} of ${workload.length} scenarios`);
  if (mismatched) process.exitCode = 1;
}
for (const sim of prepared.values()) sim.free();

// Decisions.
const decide = async (pair) => [ours.evaluateLiteral(pair.ours).decision, peerDecision(await runSimulation(pair.peer, {}))];
const differences = [];
const tally = { same: 0, peerErrors: 0 };
for (const s of workload) {
  const a = ours.evaluate(s.ours);
  const p = await runSimulation(s.peer, {});
  const pd = peerDecision(p);
  if (pd.startsWith("error:")) tally.peerErrors++;
  if (pd === a.decision) {
    tally.same++;
    continue;
  }
  differences.push({ ...s.meta, ours: a.decision, oursRealApi: a.realApi?.decision, peer: pd, klass: await classify(s, p, decide), oursDeciding: a.decidingStatements, oursReason: a.reason, scenario: s.ours, peerResult: p });
}
writeFileSync(join(out, "differences.json"), JSON.stringify(differences, null, 1));
console.log("");
console.log(`decisions: ${tally.same} the same, ${differences.length} different (of ${workload.length}); the peer refused ${tally.peerErrors}`);
const classes = new Map();
for (const d of differences) classes.set(d.klass, [...(classes.get(d.klass) || []), d]);
for (const [klass, ds] of [...classes].sort((x, y) => y[1].length - x[1].length)) {
  console.log(`  ${String(ds.length).padStart(4)}  ${klass}`);
  for (const d of ds.slice(0, 200)) console.log(`          #${d.index} ${d.action} by ${d.principal}: ours ${d.ours} (realApi ${d.oursRealApi}), peer ${d.peer}`);
}
console.log(`  (full scenarios and both answers in bench/out/differences.json; verdicts in docs/engine-differences.md)`);

// Native throughput on the same workload.
console.log("");
if (existsSync(iamsim)) {
  const run = spawnSync(iamsim, ["eval", "--jsonl", "--stats"], { input: workload.map((s) => JSON.stringify(s.ours)).join("\n") + "\n", maxBuffer: 1 << 30 });
  const stats = run.stderr.toString().trim().split("\n").pop();
  console.log(`native: iamsim eval --jsonl --stats (decision without trace, one process): ${stats}`);
} else {
  console.log(`native: ${iamsim} is missing; build it with \`cargo build --release -p iamsim\``);
}

// Every action against a 10-policy principal, in wasm.
const principal = tenPolicyPrincipal();
ours.sweepActions(principal);
const times = [];
let sweep;
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  sweep = ours.sweepActions(principal);
  times.push(performance.now() - t0);
}
times.sort((x, y) => x - y);
console.log(`sweep: ${sweep.actions} actions against 10 identity policies + boundary + 2 SCP levels in wasm: median ${times[2].toFixed(1)} ms (best ${times[0].toFixed(1)} ms); ${sweep.allow} allowed, ${sweep.explicitDeny} explicitly denied, ${sweep.implicitDeny} implicitly denied`);
