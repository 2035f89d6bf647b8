// Sorts a difference between the two engines into a class by ablation: each class has a transformation that
// removes its cause from both inputs; the first one after which the engines agree names the class (the
// narrowest transformations come first; removing NotPrincipal statements whole comes last).
// The verdict for each class (which engine follows the AWS documentation) is in docs/engine-differences.md.

const statements = (doc) => (doc && Array.isArray(doc.Statement) ? doc.Statement : doc && doc.Statement ? [doc.Statement] : []);

/** Every policy document of our scenario (the peer's simulation shares the same objects). */
function documents(s) {
  const p = s.ours.policies;
  const docs = [...p.identity.map((x) => x.document)];
  for (const one of [p.resource, p.permissionsBoundary, p.session]) if (one) docs.push(one.document);
  for (const levels of [p.scps, p.rcps]) for (const l of levels || []) for (const x of l.policies) docs.push(x.document);
  return docs;
}

const forEachStatement = (s, f) => {
  let changed = false;
  for (const doc of documents(s)) {
    const list = statements(doc);
    for (let i = list.length - 1; i >= 0; i--) changed = f(list[i], list, i) || changed;
  }
  return changed;
};

export const CLASSES = [
  {
    name: "IpAddress with a /0 range: 0.0.0.0/0 matches every IPv4 address",
    fix: (s) =>
      forEachStatement(s, (st) => {
        let changed = false;
        for (const op of ["IpAddress", "NotIpAddress"]) {
          const block = st.Condition?.[op];
          if (!block) continue;
          for (const [k, v] of Object.entries(block)) {
            const values = [v].flat();
            if (values.some((x) => x.endsWith("/0"))) {
              block[k] = values.flatMap((x) => (x === "0.0.0.0/0" ? ["0.0.0.0/1", "128.0.0.0/1"] : [x]));
              changed = true;
            }
          }
        }
        return changed;
      }),
  },
  {
    name: "single-valued operator on a multivalued key (aws:TagKeys without ForAnyValue/ForAllValues)",
    fix: (s) =>
      forEachStatement(s, (st) => {
        let changed = false;
        for (const [op, block] of Object.entries(st.Condition || {})) {
          if (op.includes(":") || !Object.keys(block).some((k) => k.toLowerCase() === "aws:tagkeys")) continue;
          st.Condition[`ForAnyValue:${op}`] = block;
          delete st.Condition[op];
          changed = true;
        }
        return changed;
      }),
  },
  {
    name: "resource-based policy naming the role session ARN: not limited by the boundary's or session policy's implicit deny",
    fix: (s) =>
      forEachStatement(s, (st) => {
        const aws = st.Principal?.AWS;
        if (typeof aws === "string" && aws.includes(":assumed-role/")) {
          const [, account, role] = aws.match(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\//) || [];
          st.Principal.AWS = `arn:aws:iam::${account}:role/${role}`;
          return true;
        }
        return false;
      }),
  },
  {
    name: "resource-based policy with Principal * for a role session with a session policy or boundary",
    fix: (s) =>
      forEachStatement(s, (st) => {
        if (st.Principal === "*" || st.Principal?.AWS === "*") {
          st.Principal = { AWS: `arn:aws:iam::${s.ours.request.resourceAccount}:root` };
          return true;
        }
        return false;
      }),
  },
  {
    name: "NotResource with a policy variable that has no value in the request",
    fix: (s) => forEachStatement(s, (st, list, i) => ([st.NotResource].flat().some((r) => typeof r === "string" && r.includes("${")) ? (list.splice(i, 1), true) : false)),
  },
  {
    name: "Deny with NotPrincipal that does not list the caller itself (only its account, or someone else)",
    fix: (s) => forEachStatement(s, (st, list, i) => (st.NotPrincipal ? (list.splice(i, 1), true) : false)),
  },
];

export const REQUEST_STAR = "request resource * on an action with (optional) resource types: the peer reads * as 'some resource', we as the literal resource *";

/** The class of a difference; `decide(pair)` returns `[ours, peer]` decisions for a (modified) pair. */
export async function classify(pair, peerResult, decide) {
  if (peerResult.resultType === "wildcard") return REQUEST_STAR;
  for (const c of CLASSES) {
    const copy = structuredClone(pair);
    if (!c.fix(copy)) continue;
    const [a, b] = await decide(copy);
    if (a === b) return c.name;
  }
  return "unclassified";
}
