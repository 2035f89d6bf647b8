//! Wildcard patterns (`*` and `?`) matched in linear time, ARNs compared component by component, and the
//! `${Placeholder}` templates of the AWS service authorization reference (ARN templates, condition keys).
//!
//! A pattern is split at its `*`s into segments; the first segment must match at the start, the last at the end,
//! and each middle segment is found at its leftmost place after the previous one. Leftmost placement is always
//! safe for `*`-separated segments, so there is no backtracking. A segment of plain text is found with a
//! substring search (`memchr::memmem`, linear in the text searched), and the search resumes past the match, so
//! matching reads the value once: O(value + pattern). A segment that holds `?` is found with a bit-parallel
//! (shift-and) scan, O(value × ⌈segment length / 64⌉).
//!
//! Templates are matched by a dynamic program over (template token, subject position): O(template × subject),
//! without recursion, so no input can make them blow the stack or run away.

/// One token of a pattern before compilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A character that must appear as is.
    Lit(char),
    /// `?`: exactly one character.
    One,
    /// `*`: any run of characters, possibly empty.
    Star,
}

/// Splits a plain string into tokens, treating `*` and `?` as wildcards.
pub fn tokens(s: &str) -> Vec<Tok> {
    s.chars().map(tok).collect()
}

fn tok(c: char) -> Tok {
    match c {
        '*' => Tok::Star,
        '?' => Tok::One,
        c => Tok::Lit(c),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegTok {
    Lit(char),
    One,
}

/// A run of the pattern between two `*`s.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Plain text: found with a substring search.
    Text(String),
    /// Text with at least one `?`, one token per character.
    Mixed(Vec<SegTok>),
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Text without wildcards matches by plain equality.
    exact: Option<String>,
    /// The non-empty `*`-separated segments, in order.
    segments: Vec<Segment>,
    leading_star: bool,
    trailing_star: bool,
    /// The literal text before the first wildcard: a quick byte comparison rejects most inputs.
    prefix: String,
    /// The fewest bytes a matching value can have (each literal character as written, each `?` one byte).
    min_bytes: usize,
}

/// Compiles a pattern token by token, keeping plain text as text (one byte per ASCII character, not one token).
#[derive(Debug, Default)]
struct Builder {
    segments: Vec<Segment>,
    text: String,
    mixed: Option<Vec<SegTok>>,
    leading_star: bool,
    trailing_star: bool,
    wild: bool,
    count: usize,
    min_bytes: usize,
}

impl Builder {
    fn push(&mut self, t: Tok) {
        if self.count == 0 {
            self.leading_star = t == Tok::Star;
        }
        self.count += 1;
        self.trailing_star = t == Tok::Star;
        match t {
            Tok::Star => {
                self.wild = true;
                self.flush();
            }
            Tok::One => {
                self.wild = true;
                self.min_bytes += 1;
                let text = &mut self.text;
                self.mixed
                    .get_or_insert_with(|| text.drain(..).map(SegTok::Lit).collect())
                    .push(SegTok::One);
            }
            Tok::Lit(c) => {
                self.min_bytes += c.len_utf8();
                match &mut self.mixed {
                    Some(m) => m.push(SegTok::Lit(c)),
                    None => self.text.push(c),
                }
            }
        }
    }

    fn flush(&mut self) {
        match self.mixed.take() {
            Some(m) => self.segments.push(Segment::Mixed(m)),
            None if !self.text.is_empty() => self
                .segments
                .push(Segment::Text(std::mem::take(&mut self.text))),
            None => {}
        }
    }

    /// True when the tokens so far are exactly `text` (no wildcard).
    fn is_text(&self, text: &str) -> bool {
        !self.wild && self.text == text
    }

    /// True when the tokens so far are one `*`.
    fn is_lone_star(&self) -> bool {
        self.count == 1 && self.leading_star
    }

    fn finish(mut self) -> Pattern {
        if !self.wild {
            return Pattern::exact(self.text);
        }
        self.flush();
        let prefix = match (self.leading_star, self.segments.first()) {
            (false, Some(Segment::Text(t))) => t.clone(),
            (false, Some(Segment::Mixed(m))) => m
                .iter()
                .map_while(|t| match t {
                    SegTok::Lit(c) => Some(*c),
                    SegTok::One => None,
                })
                .collect(),
            _ => String::new(),
        };
        Pattern {
            exact: None,
            segments: self.segments,
            leading_star: self.leading_star,
            trailing_star: self.trailing_star,
            prefix,
            min_bytes: self.min_bytes,
        }
    }
}

impl Pattern {
    /// Compiles a plain string where `*` and `?` are wildcards.
    pub fn new(s: &str) -> Self {
        if !s.contains(['*', '?']) {
            return Self::exact(s.to_string());
        }
        Self::from_tok_iter(s.chars().map(tok))
    }

    fn exact(s: String) -> Self {
        Pattern {
            min_bytes: s.len(),
            exact: Some(s),
            segments: Vec::new(),
            leading_star: false,
            trailing_star: false,
            prefix: String::new(),
        }
    }

    /// Compiles a token list (used after policy variables were substituted).
    pub fn from_tokens(toks: &[Tok]) -> Self {
        Self::from_tok_iter(toks.iter().copied())
    }

    /// Compiles a stream of tokens.
    pub fn from_tok_iter(toks: impl IntoIterator<Item = Tok>) -> Self {
        let mut b = Builder::default();
        for t in toks {
            b.push(t);
        }
        b.finish()
    }

    /// True when the pattern is a lone `*` (matches everything).
    pub fn is_match_all(&self) -> bool {
        self.exact.is_none() && self.segments.is_empty() && self.leading_star
    }

    /// The text, when the pattern has no wildcard (it then matches only that text).
    pub fn as_exact(&self) -> Option<&str> {
        self.exact.as_deref()
    }

    /// Does the whole of `input` match?
    pub fn matches(&self, input: &str) -> bool {
        if let Some(exact) = &self.exact {
            return exact == input;
        }
        if input.len() < self.min_bytes || !input.starts_with(self.prefix.as_str()) {
            return false;
        }
        let (mut lo, mut hi) = (0, self.segments.len());
        let mut pos = 0usize;
        let mut limit = input.len();
        if !self.leading_star {
            let Some(first) = self.segments.first() else {
                return input.is_empty();
            };
            match anchored_at(first, input, 0) {
                Some(end) => pos = end,
                None => return false,
            }
            lo = 1;
            if hi == 1 && !self.trailing_star {
                // No `*` at all: the one segment is the whole pattern.
                return pos == input.len();
            }
        }
        if !self.trailing_star && lo < hi {
            let Some(last) = self.segments.get(hi - 1) else {
                return false;
            };
            match anchored_at_end(last, input) {
                Some(start) if start >= pos => limit = start,
                _ => return false,
            }
            hi -= 1;
        }
        for seg in self.segments.get(lo..hi).unwrap_or_default() {
            match find(seg, input, pos, limit) {
                Some(end) => pos = end,
                None => return false,
            }
        }
        true
    }
}

/// Matches `seg` at byte offset `at`; returns the end offset.
fn anchored_at(seg: &Segment, input: &str, at: usize) -> Option<usize> {
    let rest = input.get(at..)?;
    match seg {
        Segment::Text(t) => rest.starts_with(t.as_str()).then(|| at + t.len()),
        Segment::Mixed(toks) => {
            let mut chars = rest.char_indices();
            for t in toks {
                let (_, c) = chars.next()?;
                if let SegTok::Lit(l) = t {
                    if *l != c {
                        return None;
                    }
                }
            }
            Some(chars.next().map_or(input.len(), |(i, _)| at + i))
        }
    }
}

/// Matches `seg` so that it ends at the end of `input`; returns where it starts.
fn anchored_at_end(seg: &Segment, input: &str) -> Option<usize> {
    match seg {
        Segment::Text(t) => input.ends_with(t.as_str()).then(|| input.len() - t.len()),
        Segment::Mixed(toks) => {
            let start = match toks.len() {
                0 => input.len(),
                n => input.char_indices().rev().nth(n - 1)?.0,
            };
            (anchored_at(seg, input, start) == Some(input.len())).then_some(start)
        }
    }
}

/// Finds the leftmost match of `seg` starting at or after `from` and ending at or before `limit`; returns its end.
fn find(seg: &Segment, input: &str, from: usize, limit: usize) -> Option<usize> {
    let hay = input.get(from..limit)?;
    match seg {
        Segment::Text(t) => {
            memchr::memmem::find(hay.as_bytes(), t.as_bytes()).map(|i| from + i + t.len())
        }
        Segment::Mixed(toks) => shift_and(toks, hay).map(|end| from + end),
    }
}

/// The end (byte offset in `hay`) of the leftmost match of `toks`, by the shift-and algorithm: bit `i` of the state
/// says that the first `i + 1` tokens match the characters just read. Every match is as long as `toks`, so the
/// leftmost end is the leftmost match. Time O(hay × words), memory O(toks).
fn shift_and(toks: &[SegTok], hay: &str) -> Option<usize> {
    let m = toks.len();
    let last = m.checked_sub(1)?;
    let words = m.div_ceil(64);
    // `?` positions, and for each literal character the words where it stands (sparse: at most one entry per
    // character of the segment).
    let mut wild = vec![0u64; words];
    let mut lits: Vec<(char, usize, u64)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        match t {
            SegTok::One => {
                if let Some(x) = wild.get_mut(w) {
                    *x |= bit;
                }
            }
            SegTok::Lit(c) => lits.push((*c, w, bit)),
        }
    }
    lits.sort_unstable();
    let mut merged: Vec<(char, usize, u64)> = Vec::with_capacity(lits.len());
    for (c, w, bit) in lits {
        match merged.last_mut() {
            Some((pc, pw, bits)) if *pc == c && *pw == w => *bits |= bit,
            _ => merged.push((c, w, bit)),
        }
    }
    let (last_word, last_bit) = (last / 64, 1u64 << (last % 64));
    let mut state = vec![0u64; words];
    let mut next = vec![0u64; words];
    for (i, c) in hay.char_indices() {
        // Shift by one position (carrying across words) and start a new attempt at bit 0.
        let mut carry = 1u64;
        for s in state.iter_mut() {
            let out = *s >> 63;
            *s = (*s << 1) | carry;
            carry = out;
        }
        for ((n, s), w) in next.iter_mut().zip(state.iter()).zip(wild.iter()) {
            *n = s & w;
        }
        let from = merged.partition_point(|(pc, _, _)| *pc < c);
        for (_, w, bits) in merged
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|(pc, _, _)| *pc == c)
        {
            if let (Some(n), Some(s)) = (next.get_mut(*w), state.get(*w)) {
                *n |= s & bits;
            }
        }
        std::mem::swap(&mut state, &mut next);
        if state.get(last_word).is_some_and(|s| s & last_bit != 0) {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// The six colon-separated parts of an ARN (`arn:partition:service:region:account:resource`).
pub fn split_arn(s: &str) -> Option<[&str; 6]> {
    let mut it = s.splitn(6, ':');
    let parts = [
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    ];
    if parts[0] != "arn" {
        return None;
    }
    Some(parts)
}

/// An ARN pattern: component patterns, each matched separately against the ARN's colon-separated parts.
///
/// A pattern with fewer than six components whose last component ends in `*` lets that last component match
/// the rest of the ARN, colons included (IAM User Guide, Resource element: "If the * wildcard is the last
/// character of a resource ARN segment, it can expand to match beyond the colon boundaries").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnPattern {
    parts: Vec<Pattern>,
}

impl ArnPattern {
    /// Builds from tokens; `None` if the tokens are not an ARN pattern starting with `arn`.
    pub fn from_tokens(toks: &[Tok]) -> Option<Self> {
        Self::from_tok_iter(toks.iter().copied())
    }

    /// Builds from a stream of tokens; `None` if they are not an ARN pattern starting with `arn`.
    pub fn from_tok_iter(toks: impl IntoIterator<Item = Tok>) -> Option<Self> {
        // The colon-separated parts; the sixth part keeps any further colons.
        let mut parts = vec![Builder::default()];
        for t in toks {
            if t == Tok::Lit(':') && parts.len() < 6 {
                parts.push(Builder::default());
            } else if let Some(p) = parts.last_mut() {
                p.push(t);
            }
        }
        let complete = parts.len() == 6;
        let open_tail = parts.len() >= 5 && parts.last().is_some_and(|p| p.trailing_star);
        if !complete && !open_tail {
            return None;
        }
        let first_ok = parts
            .first()
            .is_some_and(|p| p.is_text("arn") || p.is_lone_star());
        if !first_ok {
            return None;
        }
        Some(ArnPattern {
            parts: parts.into_iter().map(Builder::finish).collect(),
        })
    }

    /// Compares an ARN component by component.
    pub fn matches(&self, arn: &str) -> bool {
        if split_arn(arn).is_none() {
            return false;
        }
        let pieces = arn.splitn(self.parts.len(), ':');
        let mut count = 0;
        for (p, s) in self.parts.iter().zip(pieces) {
            if !p.matches(s) {
                return false;
            }
            count += 1;
        }
        count == self.parts.len()
    }
}

/// What a `${Placeholder}` of a template may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hole {
    /// One or more of any character (condition-key templates: tag keys may hold `/` and `:`).
    Any,
    /// One or more characters other than `/` and `:` (one segment of an ARN).
    Segment,
    /// Like `Segment`, but the template's last placeholder, when it ends the template, takes the
    /// rest of the subject including `/` and `:` (paths: `role/${RoleNameWithPath}`).
    SegmentTail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TplTok<'a> {
    Lit(&'a [u8]),
    Hole,
}

fn template_tokens(template: &str) -> Vec<TplTok<'_>> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    let mut lit_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let opens = bytes.get(i) == Some(&b'$') && bytes.get(i + 1) == Some(&b'{');
        let close = if opens {
            bytes
                .get(i + 2..)
                .and_then(|rest| rest.iter().position(|&b| b == b'}'))
        } else {
            None
        };
        match close {
            Some(off) => {
                if let Some(lit) = bytes.get(lit_start..i).filter(|l| !l.is_empty()) {
                    out.push(TplTok::Lit(lit));
                }
                out.push(TplTok::Hole);
                i += 2 + off + 1;
                lit_start = i;
            }
            None => i += 1,
        }
    }
    if let Some(lit) = bytes.get(lit_start..).filter(|l| !l.is_empty()) {
        out.push(TplTok::Lit(lit));
    }
    out
}

/// Whether `template` contains a `${Placeholder}`.
pub fn is_template(template: &str) -> bool {
    template_tokens(template).contains(&TplTok::Hole)
}

/// The number of literal (non-placeholder) bytes in `template`: how specific it is.
pub fn template_literal_len(template: &str) -> usize {
    template_tokens(template)
        .iter()
        .map(|t| match t {
            TplTok::Lit(l) => l.len(),
            TplTok::Hole => 0,
        })
        .sum()
}

/// Whether the whole of `subject` matches `template`, literals compared exactly or ASCII
/// case-insensitively; each `${Placeholder}` stands for one or more characters as `hole` says.
pub fn template_matches(template: &str, subject: &str, case_insensitive: bool, hole: Hole) -> bool {
    let toks = template_tokens(template);
    let s = subject.as_bytes();
    let n = s.len();
    let last_hole = toks.iter().rposition(|t| *t == TplTok::Hole);
    let ends_with_hole = toks.last() == Some(&TplTok::Hole);
    // reach[j]: the tokens so far match subject[..j].
    let mut reach = vec![false; n + 1];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    let mut next = vec![false; n + 1];
    for (ti, tok) in toks.iter().enumerate() {
        next.iter_mut().for_each(|x| *x = false);
        match tok {
            TplTok::Lit(lit) => {
                for j in 0..=n {
                    if !reach.get(j).copied().unwrap_or(false) {
                        continue;
                    }
                    let Some(chunk) = s.get(j..j + lit.len()) else {
                        continue;
                    };
                    let same = if case_insensitive {
                        chunk.eq_ignore_ascii_case(lit)
                    } else {
                        chunk == *lit
                    };
                    if same {
                        if let Some(x) = next.get_mut(j + lit.len()) {
                            *x = true;
                        }
                    }
                }
            }
            TplTok::Hole => {
                let any = match hole {
                    Hole::Any => true,
                    Hole::Segment => false,
                    Hole::SegmentTail => ends_with_hole && last_hole == Some(ti),
                };
                // carry: some reachable j < k with subject[j..k] all allowed and non-empty.
                let mut carry = false;
                for k in 1..=n {
                    let c = s.get(k - 1).copied().unwrap_or(b'/');
                    let allowed = any || (c != b'/' && c != b':');
                    carry = allowed && (carry || reach.get(k - 1).copied().unwrap_or(false));
                    if let Some(x) = next.get_mut(k) {
                        *x = carry;
                    }
                }
            }
        }
        std::mem::swap(&mut reach, &mut next);
    }
    reach.get(n).copied().unwrap_or(false)
}

/// Whether `arn` fits the ARN template `template` (`arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}`):
/// `Some((exact, specificity))`. ARNs are case-sensitive; both must be ARNs (six fields, the first `arn`). The
/// partition, service, region and account fields match field by field; in the resource a placeholder stands for
/// one or more characters other than `/` and `:` (`exact`), or, failing that, the trailing placeholder takes the
/// rest of the path (not `exact`). `specificity` is the template's number of literal characters.
pub fn arn_template_match(template: &str, arn: &str) -> Option<(bool, usize)> {
    let [t0, t1, t2, t3, t4, tr] = split_arn(template)?;
    let [a0, a1, a2, a3, a4, ar] = split_arn(arn)?;
    for (tf, af) in [(t0, a0), (t1, a1), (t2, a2), (t3, a3), (t4, a4)] {
        if !template_matches(tf, af, false, Hole::Segment) {
            return None;
        }
    }
    let exact = if template_matches(tr, ar, false, Hole::Segment) {
        true
    } else if template_matches(tr, ar, false, Hole::SegmentTail) {
        false
    } else {
        return None;
    };
    Some((exact, template_literal_len(template)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// Reference: the textbook recursive definition of `*`/`?` matching.
    fn reference(p: &[char], s: &[char]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| reference(rest, &s[i..])),
            Some(('?', rest)) => !s.is_empty() && reference(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && reference(rest, &s[1..]),
        }
    }

    #[test]
    fn basics() {
        assert!(Pattern::new("s3:Get*").matches("s3:GetObject"));
        assert!(!Pattern::new("s3:Get*").matches("s3:PutObject"));
        assert!(Pattern::new("*").matches(""));
        assert!(Pattern::new("a?c").matches("abc"));
        assert!(!Pattern::new("a?c").matches("ac"));
        assert!(Pattern::new("*a*b").matches("xxaxxb"));
        assert!(!Pattern::new("*a*b").matches("xxbxxa"));
        assert!(Pattern::new("é?").matches("éü"));
    }

    #[test]
    fn no_blowup_on_many_stars() {
        let p = Pattern::new("*a*a*a*a*a*a*a*a*a*a*a*b");
        let s = "a".repeat(20_000);
        assert!(!p.matches(&s));
    }

    #[test]
    fn arn_components() {
        let p = ArnPattern::from_tokens(&tokens("arn:aws:ec2:*:*:volume/*")).unwrap();
        assert!(p.matches("arn:aws:ec2:us-east-1:111122223333:volume/vol-1"));
        assert!(!p.matches("arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
        // `*` in the region component does not cross into the account component.
        let p = ArnPattern::from_tokens(&tokens("arn:aws:s3:::bucket/*")).unwrap();
        assert!(p.matches("arn:aws:s3:::bucket/a:b/c"));
        assert!(ArnPattern::from_tokens(&tokens("arn:aws:s3")).is_none());
        let p = ArnPattern::from_tokens(&tokens("arn:aws:sqs:us-east-1:*")).unwrap();
        assert!(p.matches("arn:aws:sqs:us-east-1:111122223333:orders"));
        assert!(!p.matches("arn:aws:sqs:us-west-2:111122223333:orders"));
    }

    /// Reference for longer inputs: the textbook dynamic program over (pattern prefix, input prefix), O(p × s).
    fn reference_dp(p: &[char], s: &[char]) -> bool {
        let mut row = vec![false; s.len() + 1];
        row[0] = true;
        for pc in p {
            let mut next = vec![false; s.len() + 1];
            if *pc == '*' {
                let mut any = false;
                for j in 0..=s.len() {
                    any |= row[j];
                    next[j] = any;
                }
            } else {
                for j in 1..=s.len() {
                    next[j] = row[j - 1] && (*pc == '?' || *pc == s[j - 1]);
                }
            }
            row = next;
        }
        row[s.len()]
    }

    fn agree(p: &str, s: &str) -> Result<(), TestCaseError> {
        let pc: Vec<char> = p.chars().collect();
        let sc: Vec<char> = s.chars().collect();
        prop_assert_eq!(
            Pattern::new(p).matches(s),
            reference_dp(&pc, &sc),
            "{:?} vs {:?}",
            p,
            s
        );
        Ok(())
    }

    /// The issue's freeze: `*` + a long literal + `b*` against a long value of `a`s (8 s at 100k/10k before). The
    /// value has no `b`, so nothing matches; with a linear search this is a few hundred microseconds, and the
    /// reference would take 10⁹ steps, so only the answer is checked here (the time is measured by the
    /// `pattern` benchmark).
    #[test]
    fn long_literal_segment_against_a_long_value() {
        let p = format!("*{}b*", "a".repeat(10_000));
        let s = "a".repeat(100_000);
        assert!(!Pattern::new(&p).matches(&s));
        let s = format!("{}b", "a".repeat(100_000));
        assert!(Pattern::new(&p).matches(&s));
    }

    /// A middle segment with `?` longer than one 64-bit word of the shift-and state.
    #[test]
    fn question_marks_across_words() {
        let seg: String = (0..150)
            .map(|i| if i % 3 == 0 { '?' } else { 'a' })
            .collect();
        let p = format!("x*{seg}b*");
        let hay = format!("x{}b", "a".repeat(400));
        assert!(Pattern::new(&p).matches(&hay));
        assert!(!Pattern::new(&p).matches(&"a".repeat(400)));
        agree(&p, &hay).unwrap();
        agree(&p, &format!("x{}c", "a".repeat(200))).unwrap();
    }

    #[test]
    fn templates() {
        let key = "aws:ResourceTag/${TagKey}";
        assert!(template_matches(
            key,
            "aws:resourcetag/team",
            true,
            Hole::Any
        ));
        assert!(template_matches(
            key,
            "aws:ResourceTag/a/b:c",
            true,
            Hole::Any
        ));
        assert!(!template_matches(key, "aws:ResourceTag/", true, Hole::Any));
        assert!(!template_matches(key, "aws:ResourceTag", true, Hole::Any));
        let mid = "codebuild:secondarySources/${sourceIdentifier}.auth.type";
        assert!(template_matches(
            mid,
            "codebuild:secondarySources/src1.auth.type",
            true,
            Hole::Any
        ));
        assert!(template_matches(
            "volume/${VolumeId}",
            "volume/vol-1",
            false,
            Hole::Segment
        ));
        assert!(!template_matches(
            "volume/${VolumeId}",
            "volume/a/b",
            false,
            Hole::Segment
        ));
        assert!(template_matches(
            "role/${RoleNameWithPath}",
            "role/a/b",
            false,
            Hole::SegmentTail
        ));
        assert!(!template_matches(
            "${A}/x",
            "a/b/x",
            false,
            Hole::SegmentTail
        ));
        assert!(template_matches(
            "unclosed ${x",
            "unclosed ${x",
            false,
            Hole::Segment
        ));
        assert_eq!(
            template_literal_len("arn:${Partition}:s3:::${BucketName}"),
            10
        );
        assert!(is_template(key));
        assert!(!is_template("aws:SourceIp"));
        assert!(!is_template("unclosed ${x"));
    }

    #[test]
    fn arn_templates() {
        let volume = "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}";
        assert_eq!(
            arn_template_match(volume, "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"),
            Some((true, 18))
        );
        // ARNs are case-sensitive.
        assert_eq!(
            arn_template_match(volume, "arn:aws:EC2:us-east-1:111122223333:volume/vol-1"),
            None
        );
        assert_eq!(
            arn_template_match(volume, "ARN:aws:ec2:us-east-1:1:volume/v"),
            None
        );
        let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
        assert_eq!(
            arn_template_match(role, "arn:aws:iam::111122223333:role/team/admin"),
            Some((false, 16))
        );
        // A placeholder stands for at least one character; the region field of a global service stays empty.
        assert_eq!(
            arn_template_match(role, "arn:aws:iam::111122223333:role/"),
            None
        );
        assert_eq!(
            arn_template_match(role, "arn:aws:iam:us-east-1:1:role/r"),
            None
        );
        assert_eq!(arn_template_match(volume, "*"), None);
    }

    proptest! {
        #[test]
        fn agrees_with_reference(p in "[ab*?]{0,8}", s in "[ab]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let sc: Vec<char> = s.chars().collect();
            prop_assert_eq!(Pattern::new(&p).matches(&s), reference(&pc, &sc));
        }

        #[test]
        fn agrees_with_reference_unicode(p in "[aé*?]{0,6}", s in "[aé]{0,8}") {
            let pc: Vec<char> = p.chars().collect();
            let sc: Vec<char> = s.chars().collect();
            prop_assert_eq!(Pattern::new(&p).matches(&s), reference(&pc, &sc));
        }

        /// Longer patterns and values against the dynamic-programming reference: many segments, long `?` runs
        /// (past 64 characters, so the shift-and state spans words), multi-byte characters.
        #[test]
        fn agrees_with_dp_reference(p in "[ab*?é]{0,40}", s in "[abé]{0,120}") {
            agree(&p, &s)?;
        }

        #[test]
        fn agrees_on_long_question_mark_segments(
            head in "[ab]{0,3}", seg in "[ab?]{60,140}", tail in "[ab?*]{0,6}", s in "[ab]{0,300}"
        ) {
            agree(&format!("{head}*{seg}*{tail}"), &s)?;
            agree(&format!("*{seg}"), &s)?;
        }

        /// A value built to match (the pattern with each wildcard filled in) always matches.
        #[test]
        fn a_filled_in_pattern_matches(p in "[ab*?:/]{0,30}", fill in "[ab:]{0,4}") {
            let s: String = p.chars().map(|c| match c {
                '*' => fill.clone(),
                '?' => "x".to_string(),
                c => c.to_string(),
            }).collect();
            prop_assert!(Pattern::new(&p).matches(&s), "{:?} vs {:?}", p, s);
        }
    }
}
