// The JavaScript boundary by answer size: the same calls of our package made both ways, objects built by
// serde-wasm-bindgen (`evaluate`, `decideAll`) and the JSON-text path (`JSON.stringify` → the `…Json` call →
// `JSON.parse`, which is what the object calls did before), over answers from 0.2 KB to 210 KB. (`sweepActions`
// returns its answer through JSON text, measured faster for its long list of names: README, Benchmarks.)
// Run by compare.mjs; alone:
//
//   node bench/boundary.mjs      # IAM_WASM_PKG to point at target/pkg

import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * µs per call of each of `paths` ([name, fn(item)]) over `items`, interleaved: the items are cut into batches and
 * every path runs each batch back to back, so that load from other processes falls on all alike. One warm-up
 * round, then `rounds` timed rounds; the best round counts. Also returns, for the first two paths, the median over
 * every timed batch of the ratio of their times (paired batch by batch, so robust to bursts of load).
 */
export function timeInterleaved(paths, items, { rounds = 3, batch = 100 } = {}) {
  const best = paths.map(() => Infinity);
  const ratios = [];
  for (let round = 0; round <= rounds; round++) {
    const total = paths.map(() => 0);
    for (let i = 0; i < items.length; i += batch) {
      const slice = items.slice(i, i + batch);
      const times = paths.map(([, fn]) => {
        const t0 = performance.now();
        for (const item of slice) fn(item);
        return performance.now() - t0;
      });
      times.forEach((t, k) => (total[k] += t));
      if (round > 0 && times.length > 1) ratios.push(times[0] / times[1]);
    }
    if (round > 0) total.forEach((t, k) => (best[k] = Math.min(best[k], (t * 1000) / items.length)));
  }
  ratios.sort((a, b) => a - b);
  return { best, ratio: ratios[Math.floor(ratios.length / 2)] };
}

/** The two paths of one call: [objects, JSON text], each taking a scenario object. */
const paths = (ours, call) => [
  ["objects", (s) => ours[call](s)],
  ["JSON text", (s) => JSON.parse(ours[`${call}Json`](JSON.stringify(s)))],
];

const kb = (bytes) => (bytes >= 100 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024).toFixed(1)} KB`);

/** Prints the table: for each call and answer size, µs per call both ways. `workload`: the bench's scenarios. */
export function boundaryBySize(ours, workload) {
  const rows = [];
  // evaluate: the workload's answers (literal trace + realApi) in quarters by size.
  const sized = workload.map((s) => ({ s, size: ours.evaluateJson(JSON.stringify(s)).length })).sort((a, b) => a.size - b.size);
  const quarter = Math.ceil(sized.length / 4);
  for (let q = 0; q < 4; q++) {
    const part = sized.slice(q * quarter, (q + 1) * quarter);
    if (part.length === 0) continue;
    const mean = part.reduce((n, x) => n + x.size, 0) / part.length;
    const { best: [objects, text], ratio } = timeInterleaved(paths(ours, "evaluate"), part.map((x) => x.s), { batch: 50 });
    rows.push([`evaluate, quarter ${q + 1} of the workload by answer size (${part.length} scenarios)`, mean, objects, text, ratio]);
  }
  // decideAll: one set of policies, 1 to 1,000 requests (the workload's), one small answer per request.
  for (const n of [1, 10, 100, 1000]) {
    const scenario = { policies: workload[0].policies, requests: workload.slice(0, n).map((s) => s.request) };
    const size = ours.decideAllJson(JSON.stringify(scenario)).length;
    const calls = Array.from({ length: Math.max(10, Math.ceil(2000 / n)) }, () => scenario);
    const { best: [objects, text], ratio } = timeInterleaved(paths(ours, "decideAll"), calls, { rounds: 5, batch: Math.max(1, Math.ceil(50 / n)) });
    rows.push([`decideAll, ${n} request${n === 1 ? "" : "s"}`, size, objects, text, ratio]);
  }
  console.log("");
  console.log("the boundary by answer size: objects built by serde-wasm-bindgen against JSON.parse(…Json(JSON.stringify(scenario))),");
  console.log("µs per call (interleaved; best of 3 rounds after a warm-up round, 5 for decideAll); the difference of the best");
  console.log("rounds, and the median over every batch of objects ÷ JSON text − 1, paired batch by batch:");
  console.log(`  ${"call".padEnd(78)} ${"answer".padStart(9)} ${"objects".padStart(10)} ${"JSON text".padStart(10)}   difference`);
  const signed = (x, digits) => `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
  for (const [name, size, objects, text, ratio] of rows) {
    console.log(`  ${name.padEnd(78)} ${kb(size).padStart(9)} ${objects.toFixed(1).padStart(10)} ${text.toFixed(1).padStart(10)}   ${signed(objects - text, 1)} µs; ${signed(100 * (ratio - 1), 0)}%`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const pkg = process.env.IAM_WASM_PKG ? resolve(process.env.IAM_WASM_PKG, "node") : join(root, "target", "pkg", "node");
  const ours = createRequire(import.meta.url)(join(pkg, "iam_wasm.js"));
  const { generate } = await import("./workload.mjs");
  boundaryBySize(ours, generate(2000).map((s) => s.ours));
}
