// The JSON shapes that cross the boundary: the scenario (schema/scenario.schema.json) and the answer
// (iam-engine `Answer` with `realApi` from iam-realapi beside it). Hand-written; the Node test checks the
// fields it reads, and the README describes each one.

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
      type?: "user" | "role" | "assumedRole" | "federatedUser" | "root" | "service" | "anonymous";
      service?: string;
      tags?: Record<string, string>;
      userId?: string;
      orgId?: string;
      roleArn?: string;
      parentUserArn?: string;
    };

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
  request: {
    principal?: PrincipalInput;
    action: string;
    /** An ARN or `*` (the default). */
    resource?: string;
    resourceAccount?: string;
    context?: Record<string, ContextScalar | ContextScalar[]>;
    /** Fill the keys that follow from the principal (default true). */
    deriveContext?: boolean;
    managementAccount?: boolean;
  };
  realApi?: {
    region?: string;
    /** One ARN per resource type name. */
    resources?: Record<string, string>;
    evaluateDependentActions?: boolean;
    dependentResources?: Record<string, string>;
    currentTime?: string;
  };
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
  type: "user" | "role" | "assumedRole" | "federatedUser" | "root" | "service" | "anonymous";
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
  | "key-not-in-request"
  | "key-not-for-principal"
  | "key-always-present"
  | "dependent-action"
  | "unknown-action";

export interface Divergence {
  kind: DivergenceKind;
  explanation: string;
  suggestion?: string;
  statements?: string[];
  keys?: string[];
  literalDecision: Decision;
  realDecision: Decision;
}

export interface RealApiAnswer {
  decision: Decision;
  action?: string;
  accessLevel?: string;
  resources: {
    resourceType: string;
    arn: string;
    prefilled: boolean;
    decision: Decision;
    decidingStatements: string[];
  }[];
  addedKeys: { key: string; values: string[]; reason: string }[];
  removedKeys: { key: string; values: string[]; reason: string }[];
  dependentActions: { action: string; decision?: Decision; resource?: string }[];
  divergences: Divergence[];
  decidingStatements: string[];
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
