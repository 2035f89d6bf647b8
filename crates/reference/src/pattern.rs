//! Matching: IAM action wildcards (`*`, `?`) and `${Placeholder}` templates (ARNs, condition keys).
//!
//! Both matchers run in `O(pattern × subject)` time without recursion, so no input can make them
//! blow the stack or run away.

/// An action pattern (`ec2:Describe*`, `iam:*`, `*`, `s3:?etObject`), compiled once and matched
/// ASCII case-insensitively against `service:Action` names.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    toks: Vec<GlobTok>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GlobTok {
    /// `*`: any run of characters, possibly empty.
    Star,
    /// `?`: exactly one character.
    One,
    /// Any other byte, lower-cased.
    Lit(u8),
}

impl Glob {
    pub(crate) fn new(pattern: &str) -> Self {
        let mut toks = Vec::with_capacity(pattern.len());
        for b in pattern.bytes() {
            let tok = match b {
                b'*' => GlobTok::Star,
                b'?' => GlobTok::One,
                other => GlobTok::Lit(other.to_ascii_lowercase()),
            };
            if tok == GlobTok::Star && toks.last() == Some(&GlobTok::Star) {
                continue;
            }
            toks.push(tok);
        }
        Self { toks }
    }

    /// Whether the pattern has no wildcard at all.
    pub(crate) fn is_literal(&self) -> bool {
        self.toks.iter().all(|t| matches!(t, GlobTok::Lit(_)))
    }

    /// Whether the whole of `subject` matches.
    pub(crate) fn matches(&self, subject: &[u8]) -> bool {
        let (mut p, mut s) = (0usize, 0usize);
        // The last `*` seen and the subject position it was tried at.
        let mut star: Option<(usize, usize)> = None;
        while let Some(&c) = subject.get(s) {
            match self.toks.get(p) {
                Some(GlobTok::Star) => {
                    star = Some((p, s));
                    p += 1;
                    continue;
                }
                Some(GlobTok::One) => {
                    p += 1;
                    s += 1;
                    continue;
                }
                Some(GlobTok::Lit(l)) if *l == c.to_ascii_lowercase() => {
                    p += 1;
                    s += 1;
                    continue;
                }
                _ => {}
            }
            match star {
                Some((sp, ss)) => {
                    p = sp + 1;
                    s = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            }
        }
        while self.toks.get(p) == Some(&GlobTok::Star) {
            p += 1;
        }
        p == self.toks.len()
    }
}

/// What a `${Placeholder}` may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hole {
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

fn tokens(template: &str) -> Vec<TplTok<'_>> {
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
pub(crate) fn is_template(template: &str) -> bool {
    tokens(template).contains(&TplTok::Hole)
}

/// The number of literal (non-placeholder) bytes in `template`: how specific it is.
pub(crate) fn literal_len(template: &str) -> usize {
    tokens(template)
        .iter()
        .map(|t| match t {
            TplTok::Lit(l) => l.len(),
            TplTok::Hole => 0,
        })
        .sum()
}

/// Whether the whole of `subject` matches `template`, literals compared exactly or ASCII
/// case-insensitively.
pub(crate) fn template_matches(
    template: &str,
    subject: &str,
    case_insensitive: bool,
    hole: Hole,
) -> bool {
    let toks = tokens(template);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_wildcards() {
        // IAM action wildcards: `*` any run, `?` one character, case-insensitive
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
        assert!(Glob::new("ec2:Describe*").matches(b"ec2:DescribeVolumes"));
        assert!(Glob::new("EC2:describe*").matches(b"ec2:DescribeVolumes"));
        assert!(Glob::new("*").matches(b"ec2:DescribeVolumes"));
        assert!(Glob::new("ec2:*Volume?").matches(b"ec2:DescribeVolumes"));
        assert!(!Glob::new("ec2:*Volume?").matches(b"ec2:DescribeVolume"));
        assert!(Glob::new("s3:?etObject").matches(b"s3:GetObject"));
        assert!(!Glob::new("s3:Get").matches(b"s3:GetObject"));
        assert!(Glob::new("**a*").matches(b"xa"));
        assert!(!Glob::new("").matches(b"x"));
        assert!(Glob::new("").matches(b""));
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
        assert_eq!(literal_len("arn:${Partition}:s3:::${BucketName}"), 10);
    }
}
