// The answers of the JavaScript package against the declarations of `types.d.ts`, and the two boundary paths
// against each other. The answers are real: every conformance case (`tests/cases/*.json`) and every example of
// the app (`examples/*.json`, `web/examples/*.json`), evaluated by the package `cargo xtask wasm-pkg` builds. What is checked is
// the README's description of the answer ("The answer", "The real-API answer") as `types.d.ts` declares it:
// every field present is declared, every required one present, every value of its declared type.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDeclarations, checker } from "./dts.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pkg = process.env.IAM_WASM_PKG || join(root, "target", "pkg");
const iam = createRequire(import.meta.url)(join(pkg, "node", "iam_wasm.js"));
const declarations = parseDeclarations(readFileSync(join(root, "crates", "wasm", "types.d.ts"), "utf8"));

/** `[name, scenario]` for every conformance case and example; a `requests` array becomes one scenario each. */
function corpus() {
  const out = [];
  const cases = join(root, "tests", "cases");
  for (const file of readdirSync(cases).filter((f) => f.endsWith(".json")).sort())
    for (const c of JSON.parse(readFileSync(join(cases, file), "utf8")).cases) out.push([`${file}: ${c.name}`, c.scenario]);
  for (const dir of ["examples", "web/examples"]) {
    const examples = join(root, ...dir.split("/"));
    for (const file of readdirSync(examples).filter((f) => f.endsWith(".json")).sort()) out.push([`${dir}/${file}`, JSON.parse(readFileSync(join(examples, file), "utf8"))]);
  }
  return out.flatMap(([name, s]) => {
    if (!Array.isArray(s.requests)) return [[name, s]];
    const { requests, ...rest } = s;
    return requests.map(({ realApi, ...request }, i) => [`${name} (request ${i})`, { ...rest, request, realApi: realApi ?? s.realApi }]);
  });
}
const scenarios = corpus();

// Scenarios for what the corpus does not show. README, The real-API answer: `problems` lists `realApi` options
// of the wrong type or unknown (here a string for a boolean, and a misspelt call parameter).
const ALICE = "arn:aws:iam::111122223333:user/alice";
scenarios.push([
  "realApi options with problems",
  {
    policies: { identity: [{ name: "P", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }] } }] },
    request: { principal: ALICE, action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:111122223333:instance/*" },
    realApi: { evaluateDependentActions: "yes", call: { keyname: "ops" } },
  },
]);

/** The answer without the keys that follow the clock (aws:CurrentTime, aws:EpochTime), which differ by call. */
const withoutClock = (a) =>
  a.realApi ? { ...a, realApi: { ...a.realApi, addedKeys: a.realApi.addedKeys.filter((k) => !/Time$/.test(k.key)) } } : a;

test("the scenarios cover the real-API answer", () => {
  // Enough real answers that every declaration is exercised (the test below says which were not).
  assert.ok(scenarios.length > 500, `${scenarios.length} scenarios`);
});

// Every answer checked once; the checker records what it saw for the coverage test.
const check = checker(declarations);
const answers = scenarios.map(([name, s]) => [name, s, iam.evaluate(s)]);
const problems = [];
for (const [name, s, answer] of answers) {
  problems.push(...check.check(answer, "Answer", `${name}: answer`));
  problems.push(...check.check(iam.decide(s), "Decided", `${name}: decide`));
  iam.decideAll(s).forEach((d, i) => problems.push(...check.check(d, "Decided", `${name}: decideAll[${i}]`)));
}
problems.push(...check.check(iam.sweepActions(scenarios[0][1]), "Sweep", "sweepActions"));

test("every answer of every case and example has the shape types.d.ts declares", () => {
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
});

test("every member declared for the answers appears in some answer, every divergence kind and origin too", () => {
  // A member no answer carries is either dead or untested; a literal no answer shows, likewise.
  const unseen = [...check.reachableMembers("Answer", "Decided", "Sweep")].filter((m) => !check.seen.has(m));
  assert.deepEqual(unseen, []);
  for (const alias of ["DivergenceKind", "ResourceOrigin", "PolicyKind", "Decision"]) {
    const missing = check.literalsOf(alias).filter((v) => !check.seen.has(`${alias}=${v}`));
    assert.deepEqual(missing, [], `${alias} values no answer shows`);
  }
});

test("DivergenceKind and ResourceOrigin list exactly what the real-API answer writes", () => {
  // crates/realapi/src/answer.rs: `DivergenceKind::as_str` names each kind; `ResourceOrigin` is kebab-case.
  const rust = readFileSync(join(root, "crates", "realapi", "src", "answer.rs"), "utf8");
  const kinds = [...rust.matchAll(/DivergenceKind::\w+ => "([a-z-]+)"/g)].map((m) => m[1]);
  assert.ok(kinds.length >= 13, `found ${kinds.length} kinds in answer.rs`);
  assert.deepEqual([...check.literalsOf("DivergenceKind")].sort(), [...kinds].sort());
  const body = rust.slice(rust.indexOf("pub enum ResourceOrigin {"));
  const variants = body.slice(0, body.indexOf("}")).match(/^\s+([A-Z]\w*),/gm).map((v) => v.trim().slice(0, -1).replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase()));
  assert.deepEqual([...check.literalsOf("ResourceOrigin")].sort(), variants.sort());
});

test("the checker rejects answers that are not of the declared shape", () => {
  // So that the tests above cannot pass by checking nothing.
  const [, , answer] = answers.find(([, , a]) => a.realApi && a.realApi.divergences.some((d) => d.fix));
  const copy = () => structuredClone(answer);
  assert.deepEqual(check.check(copy(), "Answer"), []);
  const extra = copy();
  extra.realApi.resources[0].colour = "blue";
  assert.match(check.check(extra, "Answer").join("\n"), /resources\[0\]\.colour: not declared/);
  const missing = copy();
  delete missing.realApi.notes;
  assert.match(check.check(missing, "Answer").join("\n"), /realApi\.notes: missing/);
  const kind = copy();
  kind.realApi.divergences[0].kind = "no-such-kind";
  assert.match(check.check(kind, "Answer").join("\n"), /divergences\[0\]\.kind: matches no member/);
  const fix = copy();
  fix.realApi.divergences.find((d) => d.fix).fix.text = 7;
  assert.match(check.check(fix, "Answer").join("\n"), /fix\.text: number where string is declared/);
});

test("objects built by serde-wasm-bindgen are the JSON text the …Json calls write", () => {
  // Serializer::json_compatible(): plain objects, null for a missing value, no undefined members. The same
  // answer both ways, member for member and in the same order.
  for (const [name, s, answer] of answers) {
    const text = JSON.stringify(s);
    assert.equal(JSON.stringify(withoutClock(answer)), JSON.stringify(withoutClock(JSON.parse(iam.evaluateJson(text)))), name);
    assert.deepEqual(withoutClock(answer), withoutClock(JSON.parse(iam.evaluateJson(text))), name);
    assert.equal(JSON.stringify(iam.evaluateLiteral(s)), iam.evaluateLiteralJson(text), name);
    assert.equal(JSON.stringify(iam.decide(s)), iam.decideJson(text), name);
    assert.equal(JSON.stringify(iam.decideAll(s)), iam.decideAllJson(text), name);
  }
  const sweep = scenarios[0][1];
  assert.equal(JSON.stringify(iam.sweepActions(sweep)), iam.sweepActionsJson(JSON.stringify(sweep)));
});
