// The shapes that cross the boundary: the scenario (schema/scenario.schema.json) and the answer (iam-engine
// `Answer` with `realApi` from iam-realapi beside it). Hand-written; `tests/answer-shape.test.mjs` checks every
// answer of the conformance cases and examples against these declarations (no undeclared field, no missing
// one, every value of its declared type), and the README describes each field.

/** A policy document: the JSON object, or the text as pasted (errors then point at lines inside it). */
export type PolicyDocument = string | { Version?: string; Id?: string; Statement: unknown };

export interface NamedPolicy {
  name?: string;
  document: PolicyDocument;
}

/** One level of an organization (root, OU, account) with the SCPs or RCPs attached to it. */
export interface OrgLevel {
  name?: string;
  policies: NamedPolicy[];
}

export type ContextScalar = string | number | boolean;

export type PrincipalInput =
  | string
  | {
      arn?: string;
      type?: "user" | "role" | "assumedRole" | "federatedUser" | "root" | "service" | "anonymous" | "webIdentity" | "saml";
      service?: string;
      tags?: Record<string, string>;
      userId?: string;
      orgId?: string;
      roleArn?: string;
      parentUserArn?: string;
    };

export interface Request {
  principal?: PrincipalInput;
  action: string;
  /** An ARN or `*` (the default). */
  resource?: string;
  resourceAccount?: string;
  context?: Record<string, ContextScalar | ContextScalar[]>;
  /** Fill the keys that follow from the principal (default true). */
  deriveContext?: boolean;
  managementAccount?: boolean;
}

/** What the call passes: it changes which resources, keys and dependent actions the real call authorizes. */
export interface CallParameters {
  /** Tags the call applies (aws:RequestTag/…, aws:TagKeys; create calls also need the tagging action). */
  tags?: Record<string, string>;
  /** The role ARN the call passes to a service (iam:PassRole with iam:PassedToService). */
  role?: string;
  instanceProfile?: string;
  /** The EC2 key pair name. */
  keyName?: string;
  /** The launch template ARN or id. */
  launchTemplate?: string;
  /** The Systems Manager parameter the AMI is given as (ssm:GetParameters). */
  imageFromSsmParameter?: string;
  /** The AMI's root device (default `ebs`: the call creates a volume). */
  rootDevice?: "ebs" | "instance-store";
  /** The KMS key ARN the call encrypts or decrypts with. */
  kmsKey?: string;
}

/** Tunes the real-API answer. */
export interface RealApiOptions {
  region?: string;
  /** One ARN per resource type name. */
  resources?: Record<string, string>;
  evaluateDependentActions?: boolean;
  /** The resource of a dependent action (`iam:PassRole` → the role ARN); naming one says the call needs it. */
  dependentResources?: Record<string, string>;
  /** aws:CurrentTime as an ISO 8601 date (else the caller's clock). */
  currentTime?: string;
  call?: CallParameters;
}

export interface Scenario {
  name?: string;
  description?: string;
  policies: {
    identity: NamedPolicy[];
    resource?: NamedPolicy;
    permissionsBoundary?: NamedPolicy;
    session?: NamedPolicy;
    /** Absent: not in an organization. From the root to the account; every level must allow. */
    scps?: OrgLevel[];
    rcps?: OrgLevel[];
    vpcEndpoint?: NamedPolicy[];
  };
  /** One request; or `requests`, never both. */
  request?: Request;
  /** Several requests against the same policies (`decideAll`); each may carry its own `realApi` options. */
  requests?: (Request & { realApi?: RealApiOptions })[];
  realApi?: RealApiOptions;
}

export type Decision = "Allow" | "ImplicitDeny" | "ExplicitDeny";

export type PolicyKind =
  | "identity"
  | "resource"
  | "permissionsBoundary"
  | "session"
  | "scp"
  | "rcp"
  | "vpcEndpoint";

/** Byte offsets into the text the span belongs to. */
export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column range. */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic {
  /** A stable kebab-case code, e.g. `unknown-condition-operator`. */
  code: string;
  message: string;
  help: string;
  severity: "error" | "warning";
  /** `scenario`, or a policy id such as `identity/AllowVolumes`. */
  source?: string;
  span?: Span;
  location?: Location;
}

export interface Principal {
  type: "user" | "role" | "assumedRole" | "federatedUser" | "root" | "service" | "anonymous" | "webIdentity" | "saml";
  arn?: string;
  account?: string;
  roleArn?: string;
  parentUserArn?: string;
  service?: string;
  /** `[key, value]` pairs. */
  tags?: [string, string][];
  userId?: string;
  orgId?: string;
}

export interface ContextValue {
  key: string;
  values: string[];
  /** Given as a list (a multivalued key). */
  multi: boolean;
  /** Filled in from the principal rather than given. */
  derived: boolean;
  /** The service authorization reference types the key as single-valued (absent: false). */
  singleValued?: boolean;
}

export interface ElementTrace {
  element: "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal";
  matched: boolean;
  pattern?: string;
  note?: string;
  principalMatch?: "direct" | "role" | "parentUser" | "account" | "everyone";
  span: Span;
}

export interface ConditionTrace {
  operator: string;
  key: string;
  /** Absent (null) when the request lacks the key. */
  requestValues: string[] | null;
  policyValues: string[];
  valueResults: boolean[];
  missingKey?: "ifExistsTrue" | "negatedTrue" | "forAllValuesTrue" | "false" | "nullAbsent";
  unresolved?: string[];
  note?: string;
  result: boolean;
  span: Span;
}

export interface StatementTrace {
  /** `identity/Name#0`. */
  id: string;
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  applies: boolean;
  decisive: boolean;
  explanation: string;
  action?: ElementTrace;
  resource?: ElementTrace;
  principal?: ElementTrace;
  conditions: ConditionTrace[];
  unevaluable?: string[];
  span: Span;
  location?: Location;
}

export interface PolicyTrace {
  id: string;
  name: string;
  kind: PolicyKind;
  level?: string;
  applies: boolean;
  note?: string;
  allows: boolean;
  denies: boolean;
  statements: StatementTrace[];
}

export type DivergenceKind =
  | "no-resource-level-permissions"
  | "multiple-required-resources"
  | "arn-not-a-resource-type"
  | "call-resource"
  | "key-not-in-request"
  | "key-not-for-principal"
  | "key-always-present"
  | "dependent-action"
  | "unknown-action"
  | "no-permission-required"
  | "aws-owned-resource"
  | "resource-policy-required"
  | "owner-only-action"
  | "caller-type-not-accepted";

/** A concrete change that makes the real call work, or says which policy must change. */
export interface Fix {
  /** The change in words. */
  text: string;
  /** The ARN the real API authorizes, to use instead of the typed one. */
  resource?: string;
  /** A statement to add, as policy JSON. */
  statement?: Record<string, unknown>;
  /** The policy to add it to (`identity/Name`), when there is an obvious one. */
  policy?: string;
}

export interface Divergence {
  kind: DivergenceKind;
  explanation: string;
  /** The fix in words (the same as `fix.text`). */
  suggestion?: string;
  fix?: Fix;
  /** Statements whose part differs between the two answers (`identity/Name#0`). */
  statements?: string[];
  /** Condition keys involved. */
  keys?: string[];
  literalDecision: Decision;
  realDecision: Decision;
}

/**
 * Where the ARN of a resource the real call authorizes comes from: the request as `typed`, `given` in
 * `realApi.resources`, `derived` from the typed ARN, a `template` with `*` for the names nobody gave, a `call`
 * parameter (or a resource the call creates), or `star` for an action without resource types.
 */
export type ResourceOrigin = "typed" | "given" | "derived" | "template" | "call" | "star";

export interface ResourceCheck {
  /** The resource type (`volume`), or `*` for actions without resource-level permissions. */
  resourceType: string;
  arn: string;
  /** The ARN was filled in, not typed or given. */
  prefilled: boolean;
  origin: ResourceOrigin;
  decision: Decision;
  decidingStatements: string[];
  /** The policy type that decided, as the answer's `decidedBy` (for a denial: the policy that must change). */
  decidedBy?: PolicyKind;
}

/** A context key as the real request carries it. */
export interface KeyChange {
  key: string;
  /** Absent when there is no value to show. */
  values?: string[];
  reason: string;
}

/** A call parameter (`realApi.call`) that shaped the real request, and what it did. */
export interface CallParameterUse {
  name: string;
  value: string;
  effect: string;
}

export interface DependentCheck {
  action: string;
  /** Absent when not evaluated. */
  decision?: Decision;
  resource?: string;
  /** The call certainly needs it for the parameters given: its decision is part of the real decision. */
  certain: boolean;
  /** When it is needed, or why. */
  reason: string;
  /** Context keys the service supplies for it (`iam:PassedToService`). */
  context?: KeyChange[];
  decidingStatements?: string[];
  /** The policy type that decided, as the answer's `decidedBy`. */
  decidedBy?: PolicyKind;
  /** For a denial by SCPs or RCPs: the first policy of the level that allows nothing for it (`scps/Level/Name`). */
  deniedAt?: string;
}

export interface RealApiAnswer {
  decision: Decision;
  /** The action as the reference names it, with its access level. */
  action?: string;
  accessLevel?: string;
  resources: ResourceCheck[];
  addedKeys: KeyChange[];
  removedKeys: KeyChange[];
  /** The call parameters used and what each changed. */
  call?: CallParameterUse[];
  dependentActions: DependentCheck[];
  /** Why the real decision is not the literal one; empty when they agree. */
  divergences: Divergence[];
  /** Differences that do not change the decision here (worth knowing, not a problem now). */
  notes: Divergence[];
  decidingStatements: string[];
  /** Problems with the `realApi` options (a field of the wrong type, an unknown parameter). */
  problems?: string[];
}

/** What `evaluate` returns: the literal answer with `realApi` beside it (the CLI's `--json`). */
export interface Answer {
  decision: Decision;
  decidedBy?: PolicyKind;
  reason: string;
  decidingStatements: string[];
  incomplete: boolean;
  request?: {
    principal: Principal;
    action: string;
    resource: string;
    resourceAccount?: string;
    sameAccount: boolean;
  };
  context: ContextValue[];
  policies: PolicyTrace[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  realApi?: RealApiAnswer;
}

/** What `sweepActions` returns. */
export interface Sweep {
  /** Actions in the compiled reference, all evaluated. */
  actions: number;
  allow: number;
  implicitDeny: number;
  explicitDeny: number;
  /** The allowed actions (`service:Action`). */
  allowed: string[];
  /** Scenario errors (the sweep still runs when the request could be read). */
  errors: Diagnostic[];
}

/** What `decide` returns: the literal answer's decision and its explanation, without the trace and `realApi`. */
export type Decided = Pick<
  Answer,
  "decision" | "decidedBy" | "reason" | "decidingStatements" | "incomplete" | "errors" | "warnings"
>;

/** How bad a lint finding is: IAM Access Analyzer's four finding types. */
export type LintSeverity = "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";

/** One finding of `lint(text, type)`; spans are byte offsets into the text, locations 1-based characters. */
export interface LintFinding {
  /** The Access Analyzer issue code (`PASS_ROLE_WITH_STAR_IN_RESOURCE`), or this project's in the same style. */
  code: string;
  severity: LintSeverity;
  message: string;
  span: Span;
  location: Location;
  /** The statement the finding is in: its index in `Statement` and its `Sid`. */
  statement?: { index: number; sid?: string };
  /** An edit that resolves the finding: replace the text at `span` with `replacement` (an empty span inserts). */
  fix?: { title: string; span: Span; location: Location; replacement: string };
  /** The engine diagnostic the finding comes from, when it comes from one. */
  engineCode?: string;
  /** Where the check is documented. */
  learnMore: string;
}

/** The verdict of `compare(old, new, type)`. */
export type Verdict = "noNewAccess" | "newAccess" | "unknown";

/** A request the new policy allows and the old one denies, with both answers (each with its trace). */
export interface Counterexample {
  action: string;
  resource: string;
  principal: unknown;
  context: { key: string; values: string[]; multi: boolean; derived: boolean }[];
  /** The account owning the resource, where the search chose one (a resource policy's bucket: an account no policy names). */
  resourceAccount?: string;
  newAnswer: Answer;
  oldAnswer: Answer;
}

/** What changed for a set of actions of one service and access level. */
export interface ActionChange {
  change: "added" | "removed" | "changed";
  actions: string[];
  oldResources: string[];
  newResources: string[];
  conditionsAdded: string[];
  conditionsRemoved: string[];
}

/** The answer of `compare(old, new, type)` and of `publicAccess(policy)`. */
export interface Comparison {
  verdict: Verdict;
  /** `no new access`, `new access: …` or `unknown: …` (`publicAccess`: `public access: …`, `no public access`). */
  headline: string;
  counterexamples: Counterexample[];
  /** Why the search is not complete (each with a code, message, and place in `old` or `new` when known). */
  reasons: unknown[];
  diagnostics: unknown[];
  diff: { groups: { service: string; accessLevel: string; changes: ActionChange[] }[] };
  stats: { actionClasses: number; requests: number };
}
