// A checker of JavaScript values against the declarations of `types.d.ts`, for the shape test: reads the subset
// of TypeScript that file is written in (interfaces, type aliases, unions, intersections, arrays, tuples, string
// literals, inline object types, `Record<string, T>` and `Pick<T, "a" | "b">`) and checks a value strictly: every
// required member present, no member the declaration lacks, every value of its declared type. It also records
// which members and literal values it saw, so that a test can tell a declaration no answer exercised.

/** Splits the declarations into tokens, comments dropped. */
function tokenize(text) {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
  const tokens = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*)|(\S))/gy;
  let m;
  while ((m = re.exec(source)) !== null && m[0].trim() !== "") {
    if (m[1] !== undefined) tokens.push({ kind: "string", value: JSON.parse(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: "name", value: m[2] });
    else tokens.push({ kind: "punct", value: m[3] });
  }
  return tokens;
}

/** Parses `types.d.ts` into `Map<name, type>`; an interface is an `object` type. */
export function parseDeclarations(text) {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const is = (value) => tokens[at] && tokens[at].value === value && tokens[at].kind !== "string";
  const next = () => tokens[at++];
  const expect = (value) => {
    const t = next();
    if (!t || t.value !== value) throw new Error(`types.d.ts: expected \`${value}\` at token ${at}, found \`${t && t.value}\``);
    return t;
  };

  function members() {
    expect("{");
    const list = [];
    while (!is("}")) {
      const name = next().value;
      const optional = is("?") ? (next(), true) : false;
      expect(":");
      list.push({ name, optional, type: type() });
      if (is(";") || is(",")) next();
    }
    expect("}");
    return { kind: "object", members: list };
  }

  function primary() {
    const t = peek();
    if (t.kind === "string") return (next(), { kind: "literal", value: t.value });
    if (is("{")) return members();
    if (is("(")) {
      next();
      const inner = type();
      expect(")");
      return inner;
    }
    if (is("[")) {
      next();
      const items = [];
      while (!is("]")) {
        items.push(type());
        if (is(",")) next();
      }
      expect("]");
      return { kind: "tuple", items };
    }
    const name = next().value;
    if (["string", "number", "boolean", "unknown", "null"].includes(name)) return { kind: "keyword", name };
    const args = [];
    if (is("<")) {
      next();
      while (!is(">")) {
        args.push(type());
        if (is(",")) next();
      }
      expect(">");
    }
    return { kind: "ref", name, args };
  }

  function postfix() {
    let t = primary();
    while (is("[") && tokens[at + 1] && tokens[at + 1].value === "]") {
      at += 2;
      t = { kind: "array", of: t };
    }
    return t;
  }

  function intersection() {
    const parts = [postfix()];
    while (is("&")) (next(), parts.push(postfix()));
    return parts.length === 1 ? parts[0] : { kind: "and", of: parts };
  }

  function type() {
    if (is("|")) next();
    const parts = [intersection()];
    while (is("|")) (next(), parts.push(intersection()));
    return parts.length === 1 ? parts[0] : { kind: "union", of: parts };
  }

  const declarations = new Map();
  while (at < tokens.length) {
    expect("export");
    const what = next().value;
    const name = next().value;
    if (what === "interface") declarations.set(name, members());
    else if (what === "type") {
      expect("=");
      declarations.set(name, type());
      expect(";");
    } else throw new Error(`types.d.ts: cannot read \`export ${what}\``);
  }
  return declarations;
}

const describe = (value) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

/** A checker over the parsed declarations: `check(value, "Answer")` returns the problems found. */
export function checker(declarations) {
  /** `Interface.member` and `Alias=literal` seen in checked values. */
  const seen = new Set();

  const resolve = (t) => {
    if (t.kind !== "ref") return t;
    if (t.name === "Pick") {
      const from = resolve(t.args[0]);
      const keep = new Set(literals(t.args[1]));
      return { kind: "object", members: from.members.filter((m) => keep.has(m.name)) };
    }
    const found = declarations.get(t.name);
    if (!found) throw new Error(`types.d.ts: \`${t.name}\` is not declared`);
    return found;
  };
  const literals = (t) => (t.kind === "literal" ? [t.value] : t.kind === "union" ? t.of.flatMap(literals) : []);
  /** The members of an object type, an intersection of them or a reference to one. */
  const objectMembers = (t) => {
    const r = resolve(t);
    if (r.kind === "object") return r.members;
    if (r.kind === "and") return r.of.flatMap(objectMembers);
    return null;
  };

  function check(value, t, path, owner, problems, mark) {
    switch (t.kind) {
      case "literal":
        if (value !== t.value) problems.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(t.value)}`);
        return;
      case "keyword":
        if (t.name === "unknown") return;
        if (t.name === "null" ? value !== null : typeof value !== t.name) problems.push(`${path}: ${describe(value)} where ${t.name} is declared`);
        return;
      case "array":
        if (!Array.isArray(value)) return void problems.push(`${path}: ${describe(value)} where an array is declared`);
        value.forEach((v, i) => check(v, t.of, `${path}[${i}]`, owner, problems, mark));
        return;
      case "tuple":
        if (!Array.isArray(value) || value.length !== t.items.length) return void problems.push(`${path}: not a ${t.items.length}-tuple`);
        t.items.forEach((item, i) => check(value[i], item, `${path}[${i}]`, owner, problems, mark));
        return;
      case "union": {
        // Each member on its own; what the matching one saw is kept.
        const attempts = t.of.map((member) => {
          const found = { problems: [], mark: new Set() };
          check(value, member, path, owner, found.problems, found.mark);
          return found;
        });
        const match = attempts.find((a) => a.problems.length === 0);
        if (match) {
          for (const x of match.mark) mark.add(x);
          return;
        }
        const closest = attempts.map((a) => a.problems).reduce((a, b) => (b.length < a.length ? b : a));
        problems.push(`${path}: matches no member of the union; the closest: ${closest.slice(0, 3).join("; ")}`);
        return;
      }
      case "ref": {
        if (t.name === "Record") {
          if (value === null || typeof value !== "object" || Array.isArray(value)) return void problems.push(`${path}: ${describe(value)} where an object is declared`);
          for (const [k, v] of Object.entries(value)) check(v, t.args[1], `${path}.${k}`, owner, problems, mark);
          return;
        }
        const resolved = resolve(t);
        const values = literals(resolved);
        if (resolved.kind === "union" && values.length === resolved.of.length && typeof value === "string") mark.add(`${t.name}=${value}`);
        return check(value, resolved, path, t.name === "Pick" ? t.args[0].name : t.name, problems, mark);
      }
      case "object":
      case "and": {
        if (value === null || typeof value !== "object" || Array.isArray(value)) return void problems.push(`${path}: ${describe(value)} where an object is declared`);
        const declared = objectMembers(t);
        for (const m of declared) {
          if (value[m.name] === undefined) {
            if (!m.optional) problems.push(`${path}.${m.name}: missing (declared required)`);
            continue;
          }
          if (owner) mark.add(`${owner}.${m.name}`);
          check(value[m.name], m.type, `${path}.${m.name}`, m.type.kind === "object" ? `${owner}.${m.name}` : owner, problems, mark);
        }
        const names = new Set(declared.map((m) => m.name));
        for (const k of Object.keys(value)) if (!names.has(k)) problems.push(`${path}.${k}: not declared`);
        return;
      }
      default:
        throw new Error(`cannot check a ${t.kind}`);
    }
  }

  return {
    seen,
    /** The problems of `value` against the declaration `name`, each with the path to the value. */
    check(value, name, path = name) {
      const problems = [];
      check(value, { kind: "ref", name, args: [] }, path, null, problems, seen);
      return problems;
    },
    /** Every `Interface.member` reachable from `names` (through members, arrays, unions and aliases). */
    reachableMembers(...names) {
      const out = new Set();
      const visited = new Set();
      const walk = (t, owner) => {
        if (t.kind === "ref") {
          if (t.name === "Record") return walk(t.args[1], owner);
          if (t.name === "Pick") {
            for (const m of objectMembers(t)) out.add(`${t.args[0].name}.${m.name}`);
            return;
          }
          if (visited.has(t.name)) return;
          visited.add(t.name);
          return walk(resolve(t), t.name);
        }
        if (t.kind === "array") return walk(t.of, owner);
        if (t.kind === "tuple" || t.kind === "union" || t.kind === "and") return (t.items || t.of).forEach((x) => walk(x, owner));
        if (t.kind === "object")
          for (const m of t.members) {
            out.add(`${owner}.${m.name}`);
            walk(m.type, m.type.kind === "object" ? `${owner}.${m.name}` : owner);
          }
      };
      for (const name of names) walk({ kind: "ref", name, args: [] }, name);
      return out;
    },
    /** The string literals of an alias (`DivergenceKind`). */
    literalsOf(name) {
      return literals(resolve({ kind: "ref", name, args: [] }));
    },
  };
}
