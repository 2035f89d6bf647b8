//! Recent workspaces: every workspace the page replaced (by an example, an import, a newer link, a restore), kept
//! in local storage so that it can be restored after a reload. Unchanged examples are not kept (choosing the
//! example again gives them back); the same workspace is kept once.

use serde::{Deserialize, Serialize};

use crate::examples;
use crate::workspace::Workspace;

/// At most this many are kept, newest first.
pub const MAX_RECENT: usize = 12;

/// One workspace set aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    /// Why it was set aside ("before loading the example …").
    pub label: String,
    /// When, in milliseconds since the epoch.
    pub at: f64,
    pub workspace: Workspace,
}

impl Recent {
    /// A short description of what is in it.
    pub fn summary(&self) -> String {
        summary(&self.workspace)
    }
}

/// "2 policies (Admin, Boundary) · 3 requests".
pub fn summary(ws: &Workspace) -> String {
    let names: Vec<&str> = ws
        .policies
        .iter()
        .map(|p| p.name.as_str())
        .take(3)
        .collect();
    let mut names = names.join(", ");
    if ws.policies.len() > 3 {
        names.push_str(", …");
    }
    let policies = match ws.policies.len() {
        0 => "no policies".to_owned(),
        1 => format!("1 policy ({names})"),
        n => format!("{n} policies ({names})"),
    };
    let requests = match ws.rows_len() {
        1 => "1 request".to_owned(),
        n => format!("{n} requests"),
    };
    format!("{policies} · {requests}")
}

/// Whether `ws` holds nothing of the user's: an example as it comes.
pub fn is_pristine(ws: &Workspace) -> bool {
    examples::EXAMPLES
        .iter()
        .any(|e| examples::workspace_of(e) == *ws)
}

/// Puts `ws` first in `list` (unless it is pristine), once, keeping at most [`MAX_RECENT`].
pub fn push(list: &mut Vec<Recent>, ws: &Workspace, label: String, at: f64) {
    if is_pristine(ws) {
        return;
    }
    list.retain(|r| r.workspace != *ws);
    list.insert(
        0,
        Recent {
            label,
            at,
            workspace: ws.clone(),
        },
    );
    list.truncate(MAX_RECENT);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn keeps_user_work_once_newest_first_and_not_pristine_examples() {
        let example = examples::default_workspace();
        let mut list = Vec::new();
        push(&mut list, &example, "example".into(), 1.0);
        assert!(list.is_empty(), "an unchanged example is not kept");
        let mut mine = example.clone();
        mine.request.principal = "arn:aws:iam::111122223333:user/bob".into();
        push(&mut list, &mine, "first".into(), 1.0);
        let mut other = mine.clone();
        other.policies.clear();
        push(&mut list, &other, "second".into(), 2.0);
        push(&mut list, &mine, "again".into(), 3.0);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].label, "again");
        assert_eq!(list[1].workspace, other);
        assert_eq!(list[1].summary(), "no policies · 1 request");
        assert!(
            list[0].summary().starts_with("1 policy (VolumesOnly)"),
            "{}",
            list[0].summary()
        );
        for i in 0..MAX_RECENT + 3 {
            let mut ws = other.clone();
            ws.request.principal = format!("p{i}");
            push(&mut list, &ws, format!("n{i}"), 4.0);
        }
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0].label, format!("n{}", MAX_RECENT + 2));
    }
}
