//! Criterion benchmark of the app's budget (issue 6): re-evaluating 10 policies × 20 requests after a keystroke,
//! through the reducer exactly as the page does (`Action::EditPolicy`), natively.

use criterion::{criterion_group, criterion_main, Criterion};
use iam_web::state::{Action, State};
use iam_web::workspace::{PolicyEntry, PolicyKind};
use std::rc::Rc;
use yew::Reducible;

fn recompute(c: &mut Criterion) {
    let Some(example) = iam_web::examples::example("emr-tags") else {
        eprintln!("the emr-tags example is missing");
        return;
    };
    let mut ws = iam_web::examples::workspace_of(example);
    let Some(text) = ws.policies.first().map(|p| p.text.clone()) else {
        return;
    };
    for i in 1..10 {
        ws.policies.push(PolicyEntry {
            id: i,
            kind: PolicyKind::Identity,
            name: format!("P{i}"),
            level: String::new(),
            text: text.clone(),
        });
    }
    ws.next_id = 10;
    ws.request.actions = iam_web::components::request::suggest_actions("elasticmapreduce:", 10)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    ws.request.resources.push("*".into());
    let mut state = Rc::new(State::new(ws));
    let mut i = 0usize;
    c.bench_function("app/keystroke/10-policies-x-20-requests", |b| {
        b.iter(|| {
            i += 1;
            state = state.clone().reduce(Action::EditPolicy(
                3,
                format!("{text}{}", " ".repeat(i % 7 + 1)),
            ));
        })
    });
}

criterion_group!(app, recompute);
criterion_main!(app);
