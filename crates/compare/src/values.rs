//! The values a condition key is tried with: one for every region the policies' conditions on that key cut its
//! domain into, and "absent". Strings and ARNs by the wildcard regions of `glob.rs`; numbers and dates cut at the
//! policies' constants (each constant, a value between each two, one below and one above); IP addresses at the
//! first address of each CIDR block and the address after its last; booleans as `true`, `false` and neither.

use crate::glob::{self, Atom};
use iam_engine::condition::{parse_date, parse_number, Condition, Family, PolicyValue, SetOp};
use iam_engine::pattern::Tok;
use iam_engine::variables::Part;
use std::net::IpAddr;

/// One way a request can carry a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyValue {
    Absent,
    Single(String),
    Multi(Vec<String>),
}

/// Why a key cannot be searched exactly.
pub type Doubt = String;

/// How many product states the walk over a key's string values may visit.
const STATE_LIMIT: usize = 20_000;
/// The most single values whose every subset is tried for a multivalued key (2^n subsets).
const MAX_SET_VALUES: usize = 5;

/// Every value worth trying for the key the conditions test (all on the same key).
pub fn witnesses(conds: &[&Condition]) -> Result<Vec<KeyValue>, Doubt> {
    let key = conds.first().map(|c| c.key.as_str()).unwrap_or_default();
    let families: Vec<Family> = {
        let mut f: Vec<Family> = conds
            .iter()
            .map(|c| c.operator.base.family())
            .filter(|f| *f != Family::Null)
            .map(|f| if f == Family::Arn { Family::String } else { f })
            .collect();
        f.dedup();
        f.sort_by_key(|f| format!("{f:?}"));
        f.dedup();
        f
    };
    let singles: Vec<String> = match families.as_slice() {
        [] => vec!["x".to_string()],
        [Family::String] => strings(conds)?,
        [Family::Numeric] => numbers(conds)?,
        [Family::Date] => dates(conds)?,
        [Family::Ip] => ips(conds),
        [Family::Bool] => vec!["true".into(), "false".into(), "x".into()],
        [Family::Binary] => {
            return Err(format!(
                "`{key}` is compared with BinaryEquals, which the search does not cut into regions"
            ))
        }
        _ => {
            return Err(format!(
                "`{key}` is compared by operators of different kinds ({families:?}), whose regions the search does not combine"
            ))
        }
    };
    let mut out = vec![KeyValue::Absent];
    out.extend(singles.iter().cloned().map(KeyValue::Single));
    if conds.iter().any(|c| c.operator.set != SetOp::Single) {
        if singles.len() > MAX_SET_VALUES {
            return Err(format!(
                "`{key}` is used with ForAllValues/ForAnyValue and has {} value regions; the search tries every set of at most {MAX_SET_VALUES}",
                singles.len()
            ));
        }
        for mask in 0u32..(1 << singles.len()) {
            let set: Vec<String> = singles
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.clone())
                .collect();
            out.push(KeyValue::Multi(set));
        }
    }
    Ok(out)
}

fn strings(conds: &[&Condition]) -> Result<Vec<String>, Doubt> {
    let mut atoms: Vec<Atom> = Vec::new();
    let mut any_arn = false;
    for c in conds {
        let base = c.operator.base;
        if base.family() == Family::Null {
            continue;
        }
        for v in &c.values {
            let PolicyValue::Text(t) = v else { continue };
            if t.template.has_vars {
                return Err(format!(
                    "a value of `{}` holds a policy variable, which ties it to another key",
                    c.key
                ));
            }
            let toks: Vec<Tok> = t
                .template
                .parts
                .iter()
                .flat_map(|p| match p {
                    Part::Text(s) => s.chars().map(Tok::Lit).collect::<Vec<_>>(),
                    Part::Star => vec![Tok::Star],
                    Part::One => vec![Tok::One],
                    Part::Var(_) => Vec::new(),
                })
                .collect();
            let atom = if base.family() == Family::Arn {
                match Atom::arn(toks.iter().copied()) {
                    Some(a) => {
                        any_arn = true;
                        a
                    }
                    None => Atom::plain(toks),
                }
            } else if base.has_wildcards() {
                Atom::plain(toks)
            } else {
                let text: String = t.fixed.clone().unwrap_or_else(|| {
                    toks.iter()
                        .filter_map(|t| match t {
                            Tok::Lit(c) => Some(*c),
                            _ => None,
                        })
                        .collect()
                });
                let ic = base.ignores_case();
                if ic && !text.is_ascii() {
                    return Err(format!(
                        "`{text}` is compared ignoring case and is not ASCII"
                    ));
                }
                Atom::literal(&text, ic)
            };
            atoms.push(atom);
        }
    }
    if any_arn {
        atoms.push(glob::is_arn_atom());
    }
    atoms.sort_by_key(|a| format!("{a:?}"));
    atoms.dedup();
    let regions = glob::regions(&atoms, STATE_LIMIT).map_err(|e| {
        format!(
            "the values compared with `{}` make more than {} automaton states",
            conds.first().map(|c| c.key.as_str()).unwrap_or_default(),
            e.0
        )
    })?;
    Ok(regions.into_iter().map(|r| r.witness).collect())
}

fn numbers(conds: &[&Condition]) -> Result<Vec<String>, Doubt> {
    let mut consts: Vec<(f64, String)> = Vec::new();
    for c in conds {
        for (v, raw) in c.values.iter().zip(&c.raw_values) {
            if let PolicyValue::Number(_) = v {
                let Ok(f) = raw.trim().parse::<f64>() else {
                    return Err(format!("the number `{raw}` cannot be cut exactly"));
                };
                consts.push((f, raw.clone()));
            }
        }
    }
    let mut out = vec!["x".to_string()];
    let ok = |s: &str| parse_number(s).is_some();
    let cmp = |a: &str, b: &str| match (parse_number(a), parse_number(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => None,
    };
    consts.sort_by(|a, b| cmp(&a.1, &b.1).unwrap_or(std::cmp::Ordering::Equal));
    consts.dedup_by(|a, b| cmp(&a.1, &b.1) == Some(std::cmp::Ordering::Equal));
    if consts.is_empty() {
        out.push("0".to_string());
        return Ok(out);
    }
    for (i, (f, raw)) in consts.iter().enumerate() {
        out.push(raw.clone());
        let candidate = match consts.get(i + 1) {
            Some((g, _)) => format!("{}", (f + g) / 2.0),
            None => format!("{}", f + 1.0),
        };
        let upper = consts.get(i + 1).map(|c| c.1.as_str());
        let strictly_between = ok(&candidate)
            && cmp(&candidate, raw) == Some(std::cmp::Ordering::Greater)
            && upper.is_none_or(|u| cmp(&candidate, u) == Some(std::cmp::Ordering::Less));
        if !strictly_between {
            return Err(format!(
                "no number between `{raw}` and the next constant could be written exactly"
            ));
        }
        out.push(candidate);
    }
    if let Some((f, raw)) = consts.first() {
        let below = format!("{}", f - 1.0);
        if cmp(&below, raw) != Some(std::cmp::Ordering::Less) {
            return Err(format!("no number below `{raw}` could be written exactly"));
        }
        out.push(below);
    }
    Ok(out)
}

fn dates(conds: &[&Condition]) -> Result<Vec<String>, Doubt> {
    let mut consts: Vec<f64> = Vec::new();
    for c in conds {
        for v in &c.values {
            if let PolicyValue::Date(d) = v {
                consts.push(*d);
            }
        }
    }
    consts.sort_by(f64::total_cmp);
    consts.dedup();
    let mut out = vec!["x".to_string()];
    let write = |t: f64| -> Result<String, Doubt> {
        let s = format!("{t}");
        if parse_date(&s) == Some(t) {
            Ok(s)
        } else {
            Err(format!("the instant {t} cannot be written exactly"))
        }
    };
    if consts.is_empty() {
        out.push("0".into());
        return Ok(out);
    }
    for (i, t) in consts.iter().enumerate() {
        out.push(write(*t)?);
        let next = match consts.get(i + 1) {
            Some(u) => (t + u) / 2.0,
            None => t + 1.0,
        };
        if !(next > *t && consts.get(i + 1).is_none_or(|u| next < *u)) {
            return Err(format!(
                "no instant between {t} and the next could be written"
            ));
        }
        out.push(write(next)?);
    }
    if let Some(t) = consts.first() {
        out.push(write(t - 1.0)?);
    }
    Ok(out)
}

fn ips(conds: &[&Condition]) -> Vec<String> {
    let mut out: Vec<IpAddr> = vec![
        IpAddr::from([0u8, 0, 0, 0]),
        IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 0]),
    ];
    for c in conds {
        for v in &c.values {
            if let PolicyValue::Ip(net) = v {
                out.push(net.network());
                let after = match net.broadcast() {
                    IpAddr::V4(a) => u32::from(a)
                        .checked_add(1)
                        .map(|n| IpAddr::from(n.to_be_bytes())),
                    IpAddr::V6(a) => u128::from(a)
                        .checked_add(1)
                        .map(|n| IpAddr::from(n.to_be_bytes())),
                };
                out.extend(after);
            }
        }
    }
    out.sort();
    out.dedup();
    let mut s: Vec<String> = out.into_iter().map(|a| a.to_string()).collect();
    s.push("x".into());
    s
}
