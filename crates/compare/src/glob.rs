//! Wildcard languages as small automata, and the regions a set of them cuts the string space into: one shortest
//! witness string for every combination of "matches / does not match" that some string realises.
//!
//! Each pattern is a chain of nodes (a literal character, `?`, `*`); the set of chain positions reached after a
//! prefix is the automaton's state. A breadth-first walk over the product of all patterns' states, over an alphabet
//! of every character the patterns name plus one fresh character standing for all the others, reaches every
//! product state with a shortest string; the patterns a state accepts is its region. Two strings whose characters
//! outside the alphabet are replaced by the fresh one reach the same product state, so every non-empty region is
//! found: the walk is complete, not a sample.

use iam_engine::pattern::Tok;
use std::collections::{HashMap, HashSet, VecDeque};

/// One node of a pattern's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Lit(char),
    /// A literal compared ASCII-case-insensitively (stored lower-case).
    LitIc(char),
    /// `?`; `colon`: may match `:`.
    One {
        colon: bool,
    },
    /// `*`; `colon`: may match `:`.
    Star {
        colon: bool,
    },
    /// The end of a chain: the position before it accepts.
    End,
}

/// A wildcard pattern compiled to a chain automaton, or a union of such chains (each ends with [`Node::End`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom {
    nodes: Vec<Node>,
    /// Where each chain starts.
    starts: Vec<usize>,
}

impl Atom {
    /// Exact text (`StringEquals`), optionally ignoring ASCII case.
    pub fn literal(text: &str, ignore_case: bool) -> Atom {
        let nodes = text
            .chars()
            .map(|c| {
                if ignore_case {
                    Node::LitIc(c.to_ascii_lowercase())
                } else {
                    Node::Lit(c)
                }
            })
            .collect();
        Atom::chain(nodes)
    }

    /// A plain wildcard pattern over the whole string: `*` and `?` match any character, colons included.
    pub fn plain(toks: impl IntoIterator<Item = Tok>) -> Atom {
        let nodes = toks
            .into_iter()
            .map(|t| match t {
                Tok::Lit(c) => Node::Lit(c),
                Tok::One => Node::One { colon: true },
                Tok::Star => Node::Star { colon: true },
            })
            .collect();
        Atom::chain(nodes)
    }

    /// An ARN pattern as the engine matches it (`iam_engine::pattern::ArnPattern`): split into at most six
    /// colon-separated parts; wildcards of every part but the last stay inside their part; the last part takes
    /// the rest of the ARN, colons included; a lone `*` as the first part stands for `arn` (an ARN starts with
    /// `arn`). `None` when the engine would not read the tokens as an ARN pattern.
    pub fn arn(toks: impl IntoIterator<Item = Tok>) -> Option<Atom> {
        let mut parts: Vec<Vec<Tok>> = vec![Vec::new()];
        for t in toks {
            if t == Tok::Lit(':') && parts.len() < 6 {
                parts.push(Vec::new());
            } else if let Some(p) = parts.last_mut() {
                p.push(t);
            }
        }
        let n = parts.len();
        let complete = n == 6;
        let open_tail = n >= 5 && parts.last().is_some_and(|p| p.last() == Some(&Tok::Star));
        if !complete && !open_tail {
            return None;
        }
        let first = parts.first()?;
        let arn_text: Vec<Tok> = "arn".chars().map(Tok::Lit).collect();
        if *first != arn_text && *first != [Tok::Star] {
            return None;
        }
        let mut nodes = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i == 0 {
                nodes.extend("arn".chars().map(Node::Lit));
                continue;
            }
            nodes.push(Node::Lit(':'));
            let colon = i + 1 == n;
            nodes.extend(part.iter().map(|t| match t {
                Tok::Lit(c) => Node::Lit(*c),
                Tok::One => Node::One { colon },
                Tok::Star => Node::Star { colon },
            }));
        }
        // The engine also requires the input to be an ARN (six parts, `arn` first); an open tail of five parts
        // does not say so itself, so every walk over ARN atoms includes [`is_arn_atom`] and reads a region as the
        // engine does: an ARN atom matches when it accepts and the string is an ARN.
        Some(Atom::chain(nodes))
    }

    fn chain(mut nodes: Vec<Node>) -> Atom {
        nodes.push(Node::End);
        Atom {
            nodes,
            starts: vec![0],
        }
    }

    /// The union of atoms: accepts what any of them accepts.
    pub fn union(atoms: impl IntoIterator<Item = Atom>) -> Atom {
        let mut nodes = Vec::new();
        let mut starts = Vec::new();
        for a in atoms {
            let offset = nodes.len();
            starts.extend(a.starts.iter().map(|s| s + offset));
            nodes.extend(a.nodes);
        }
        Atom { nodes, starts }
    }

    /// What may follow `prefix`: the atom that accepts `s` when this one accepts `prefix` then `s`; `None` when
    /// no string that starts with `prefix` is accepted.
    pub fn after(&self, prefix: &str) -> Option<Atom> {
        let mut set = self.start();
        for c in prefix.chars() {
            set = self.step(&set, c);
            if set.is_empty() {
                return None;
            }
        }
        Some(Atom {
            nodes: self.nodes.clone(),
            starts: set,
        })
    }

    /// The one string the atom accepts, when it is a single chain of plain characters from its start.
    pub fn literal_text(&self) -> Option<String> {
        let [start] = self.starts.as_slice() else {
            return None;
        };
        let mut out = String::new();
        for n in self.nodes.get(*start..)? {
            match n {
                Node::Lit(c) => out.push(*c),
                Node::End => return Some(out),
                _ => return None,
            }
        }
        None
    }

    /// Whether every node is a literal (the atom accepts one string).
    pub fn is_literal(&self) -> bool {
        self.starts.len() == 1
            && self
                .nodes
                .iter()
                .all(|n| matches!(n, Node::Lit(_) | Node::LitIc(_) | Node::End))
    }

    fn accepting(&self, set: &[usize]) -> bool {
        set.iter()
            .any(|p| matches!(self.nodes.get(*p), Some(Node::End)))
    }

    /// Whether the chain accepts `s` (used to check the model against the engine in tests and at run time).
    pub fn accepts(&self, s: &str) -> bool {
        let mut st = self.start();
        for c in s.chars() {
            st = self.step(&st, c);
            if st.is_empty() {
                return false;
            }
        }
        self.accepting(&st)
    }

    fn start(&self) -> Vec<usize> {
        self.close(self.starts.clone())
    }

    fn close(&self, mut set: Vec<usize>) -> Vec<usize> {
        // A `*` may match nothing: the position after it is reached too (and after a run of them, each).
        let n = set.len();
        for k in 0..n {
            let Some(mut q) = set.get(k).copied() else {
                break;
            };
            while matches!(self.nodes.get(q), Some(Node::Star { .. })) {
                q += 1;
                set.push(q);
            }
        }
        set.sort_unstable();
        set.dedup();
        let out = set;
        // A `*` that may match colons, right before the end, accepts every continuation: whatever else the set
        // holds, its future is every string, so one canonical set stands for all such sets (fewer product states).
        let saturated = out.iter().copied().find(|&p| {
            matches!(self.nodes.get(p), Some(Node::Star { colon: true }))
                && matches!(self.nodes.get(p + 1), Some(Node::End))
        });
        match saturated {
            Some(p) => vec![p, p + 1],
            None => out,
        }
    }

    fn step(&self, set: &[usize], c: char) -> Vec<usize> {
        let mut next = Vec::new();
        for &p in set {
            match self.nodes.get(p) {
                Some(Node::Lit(l)) if *l == c => next.push(p + 1),
                Some(Node::LitIc(l)) if *l == c.to_ascii_lowercase() => next.push(p + 1),
                Some(Node::One { colon }) if *colon || c != ':' => next.push(p + 1),
                Some(Node::Star { colon }) if *colon || c != ':' => next.push(p),
                _ => {}
            }
        }
        self.close(next)
    }

    fn chars(&self, out: &mut HashSet<char>) {
        for n in &self.nodes {
            match n {
                Node::Lit(c) => {
                    out.insert(*c);
                }
                Node::LitIc(c) => {
                    out.insert(*c);
                    out.insert(c.to_ascii_uppercase());
                }
                Node::One { colon: false } | Node::Star { colon: false } => {
                    out.insert(':');
                }
                _ => {}
            }
        }
    }
}

/// The atom that accepts exactly the strings the engine reads as ARNs (six colon-separated parts, `arn` first).
pub fn is_arn_atom() -> Atom {
    let mut nodes: Vec<Node> = "arn".chars().map(Node::Lit).collect();
    for i in 1..6 {
        nodes.push(Node::Lit(':'));
        nodes.push(Node::Star { colon: i == 5 });
    }
    Atom::chain(nodes)
}

/// One region: which atoms accept, and a shortest string that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub accepts: Vec<bool>,
    pub witness: String,
    /// The witness holds the fresh character (only when asked for with [`regions_fresh`]).
    pub fresh: bool,
}

/// The walk gave up: more product states than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyStates(pub usize);

/// The fresh character: one no atom names (it stands for every such character), a readable one when possible.
fn fresh_char(used: &HashSet<char>, preferred: &str) -> char {
    let lower_used = |c: char| used.contains(&c) || used.contains(&c.to_ascii_uppercase());
    preferred
        .chars()
        .chain((0x100u32..0x2000).filter_map(char::from_u32))
        .find(|c| !lower_used(*c))
        .unwrap_or('\u{2603}')
}

/// Every non-empty region of the atoms' languages, each with a shortest witness (fresh characters preferred).
pub fn regions(atoms: &[Atom], limit: usize) -> Result<Vec<Region>, TooManyStates> {
    walk(atoms, limit, "xzqjkvwy0123456789", false)
}

/// As [`regions`], with the fresh character chosen from `preferred` first, and for each region both a shortest
/// witness and, when one exists, a shortest witness that holds the fresh character (told apart by
/// [`Region::fresh`]).
pub fn regions_fresh(
    atoms: &[Atom],
    limit: usize,
    preferred: &str,
) -> Result<Vec<Region>, TooManyStates> {
    walk(atoms, limit, preferred, true)
}

fn walk(
    atoms: &[Atom],
    limit: usize,
    preferred: &str,
    track_fresh: bool,
) -> Result<Vec<Region>, TooManyStates> {
    let mut used = HashSet::new();
    for a in atoms {
        a.chars(&mut used);
    }
    let fresh = fresh_char(&used, preferred);
    let mut alphabet: Vec<char> = used.into_iter().collect();
    alphabet.sort_unstable();
    alphabet.insert(0, fresh);
    let mut dfas: Vec<Lazy> = atoms.iter().map(|a| Lazy::new(a, alphabet.len())).collect();

    // A state: the set of chain positions (as an id of its atom's [`Lazy`]) of each atom still alive (an atom
    // whose set is empty accepts nothing from then on), then `(FRESH, 0 or 1)`: whether the fresh character was
    // read. One flat vector, so that a candidate state is looked up without being allocated.
    const FRESH: u32 = u32::MAX;
    type State = Vec<(u32, u32)>;
    let mut live: Vec<(u32, u32)> = Vec::new();
    for (i, d) in dfas.iter_mut().enumerate() {
        if let (Some(s), Ok(i)) = (d.start(), u32::try_from(i)) {
            live.push((i, s));
        }
    }
    live.push((FRESH, 0));
    let start: State = live;
    let mut seen: HashSet<State, FxBuild> = HashSet::default();
    // Per region (which atoms accept, then whether the fresh character was read): a shortest witness.
    let mut found: HashMap<Vec<bool>, String, FxBuild> = HashMap::default();
    let mut order: Vec<Vec<bool>> = Vec::new();
    // How each state was reached: the state it came from (an index here) and the character read.
    let mut trail: Vec<(u32, char)> = vec![(u32::MAX, fresh)];
    let mut queue: VecDeque<(State, u32)> = VecDeque::new();
    seen.insert(start.clone());
    queue.push_back((start, 0));
    // Work, not only states, is bounded: each step costs one move per live atom (thousands of Action patterns
    // make even a few states expensive). Past the budget the walk gives up, and the answer says so.
    let budget = limit.saturating_mul(200);
    let mut work = 0usize;
    let mut next: State = Vec::new();
    let mut accepts: Vec<bool> = Vec::new();
    while let Some((state, at)) = queue.pop_front() {
        let (live, used_fresh) = match state.split_last() {
            Some((&(_, f), live)) => (live, f == 1),
            None => (state.as_slice(), false),
        };
        accepts.clear();
        accepts.resize(atoms.len(), false);
        for &(i, set) in live {
            if dfas.get(i as usize).is_some_and(|d| d.accepting(set)) {
                if let Some(x) = accepts.get_mut(i as usize) {
                    *x = true;
                }
            }
        }
        accepts.push(used_fresh);
        if !found.contains_key(accepts.as_slice()) {
            found.insert(accepts.clone(), witness(&trail, at));
            order.push(accepts.clone());
        }
        if live.is_empty() && (used_fresh || !track_fresh) {
            continue;
        }
        for (k, &c) in alphabet.iter().enumerate() {
            next.clear();
            for &(i, set) in live {
                if let Some(n) = dfas.get_mut(i as usize).and_then(|d| d.step(set, k, c)) {
                    next.push((i, n));
                }
            }
            next.push((FRESH, u32::from(track_fresh && (used_fresh || c == fresh))));
            work = work.saturating_add(live.len().max(1));
            if work > budget {
                return Err(TooManyStates(limit));
            }
            if seen.contains(next.as_slice()) {
                continue;
            }
            if seen.len() >= limit {
                return Err(TooManyStates(limit));
            }
            seen.insert(next.clone());
            let Ok(index) = u32::try_from(trail.len()) else {
                return Err(TooManyStates(limit));
            };
            trail.push((at, c));
            queue.push_back((next.clone(), index));
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|mut key| {
            let witness = found.remove(&key)?;
            let fresh = key.pop()?;
            Some(Region {
                accepts: key,
                witness,
                fresh,
            })
        })
        .collect())
}

/// The string that reached state `at`: the characters read from the start, along the trail.
fn witness(trail: &[(u32, char)], mut at: u32) -> String {
    let mut chars = Vec::new();
    while let Some(&(from, c)) = trail.get(at as usize) {
        if from == u32::MAX {
            break;
        }
        chars.push(c);
        at = from;
    }
    chars.iter().rev().collect()
}

/// One atom's automaton made deterministic as the walk goes: each set of chain positions met gets an id, and
/// each move (set id, letter of the alphabet) is computed once.
struct Lazy<'a> {
    atom: &'a Atom,
    letters: usize,
    sets: Vec<Vec<usize>>,
    accepting: Vec<bool>,
    ids: HashMap<Vec<usize>, u32, FxBuild>,
    /// Per set id, per letter: `UNKNOWN`, `DEAD` (the empty set), or the next set's id.
    moves: Vec<u32>,
}

const UNKNOWN: u32 = u32::MAX;
const DEAD: u32 = u32::MAX - 1;

impl<'a> Lazy<'a> {
    fn new(atom: &'a Atom, letters: usize) -> Self {
        Lazy {
            atom,
            letters,
            sets: Vec::new(),
            accepting: Vec::new(),
            ids: HashMap::default(),
            moves: Vec::new(),
        }
    }

    fn intern(&mut self, set: Vec<usize>) -> Option<u32> {
        if set.is_empty() {
            return None;
        }
        if let Some(id) = self.ids.get(&set) {
            return Some(*id);
        }
        let id = u32::try_from(self.sets.len())
            .ok()
            .filter(|id| *id < DEAD)?;
        self.accepting.push(self.atom.accepting(&set));
        self.moves
            .extend(std::iter::repeat_n(UNKNOWN, self.letters));
        self.ids.insert(set.clone(), id);
        self.sets.push(set);
        Some(id)
    }

    fn start(&mut self) -> Option<u32> {
        let set = self.atom.start();
        self.intern(set)
    }

    fn accepting(&self, id: u32) -> bool {
        self.accepting.get(id as usize).copied().unwrap_or(false)
    }

    /// The set after letter `k` (the character `c`), `None` when empty.
    fn step(&mut self, id: u32, k: usize, c: char) -> Option<u32> {
        let slot = (id as usize).checked_mul(self.letters)?.checked_add(k)?;
        match self.moves.get(slot).copied() {
            Some(DEAD) => return None,
            Some(UNKNOWN) => {}
            Some(n) => return Some(n),
            None => return None,
        }
        let next = self.atom.step(self.sets.get(id as usize)?, c);
        let n = self.intern(next);
        if let Some(m) = self.moves.get_mut(slot) {
            *m = n.unwrap_or(DEAD);
        }
        n
    }
}

/// A small fast hasher for the walk's states (sequences of small integers): multiply and rotate, as rustc's
/// FxHasher does; the states are not chosen by an adversary.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

type FxBuild = std::hash::BuildHasherDefault<Fx>;

impl Fx {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            for (d, s) in b.iter_mut().zip(chunk) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use iam_engine::pattern::{tokens, ArnPattern, Pattern};
    use proptest::prelude::*;

    #[test]
    fn two_prefixes_cut_three_regions_and_the_rest() {
        let a = Atom::plain(tokens("ab*"));
        let b = Atom::plain(tokens("a*"));
        let r = regions(&[a, b], 1000).unwrap();
        let set: HashSet<Vec<bool>> = r.iter().map(|r| r.accepts.clone()).collect();
        assert!(set.contains(&vec![true, true]));
        assert!(set.contains(&vec![false, true]));
        assert!(set.contains(&vec![false, false]));
        assert!(!set.contains(&vec![true, false]));
    }

    #[test]
    fn arn_wildcards_stay_in_their_part_but_the_last() {
        let a = Atom::arn(tokens("arn:aws:s3:::b/*")).unwrap();
        assert!(a.accepts("arn:aws:s3:::b/x:y"));
        let e = Atom::arn(tokens("arn:aws:*:::b")).unwrap();
        assert!(!e.accepts("arn:aws:s3:x:::b"));
    }

    proptest! {
        /// A chain of plain characters accepts its text and nothing else.
        #[test]
        fn literal_text_is_all_the_atom_accepts(p in "[ab:*?]{0,5}", prefix in "[ab]{0,2}", s in "[ab:]{0,5}") {
            let atom = Atom::plain(tokens(&p));
            if let Some(rest) = atom.after(&prefix) {
                if let Some(t) = rest.literal_text() {
                    prop_assert_eq!(rest.accepts(&s), s == t);
                }
            }
        }

        /// What follows a prefix: `after(prefix)` accepts `s` exactly when the atom accepts `prefix + s`.
        #[test]
        fn after_reads_the_prefix(p in "[ab:*?]{0,7}", prefix in "[ab:]{0,3}", s in "[abc:]{0,6}") {
            let atom = Atom::plain(tokens(&p));
            let whole = format!("{prefix}{s}");
            match atom.after(&prefix) {
                Some(rest) => prop_assert_eq!(rest.accepts(&s), atom.accepts(&whole)),
                None => prop_assert!(!atom.accepts(&whole)),
            }
        }

        /// The chain automaton agrees with the engine's matcher, plain and ARN.
        #[test]
        fn agrees_with_the_engine(p in "[ab:*?]{0,7}", s in "[abc:]{0,8}") {
            let atom = Atom::plain(tokens(&p));
            prop_assert_eq!(atom.accepts(&s), Pattern::new(&p).matches(&s));
            let arn_p = format!("arn:{p}");
            let arn_s = format!("arn:{s}");
            let engine = ArnPattern::from_tokens(&tokens(&arn_p));
            let ours = Atom::arn(tokens(&arn_p));
            prop_assert_eq!(engine.is_some(), ours.is_some());
            if let (Some(e), Some(o)) = (engine, ours) {
                let valid = is_arn_atom().accepts(&arn_s);
                prop_assert_eq!(e.matches(&arn_s), o.accepts(&arn_s) && valid);
            }
        }

        /// Completeness: the region of any string is among the regions found.
        #[test]
        fn every_string_falls_in_a_found_region(ps in proptest::collection::vec("[ab*?]{0,4}", 1..4), s in "[abc]{0,6}") {
            let atoms: Vec<Atom> = ps.iter().map(|p| Atom::plain(tokens(p))).collect();
            let r = regions(&atoms, 100_000).unwrap();
            let v: Vec<bool> = atoms.iter().map(|a| a.accepts(&s)).collect();
            prop_assert!(r.iter().any(|r| r.accepts == v));
            for reg in &r {
                let got: Vec<bool> = atoms.iter().map(|a| a.accepts(&reg.witness)).collect();
                prop_assert_eq!(&got, &reg.accepts);
            }
        }
    }
}
