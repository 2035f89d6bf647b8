//! Wildcard patterns (`*` and `?`) matched in linear-ish time, and ARNs compared component by component.
//!
//! A pattern is split at its `*`s into segments; the first segment must match at the start, the last at the end,
//! and each middle segment is found at its leftmost place after the previous one. Leftmost placement is always
//! safe for `*`-separated segments, so there is no backtracking and no blow-up on `*a*a*a*b`.

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
    s.chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Lit(c),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegTok {
    Lit(char),
    One,
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Text without wildcards matches by plain equality.
    exact: Option<String>,
    /// The tokens of every non-empty `*`-separated segment, one segment after the other.
    toks: Vec<SegTok>,
    /// Where each segment ends in `toks`: segment `i` is `toks[ends[i - 1]..ends[i]]`.
    ends: Vec<usize>,
    leading_star: bool,
    trailing_star: bool,
    /// The literal text before the first wildcard: a quick byte comparison rejects most inputs.
    prefix: String,
}

impl Pattern {
    /// Compiles a plain string where `*` and `?` are wildcards.
    pub fn new(s: &str) -> Self {
        if !s.contains(['*', '?']) {
            return Self::exact(s.to_string());
        }
        Self::build(
            s.chars().map(|c| match c {
                '*' => Tok::Star,
                '?' => Tok::One,
                c => Tok::Lit(c),
            }),
            s.len(),
        )
    }

    fn exact(s: String) -> Self {
        Pattern {
            exact: Some(s),
            toks: Vec::new(),
            ends: Vec::new(),
            leading_star: false,
            trailing_star: false,
            prefix: String::new(),
        }
    }

    /// Compiles a token list (used after policy variables were substituted).
    pub fn from_tokens(toks: &[Tok]) -> Self {
        if toks.iter().all(|t| matches!(t, Tok::Lit(_))) {
            let mut s = String::with_capacity(toks.len());
            s.extend(toks.iter().filter_map(|t| match t {
                Tok::Lit(c) => Some(*c),
                _ => None,
            }));
            return Self::exact(s);
        }
        Self::build(toks.iter().copied(), toks.len())
    }

    /// Compiles tokens that include at least one wildcard; `len` bounds their number.
    fn build(toks: impl Iterator<Item = Tok> + Clone, len: usize) -> Self {
        let mut prefix = String::with_capacity(len);
        prefix.extend(toks.clone().map_while(|t| match t {
            Tok::Lit(c) => Some(c),
            _ => None,
        }));
        // Segments split at `*`; empty ones (between consecutive stars, or before a leading / after a trailing
        // star) carry no constraint and are dropped.
        let mut out = Vec::with_capacity(len);
        let mut ends = Vec::with_capacity(4);
        let (mut first, mut last) = (None, None);
        for t in toks {
            first.get_or_insert(t);
            last = Some(t);
            match t {
                Tok::Star => {
                    if ends.last().copied().unwrap_or(0) < out.len() {
                        ends.push(out.len());
                    }
                }
                Tok::One => out.push(SegTok::One),
                Tok::Lit(c) => out.push(SegTok::Lit(c)),
            }
        }
        if ends.last().copied().unwrap_or(0) < out.len() {
            ends.push(out.len());
        }
        Pattern {
            exact: None,
            toks: out,
            ends,
            leading_star: first == Some(Tok::Star),
            trailing_star: last == Some(Tok::Star),
            prefix,
        }
    }

    /// True when the pattern is a lone `*` (matches everything).
    pub fn is_match_all(&self) -> bool {
        self.exact.is_none() && self.ends.is_empty() && self.leading_star
    }

    /// Segment `i` (empty past the end).
    fn segment(&self, i: usize) -> &[SegTok] {
        let start = match i.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.toks.get(start..end).unwrap_or_default()
    }

    /// Does the whole of `input` match?
    pub fn matches(&self, input: &str) -> bool {
        if let Some(exact) = &self.exact {
            return exact == input;
        }
        if !input.starts_with(self.prefix.as_str()) {
            return false;
        }
        let count = self.ends.len();
        let has_star = self.leading_star || self.trailing_star || count > 1;
        // The segments still to place: `lo..hi`.
        let (mut lo, mut hi) = (0, count);
        let mut pos = 0usize;
        let mut limit = input.len();
        if !has_star {
            return match count {
                0 => input.is_empty(),
                _ => match_at(self.segment(0), input, 0) == Some(input.len()),
            };
        }
        if !self.leading_star {
            if lo == hi {
                return true;
            }
            match match_at(self.segment(lo), input, 0) {
                Some(end) => pos = end,
                None => return false,
            }
            lo += 1;
        }
        if !self.trailing_star {
            if lo == hi {
                return pos == input.len();
            }
            let last = self.segment(hi - 1);
            // The last segment matches exactly `last.len()` characters, ending at the end of the input.
            let Some(start) = nth_char_from_end(input, last.len()) else {
                return false;
            };
            if start < pos || match_at(last, input, start) != Some(input.len()) {
                return false;
            }
            limit = start;
            hi -= 1;
        }
        for i in lo..hi {
            match find_from(self.segment(i), input, pos, limit) {
                Some(end) => pos = end,
                None => return false,
            }
        }
        pos <= limit
    }
}

/// Byte offset where the last `n` characters of `s` begin.
fn nth_char_from_end(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(s.len());
    }
    s.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Matches `seg` at byte offset `at`; returns the end offset.
fn match_at(seg: &[SegTok], input: &str, at: usize) -> Option<usize> {
    let rest = input.get(at..)?;
    let mut chars = rest.char_indices();
    for t in seg {
        let (_, c) = chars.next()?;
        if let SegTok::Lit(l) = t {
            if *l != c {
                return None;
            }
        }
    }
    match chars.next() {
        Some((i, _)) => Some(at + i),
        None => Some(input.len()),
    }
}

/// Finds the leftmost match of `seg` starting at or after `from` and ending at or before `limit`.
fn find_from(seg: &[SegTok], input: &str, from: usize, limit: usize) -> Option<usize> {
    let hay = input.get(..limit)?;
    let tail = hay.get(from..)?;
    // Fast path: a segment that starts with a literal can jump between occurrences of it.
    for (i, _) in tail.char_indices() {
        let at = from + i;
        if let Some(SegTok::Lit(c)) = seg.first() {
            if !tail.get(i..).is_some_and(|t| t.starts_with(*c)) {
                continue;
            }
        }
        if let Some(end) = match_at(seg, hay, at) {
            return Some(end);
        }
    }
    if seg.is_empty() {
        return Some(from);
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
        // The colon-separated parts, as ranges of `toks`; the sixth part keeps any further colons.
        let mut bounds = [(0usize, 0usize); 6];
        let mut count = 1;
        let mut start = 0;
        for (i, t) in toks.iter().enumerate() {
            if *t == Tok::Lit(':') && count < 6 {
                if let Some(b) = bounds.get_mut(count - 1) {
                    *b = (start, i);
                }
                start = i + 1;
                count += 1;
            }
        }
        if let Some(b) = bounds.get_mut(count - 1) {
            *b = (start, toks.len());
        }
        let parts: Vec<&[Tok]> = bounds
            .iter()
            .take(count)
            .map(|&(a, b)| toks.get(a..b).unwrap_or_default())
            .collect();
        let complete = count == 6;
        let open_tail = count >= 5 && parts.last().is_some_and(|p| p.last() == Some(&Tok::Star));
        if !complete && !open_tail {
            return None;
        }
        let first_ok = parts.first().is_some_and(|p| {
            *p == [Tok::Lit('a'), Tok::Lit('r'), Tok::Lit('n')] || *p == [Tok::Star]
        });
        if !first_ok {
            return None;
        }
        Some(ArnPattern {
            parts: parts.into_iter().map(Pattern::from_tokens).collect(),
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
    }
}
