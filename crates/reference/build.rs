//! Build script: compiles `data/reference.tsv` into the tables `src/table.rs` reads in place.
//!
//! Output in `OUT_DIR`: `strings.txt` (every string, concatenated), one `*.bin` per column (little
//! numbers stored as byte planes: all low bytes, then all second bytes, …, in the narrowest width
//! that holds the column's largest value, which keeps the gzipped wasm small), and `tables.rs`,
//! which `include!`s them as `Column`s. Ranges are stored as end offsets: entry `i` of a child list
//! runs from `end[i - 1]` (or 0) to `end[i]`. Action `i`'s name is string `i`.

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Must list the names in the order of `KeyType::ALL` in `src/key.rs` (a unit test checks).
const KEY_TYPES: &[&str] = &[
    "String",
    "ArrayOfString",
    "Numeric",
    "ArrayOfNumeric",
    "Date",
    "ArrayOfDate",
    "Bool",
    "ArrayOfBool",
    "IPAddress",
    "ArrayOfIPAddress",
    "ARN",
    "ArrayOfARN",
    "Binary",
    "ArrayOfBinary",
];
/// Must match `AccessLevel::ALL` in `src/action.rs`.
const ACCESS_LEVELS: &[&str] = &["List", "Read", "Write", "Permissions management", "Tagging"];
/// Must match `GlobalKeyCategory::ALL` in `src/key.rs`.
const CATEGORIES: &[&str] = &["principal", "session", "network", "resource", "request"];

const FORMAT_VERSION: &str = "1";

fn main() -> Result<()> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let input = manifest.join("data/reference.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", input.display());
    let text =
        std::fs::read_to_string(&input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    let mut model = parse(&text).map_err(|e| format!("{}: {e}", input.display()))?;
    model.sort();
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    emit(&model, &out)
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[derive(Default)]
struct Model {
    sources: Vec<[String; 5]>,
    globals: Vec<(String, u8, u8)>,
    services: Vec<Svc>,
}

#[derive(Default)]
struct Svc {
    prefix: String,
    name: String,
    url: String,
    keys: Vec<(String, u8)>,
    rts: Vec<Rt>,
    actions: Vec<Act>,
}

struct Rt {
    name: String,
    arns: Vec<String>,
    keys: Vec<String>,
}

struct Act {
    name: String,
    access: u8,
    keys: Vec<String>,
    deps: Vec<String>,
    rows: Vec<Row>,
    scenarios: Vec<Scen>,
}

struct Row {
    rt: String,
    required: bool,
    keys: Vec<String>,
    deps: Vec<String>,
}

struct Scen {
    name: String,
    rows: Vec<(String, bool)>,
}

fn list(field: Option<&str>) -> Vec<String> {
    field
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn code(table: &[&str], value: &str, what: &str) -> Result<u8> {
    let i = table
        .iter()
        .position(|t| *t == value)
        .ok_or_else(|| format!("unknown {what} `{value}`"))?;
    Ok(u8::try_from(i)?)
}

fn parse(text: &str) -> Result<Model> {
    let mut m = Model::default();
    let mut format_seen = false;
    for (n, line) in text.lines().enumerate() {
        let at = |e: Box<dyn Error>| -> Box<dyn Error> { format!("line {}: {e}", n + 1).into() };
        let mut f = line.split('\t');
        let tag = f.next().unwrap_or("");
        let mut next = |what: &str| -> Result<&str> {
            f.next()
                .ok_or_else(|| format!("line {}: missing {what}", n + 1).into())
        };
        match tag {
            "#format" => {
                let v = next("format version")?;
                if v != FORMAT_VERSION {
                    return Err(at(
                        format!("format {v}, this build reads {FORMAT_VERSION}").into()
                    ));
                }
                format_seen = true;
            }
            "#source" => {
                let src = [
                    next("registry")?.to_owned(),
                    next("package")?.to_owned(),
                    next("version")?.to_owned(),
                    next("license")?.to_owned(),
                    next("integrity")?.to_owned(),
                ];
                m.sources.push(src);
            }
            t if t.starts_with('#') || t.is_empty() => {}
            "G" => {
                let name = next("name")?.to_owned();
                let ty = code(KEY_TYPES, next("type")?, "key type").map_err(at)?;
                let cat = code(CATEGORIES, next("category")?, "category").map_err(at)?;
                m.globals.push((name, ty, cat));
            }
            "S" => m.services.push(Svc {
                prefix: next("prefix")?.to_owned(),
                name: next("name")?.to_owned(),
                url: next("url")?.to_owned(),
                ..Svc::default()
            }),
            _ => {
                let svc = m
                    .services
                    .last_mut()
                    .ok_or_else(|| at("record before the first service".into()))?;
                match tag {
                    "K" => {
                        let name = next("name")?.to_owned();
                        let ty = code(KEY_TYPES, next("type")?, "key type").map_err(at)?;
                        svc.keys.push((name, ty));
                    }
                    "T" => svc.rts.push(Rt {
                        name: next("name")?.to_owned(),
                        arns: list(Some(next("ARN templates")?)),
                        keys: list(f.next()),
                    }),
                    "A" => {
                        let name = next("name")?.to_owned();
                        let access = code(ACCESS_LEVELS, next("access level")?, "access level")
                            .map_err(at)?;
                        svc.actions.push(Act {
                            name,
                            access,
                            keys: list(f.next()),
                            deps: list(f.next()),
                            rows: Vec::new(),
                            scenarios: Vec::new(),
                        });
                    }
                    "R" | "C" => {
                        let act = svc
                            .actions
                            .last_mut()
                            .ok_or_else(|| at("row before the first action".into()))?;
                        if tag == "R" {
                            let rt = next("resource type")?.to_owned();
                            let required = match next("required flag")? {
                                "required" => true,
                                "optional" => false,
                                other => return Err(at(format!("bad flag `{other}`").into())),
                            };
                            act.rows.push(Row {
                                rt,
                                required,
                                keys: list(f.next()),
                                deps: list(f.next()),
                            });
                        } else {
                            let name = next("scenario name")?.to_owned();
                            let rows = list(f.next())
                                .into_iter()
                                .map(|r| match r.strip_suffix('!') {
                                    Some(rt) => (rt.to_owned(), true),
                                    None => (r, false),
                                })
                                .collect();
                            act.scenarios.push(Scen { name, rows });
                        }
                    }
                    other => return Err(at(format!("unknown record `{other}`").into())),
                }
            }
        }
    }
    if !format_seen {
        return Err("no `#format` header".into());
    }
    Ok(m)
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

impl Model {
    /// The lookups binary-search; sort here rather than trust the file's order.
    fn sort(&mut self) {
        self.services.sort_by_key(|s| lower(&s.prefix));
        for s in &mut self.services {
            s.keys.sort_by_key(|(k, _)| lower(k));
            s.rts.sort_by_key(|r| lower(&r.name));
            s.actions.sort_by_key(|a| lower(&a.name));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Emitting

/// A column of unsigned numbers.
#[derive(Default)]
struct Col(Vec<u32>);

impl Col {
    fn push(&mut self, v: usize) -> Result<()> {
        self.0.push(u32::try_from(v)?);
        Ok(())
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Declares the column set once: the struct, each column's name in `tables.rs`, and its kind:
/// `Column` holds values, `Ends` holds end offsets (stored as counts plus a checkpoint per block).
macro_rules! tables {
    ($($field:ident => $name:literal $kind:ident,)*) => {
        #[derive(Default)]
        struct Tables {
            $($field: Col,)*
        }

        impl Tables {
            fn columns(&self) -> Vec<(&'static str, Kind, &Col)> {
                vec![$(($name, Kind::$kind, &self.$field),)*]
            }
        }
    };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Column,
    Ends,
}

/// Entries per checkpoint of an `Ends` column; must match `src/table.rs`.
const BLOCK: usize = 32;

// Indices into a service's own resource types or keys are service-local (they fit a byte);
// `*_RT` columns pack `local << 1 | required`.
tables! {
    svc_prefix => "SVC_PREFIX" Column,
    svc_name => "SVC_NAME" Column,
    svc_url => "SVC_URL" Column,
    svc_action_end => "SVC_ACTION_END" Column,
    svc_rt_end => "SVC_RT_END" Column,
    svc_key_end => "SVC_KEY_END" Column,
    key_name => "KEY_NAME" Column,
    key_type => "KEY_TYPE" Column,
    rt_name => "RT_NAME" Column,
    rt_arn_end => "RT_ARN_END" Ends,
    rt_arn_pool => "RT_ARN_POOL" Column,
    rt_key_end => "RT_KEY_END" Ends,
    rt_key_pool => "RT_KEY_POOL" Column,
    act_access => "ACT_ACCESS" Column,
    act_key_end => "ACT_KEY_END" Ends,
    act_key_pool => "ACT_KEY_POOL" Column,
    act_dep_end => "ACT_DEP_END" Ends,
    act_dep_pool => "ACT_DEP_POOL" Column,
    act_row_end => "ACT_ROW_END" Ends,
    act_scen_end => "ACT_SCEN_END" Ends,
    row_rt => "ROW_RT" Column,
    row_key_end => "ROW_KEY_END" Ends,
    row_key_pool => "ROW_KEY_POOL" Column,
    row_dep_end => "ROW_DEP_END" Ends,
    row_dep_pool => "ROW_DEP_POOL" Column,
    scen_name => "SCEN_NAME" Column,
    scen_row_end => "SCEN_ROW_END" Ends,
    scen_row_rt => "SCEN_ROW_RT" Column,
    global_name => "GLOBAL_NAME" Column,
    global_type => "GLOBAL_TYPE" Column,
    global_category => "GLOBAL_CATEGORY" Column,
}

/// Writes `values` as byte planes in the narrowest width; returns the width.
fn write_planes(path: &Path, values: &[u32]) -> Result<usize> {
    let max = values.iter().copied().max().unwrap_or(0);
    let width: usize = match max {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    };
    let mut bytes = Vec::with_capacity(values.len() * width);
    for plane in 0..width {
        bytes.extend(
            values
                .iter()
                .map(|v| v.to_le_bytes().get(plane).copied().unwrap_or(0)),
        );
    }
    std::fs::write(path, &bytes)?;
    Ok(width)
}

/// Every string, each followed by `\n`, with the offset of every [`STRING_BLOCK`]th string: no
/// per-string offsets (they would cost more of the gzipped size than the strings' terminators).
struct Strings {
    text: String,
    count: usize,
    blocks: Col,
    index: HashMap<String, usize>,
}

/// Strings per checkpoint; must match `src/table.rs`.
const STRING_BLOCK: usize = 16;

impl Strings {
    fn push_unique(&mut self, s: &str) -> Result<usize> {
        if s.contains('\n') {
            return Err(format!("string `{s}` contains a newline").into());
        }
        if self.count.is_multiple_of(STRING_BLOCK) {
            self.blocks.push(self.text.len())?;
        }
        self.text.push_str(s);
        self.text.push('\n');
        let i = self.count;
        self.count += 1;
        Ok(i)
    }

    fn intern(&mut self, s: &str) -> Result<usize> {
        if let Some(i) = self.index.get(s) {
            return Ok(*i);
        }
        let i = self.push_unique(s)?;
        self.index.insert(s.to_owned(), i);
        Ok(i)
    }
}

fn column_expr(out: &Path, file: &str, values: &[u32]) -> Result<String> {
    let width = write_planes(&out.join(file), values)?;
    Ok(format!(
        "Column::new(include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")), {}, {width})",
        values.len()
    ))
}

fn emit(m: &Model, out: &Path) -> Result<()> {
    let mut strings = Strings {
        text: String::new(),
        count: 0,
        blocks: Col::default(),
        index: HashMap::new(),
    };
    // Action i's name is string i.
    for s in &m.services {
        for a in &s.actions {
            strings.push_unique(&a.name)?;
        }
    }

    let mut t = Tables::default();
    let (mut n_actions, mut n_rts, mut n_keys) = (0usize, 0usize, 0usize);
    for s in &m.services {
        t.svc_prefix.push(strings.intern(&s.prefix)?)?;
        t.svc_name.push(strings.intern(&s.name)?)?;
        t.svc_url.push(strings.intern(&s.url)?)?;

        // Service-local name → global index.
        let mut keys: HashMap<String, usize> = HashMap::new();
        for (k, ty) in &s.keys {
            if keys.insert(lower(k), keys.len()).is_some() {
                return Err(format!("{}: condition key `{k}` listed twice", s.prefix).into());
            }
            n_keys += 1;
            t.key_name.push(strings.intern(k)?)?;
            t.key_type.push(usize::from(*ty))?;
        }
        let key = |k: &str| -> Result<usize> {
            keys.get(&lower(k))
                .copied()
                .ok_or_else(|| format!("{}: unknown condition key `{k}`", s.prefix).into())
        };
        let mut rts: HashMap<String, usize> = HashMap::new();
        for rt in &s.rts {
            if rts.insert(lower(&rt.name), rts.len()).is_some() {
                return Err(
                    format!("{}: resource type `{}` listed twice", s.prefix, rt.name).into(),
                );
            }
            n_rts += 1;
            t.rt_name.push(strings.intern(&rt.name)?)?;
            for arn in &rt.arns {
                t.rt_arn_pool.push(strings.intern(arn)?)?;
            }
            t.rt_arn_end.push(t.rt_arn_pool.len())?;
            for k in &rt.keys {
                t.rt_key_pool.push(key(k)?)?;
            }
            t.rt_key_end.push(t.rt_key_pool.len())?;
        }
        let rt = |r: &str| -> Result<usize> {
            rts.get(&lower(r))
                .copied()
                .ok_or_else(|| format!("{}: unknown resource type `{r}`", s.prefix).into())
        };
        for a in &s.actions {
            n_actions += 1;
            t.act_access.push(usize::from(a.access))?;
            for k in &a.keys {
                t.act_key_pool.push(key(k)?)?;
            }
            t.act_key_end.push(t.act_key_pool.len())?;
            for d in &a.deps {
                t.act_dep_pool.push(strings.intern(d)?)?;
            }
            t.act_dep_end.push(t.act_dep_pool.len())?;
            for r in &a.rows {
                t.row_rt.push(rt(&r.rt)? << 1 | usize::from(r.required))?;
                for k in &r.keys {
                    t.row_key_pool.push(key(k)?)?;
                }
                t.row_key_end.push(t.row_key_pool.len())?;
                for d in &r.deps {
                    t.row_dep_pool.push(strings.intern(d)?)?;
                }
                t.row_dep_end.push(t.row_dep_pool.len())?;
            }
            t.act_row_end.push(t.row_rt.len())?;
            for sc in &a.scenarios {
                t.scen_name.push(strings.intern(&sc.name)?)?;
                for (r, req) in &sc.rows {
                    t.scen_row_rt.push(rt(r)? << 1 | usize::from(*req))?;
                }
                t.scen_row_end.push(t.scen_row_rt.len())?;
            }
            t.act_scen_end.push(t.scen_name.len())?;
        }
        t.svc_action_end.push(n_actions)?;
        t.svc_rt_end.push(n_rts)?;
        t.svc_key_end.push(n_keys)?;
    }
    for (name, ty, cat) in &m.globals {
        t.global_name.push(strings.intern(name)?)?;
        t.global_type.push(usize::from(*ty))?;
        t.global_category.push(usize::from(*cat))?;
    }

    let mut rs = String::new();
    writeln!(
        rs,
        "// Generated by build.rs from data/reference.tsv; do not edit."
    )?;
    std::fs::write(out.join("strings.txt"), &strings.text)?;
    writeln!(
        rs,
        "pub(crate) static STRINGS: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/strings.txt\"));"
    )?;
    let mut all: Vec<(&str, Kind, &Col)> = vec![("STR_BLOCK", Kind::Column, &strings.blocks)];
    all.extend(t.columns());
    for (name, kind, col) in all {
        let file = name.to_ascii_lowercase();
        match kind {
            Kind::Column => {
                let expr = column_expr(out, &format!("{file}.bin"), &col.0)?;
                writeln!(rs, "pub(crate) static {name}: Column = {expr};")?;
            }
            Kind::Ends => {
                let mut counts = Vec::with_capacity(col.0.len());
                let mut blocks = Vec::new();
                let mut prev = 0u32;
                for (i, &end) in col.0.iter().enumerate() {
                    if i % BLOCK == 0 {
                        blocks.push(prev);
                    }
                    counts.push(end.checked_sub(prev).ok_or("end offsets decrease")?);
                    prev = end;
                }
                let counts = column_expr(out, &format!("{file}_count.bin"), &counts)?;
                let blocks = column_expr(out, &format!("{file}_block.bin"), &blocks)?;
                writeln!(
                    rs,
                    "pub(crate) static {name}: Ends = Ends::new({counts}, {blocks});"
                )?;
            }
        }
    }
    writeln!(rs, "pub(crate) const N_ACTIONS: usize = {n_actions};")?;
    writeln!(
        rs,
        "pub(crate) const N_SERVICES: usize = {};",
        m.services.len()
    )?;
    writeln!(rs, "pub(crate) const N_RESOURCE_TYPES: usize = {n_rts};")?;
    writeln!(rs, "pub(crate) const N_CONDITION_KEYS: usize = {n_keys};")?;
    writeln!(
        rs,
        "pub(crate) const N_GLOBAL_KEYS: usize = {};",
        m.globals.len()
    )?;
    writeln!(
        rs,
        "#[cfg(test)]\npub(crate) const KEY_TYPE_NAMES: &[&str] = &{KEY_TYPES:?};"
    )?;
    writeln!(
        rs,
        "#[cfg(test)]\npub(crate) const ACCESS_LEVEL_NAMES: &[&str] = &{ACCESS_LEVELS:?};"
    )?;
    writeln!(
        rs,
        "#[cfg(test)]\npub(crate) const CATEGORY_NAMES: &[&str] = &{CATEGORIES:?};"
    )?;
    writeln!(rs, "pub(crate) static SOURCES: &[crate::Source] = &[")?;
    for [registry, package, version, license, integrity] in &m.sources {
        writeln!(
            rs,
            "    crate::Source {{ registry: {registry:?}, package: {package:?}, version: {version:?}, license: {license:?}, integrity: {integrity:?} }},"
        )?;
    }
    writeln!(rs, "];")?;
    std::fs::write(out.join("tables.rs"), rs)?;
    Ok(())
}
