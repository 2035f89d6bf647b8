//! Policy variables: `${aws:username}`, `${key, 'default'}` and the specials `${*}`, `${?}`, `${$}`,
//! parsed once into a template and substituted from the request context at evaluation time.

use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::pattern::Tok;

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text (never a wildcard).
    Text(String),
    /// `*` wildcard.
    Star,
    /// `?` wildcard.
    One,
    /// A variable (boxed: most parts are text).
    Var(Box<Variable>),
}

/// A policy variable: `${name}` or `${name, 'default'}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The key as written.
    pub name: String,
    /// The key lower-cased, for lookup.
    pub key: String,
    pub default: Option<String>,
}

/// A string from a policy with wildcards and variables recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub parts: Vec<Part>,
    pub has_vars: bool,
}

/// Why a template could not be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The variable as written, e.g. `aws:username`.
    pub variable: String,
    /// Why: absent from the request, multi-valued, or too long once substituted.
    pub reason: &'static str,
}

/// The most bytes a value may have once its variables are substituted, where the substituted text has to be built
/// (a Resource element with variables). Far beyond what AWS can produce: a policy has at most 10,240 characters
/// and a tag value at most 256 (IAM User Guide, "IAM and AWS STS quotas"; IAM API Reference, `Tag`), while 2,000
/// references to a 200 KB tag would be 400 MB. Condition values are compared piece by piece without building the
/// text, so they have no such limit.
pub const MAX_SUBSTITUTED_BYTES: usize = 65_536;

/// The reason given when a substitution would pass [`MAX_SUBSTITUTED_BYTES`].
pub const TOO_LONG: &str =
    "makes the value longer than 65,536 bytes once substituted (the simulator's limit; AWS values are far shorter)";

/// How many characters of a long value a trace shows (the rest is counted, not copied).
pub const DISPLAY_CHARS: usize = 256;

/// A template with its variables filled in from a request, as pieces that borrow from the template and the
/// context: nothing is copied, however often a long value is referenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled<'a> {
    pieces: Vec<Piece<'a>>,
    /// Bytes of literal text.
    text_bytes: usize,
    /// Number of `?` and `*` pieces.
    ones: usize,
    stars: usize,
}

/// One piece of a filled-in template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Star,
    One,
}

impl<'a> Filled<'a> {
    fn push(&mut self, p: Piece<'a>) {
        match p {
            Piece::Text("") => return,
            Piece::Text(t) => self.text_bytes += t.len(),
            Piece::Star => self.stars += 1,
            Piece::One => self.ones += 1,
        }
        self.pieces.push(p);
    }

    /// The pieces in order.
    pub fn pieces(&self) -> &[Piece<'a>] {
        &self.pieces
    }

    /// The fewest bytes a value matching this text can have.
    pub fn min_bytes(&self) -> usize {
        self.text_bytes + self.ones
    }

    /// The bytes of the substituted text (wildcards count one each).
    pub fn len(&self) -> usize {
        self.text_bytes + self.ones + self.stars
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the text has a `*` or `?`.
    pub fn has_wildcards(&self) -> bool {
        self.ones + self.stars > 0
    }

    /// The substituted text as pattern tokens, one per character, without building it.
    pub fn toks(&self) -> impl Iterator<Item = Tok> + '_ {
        self.pieces.iter().flat_map(|p| {
            let (text, tok) = match p {
                Piece::Text(t) => (*t, None),
                Piece::Star => ("", Some(Tok::Star)),
                Piece::One => ("", Some(Tok::One)),
            };
            text.chars().map(Tok::Lit).chain(tok)
        })
    }

    /// The literal text pieces (None if there is a wildcard).
    fn texts(&self) -> Option<impl Iterator<Item = &'a str> + '_> {
        (!self.has_wildcards()).then(|| {
            self.pieces.iter().filter_map(|p| match p {
                Piece::Text(t) => Some(*t),
                _ => None,
            })
        })
    }

    /// Is the substituted text (without wildcards) equal to `value`? Compares piece by piece, without building
    /// the text; with `ignore_case`, character by character in lower case.
    pub fn equals(&self, value: &str, ignore_case: bool) -> bool {
        let Some(mut texts) = self.texts() else {
            return false;
        };
        if !ignore_case {
            if self.text_bytes != value.len() {
                return false;
            }
            let mut rest = value;
            return texts.all(|t| match rest.strip_prefix(t) {
                Some(r) => {
                    rest = r;
                    true
                }
                None => false,
            });
        }
        let mut ours = texts.flat_map(str::chars).flat_map(char::to_lowercase);
        let mut theirs = value.chars().flat_map(char::to_lowercase);
        loop {
            match (ours.next(), theirs.next()) {
                (None, None) => return true,
                (a, b) if a == b => {}
                _ => return false,
            }
        }
    }

    /// Feeds the text (lower-cased with `ignore_case`) to `hasher` as one stream of bytes, the same stream
    /// [`hash_text`] feeds for a plain string. `None` if there is a wildcard.
    pub fn hash_into(&self, hasher: &mut impl std::hash::Hasher, ignore_case: bool) -> Option<()> {
        let texts = self.texts()?;
        for t in texts {
            feed(hasher, t, ignore_case);
        }
        Some(())
    }

    /// The substituted text for people: wildcards as `*` and `?`, a long text shortened (see [`shorten`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut shown = 0usize;
        for p in &self.pieces {
            let t = match p {
                Piece::Text(t) => *t,
                Piece::Star => "*",
                Piece::One => "?",
            };
            for c in t.chars() {
                if shown == DISPLAY_CHARS {
                    out.push_str(&omitted(self.len().saturating_sub(out.len())));
                    return out;
                }
                out.push(c);
                shown += 1;
            }
        }
        out
    }
}

/// Feeds `text` (lower-cased with `ignore_case`) to `hasher` as bytes.
fn feed(hasher: &mut impl std::hash::Hasher, text: &str, ignore_case: bool) {
    if !ignore_case || text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
        hasher.write(text.as_bytes());
        return;
    }
    let mut buf = [0u8; 4];
    for c in text.chars().flat_map(char::to_lowercase) {
        hasher.write(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// Hashes `text` as [`Filled::hash_into`] does, so a filled-in value and a plain string that are equal hash alike.
pub fn hash_text(hasher: &mut impl std::hash::Hasher, text: &str, ignore_case: bool) {
    feed(hasher, text, ignore_case);
}

fn omitted(bytes: usize) -> String {
    format!("… ({bytes} more bytes not shown)")
}

/// `s` for people: at most [`DISPLAY_CHARS`] characters, then how many bytes were left out.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(DISPLAY_CHARS) {
        Some((cut, _)) => {
            let head = s.get(..cut).unwrap_or_default();
            format!("{head}{}", omitted(s.len() - cut))
        }
        None => s.to_string(),
    }
}

impl Template {
    /// Parses `text`. `wildcards`: `*`/`?` are wildcards; `variables`: `${…}` is a variable (policy version
    /// 2012-10-17). A problem is reported as a diagnostic whose span is relative to `text` (offset by `base`).
    pub fn parse(
        text: &str,
        wildcards: bool,
        variables: bool,
        base: usize,
    ) -> Result<Template, Box<Diagnostic>> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut has_vars = false;
        let mut rest = text;
        let mut offset = 0usize;
        let flush = |lit: &mut String, parts: &mut Vec<Part>| {
            if !lit.is_empty() {
                parts.push(Part::Text(std::mem::take(lit)));
            }
        };
        while let Some(c) = rest.chars().next() {
            if variables && rest.starts_with("${") {
                let Some(close) = rest.find('}') else {
                    return Err(Box::new(Diagnostic::error(
                        crate::diag::Code::UnterminatedVariable,
                        format!(
                            "policy variable starting at `{}` has no closing `}}`",
                            truncate(rest)
                        ),
                        "write variables as `${aws:username}`; for a literal `$` use `${$}`",
                        Some(Span::new(base + offset, base + text.len())),
                    )));
                };
                let inner = rest.get(2..close).unwrap_or("").trim();
                let span = Span::new(base + offset, base + offset + close + 1);
                match inner {
                    "*" => lit.push('*'),
                    "?" => lit.push('?'),
                    "$" => lit.push('$'),
                    _ => {
                        let (name, default) = split_default(inner).ok_or_else(|| {
                            Box::new(Diagnostic::error(
                                crate::diag::Code::InvalidVariable,
                                format!("`${{{}}}` is not a valid policy variable", truncate(inner)),
                                "a variable names a condition key, optionally with a default: `${aws:username, 'none'}`",
                                Some(span),
                            ))
                        })?;
                        has_vars = true;
                        flush(&mut lit, &mut parts);
                        parts.push(Part::Var(Box::new(Variable {
                            key: name.to_ascii_lowercase(),
                            name: name.to_string(),
                            default,
                        })));
                    }
                }
                offset += close + 1;
                rest = rest.get(close + 1..).unwrap_or("");
                continue;
            }
            match c {
                '*' if wildcards => {
                    flush(&mut lit, &mut parts);
                    parts.push(Part::Star);
                }
                '?' if wildcards => {
                    flush(&mut lit, &mut parts);
                    parts.push(Part::One);
                }
                c => lit.push(c),
            }
            offset += c.len_utf8();
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
        flush(&mut lit, &mut parts);
        Ok(Template { parts, has_vars })
    }

    /// Fills in variables from `ctx` without copying any text: the result borrows from the template and `ctx`.
    pub fn fill<'a>(&'a self, ctx: &'a Context) -> Result<Filled<'a>, Unresolved> {
        let mut out = Filled {
            pieces: Vec::with_capacity(self.parts.len()),
            text_bytes: 0,
            ones: 0,
            stars: 0,
        };
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push(Piece::Text(t)),
                Part::Star => out.push(Piece::Star),
                Part::One => out.push(Piece::One),
                Part::Var(var) => {
                    let Variable { name, key, default } = var.as_ref();
                    let value = match ctx.get(key) {
                        Some(v) if v.values.len() == 1 && !v.multi => {
                            v.values.first().map(String::as_str)
                        }
                        Some(v) if v.values.is_empty() || v.multi => {
                            if default.is_none() {
                                return Err(Unresolved {
                                    variable: name.clone(),
                                    reason: "is multi-valued, and only single-valued keys can be used as variables",
                                });
                            }
                            None
                        }
                        _ => None,
                    };
                    match value.or(default.as_deref()) {
                        Some(v) => out.push(Piece::Text(v)),
                        None => {
                            return Err(Unresolved {
                                variable: name.clone(),
                                reason: "is not in the request context",
                            })
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The length in bytes the template would have once filled in from `ctx` (a variable that cannot be filled
    /// counts nothing), computed without filling it in.
    pub fn filled_len(&self, ctx: &Context) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.len(),
                Part::Star | Part::One => 1,
                Part::Var(v) => match ctx.get(&v.key) {
                    Some(c) if c.values.len() == 1 && !c.multi => {
                        c.values.first().map_or(0, String::len)
                    }
                    _ => v.default.as_ref().map_or(0, String::len),
                },
            })
            .fold(0usize, usize::saturating_add)
    }

    /// The first variable of the template, as written.
    pub fn first_variable(&self) -> Option<&str> {
        self.parts.iter().find_map(|p| match p {
            Part::Var(v) => Some(v.name.as_str()),
            _ => None,
        })
    }

    /// Fills in variables from `ctx`, giving pattern tokens (one per character). Refuses, as [`TOO_LONG`], a
    /// result over [`MAX_SUBSTITUTED_BYTES`], which is checked before anything is built.
    pub fn substitute(&self, ctx: &Context) -> Result<Vec<Tok>, Unresolved> {
        let filled = self.fill(ctx)?;
        if filled.len() > MAX_SUBSTITUTED_BYTES {
            return Err(Unresolved {
                variable: self.first_variable().unwrap_or_default().to_string(),
                reason: TOO_LONG,
            });
        }
        Ok(filled.toks().collect())
    }

    /// The template as literal text, if it has no wildcards and no variables.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The template as pattern tokens, each variable standing in as `stand_in`.
    pub fn probe(&self, stand_in: Tok) -> impl Iterator<Item = Tok> + '_ {
        self.parts.iter().flat_map(move |p| {
            let (text, tok) = match p {
                Part::Text(t) => (t.as_str(), None),
                Part::Star => ("", Some(Tok::Star)),
                Part::One => ("", Some(Tok::One)),
                Part::Var(_) => ("", Some(stand_in)),
            };
            text.chars().map(Tok::Lit).chain(tok)
        })
    }
}

/// Renders substituted tokens back as text for people (wildcards as `*` and `?`), shortened past
/// [`DISPLAY_CHARS`] characters.
pub fn render(toks: &[Tok]) -> String {
    let mut out: String = toks
        .iter()
        .take(DISPLAY_CHARS)
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::One => '?',
        })
        .collect();
    if let Some(rest) = toks.get(DISPLAY_CHARS..).filter(|r| !r.is_empty()) {
        let bytes: usize = rest
            .iter()
            .map(|t| match t {
                Tok::Lit(c) => c.len_utf8(),
                _ => 1,
            })
            .sum();
        out.push_str(&omitted(bytes));
    }
    out
}

fn truncate(s: &str) -> String {
    s.chars().take(24).collect()
}

/// Splits `key, 'default'` into the key and the default.
fn split_default(inner: &str) -> Option<(&str, Option<String>)> {
    let (name, default) = match inner.split_once(',') {
        Some((name, rest)) => {
            let rest = rest.trim();
            let unquoted = rest.strip_prefix('\'')?.strip_suffix('\'')?;
            (name.trim(), Some(unquoted.to_string()))
        }
        None => (inner, None),
    };
    let valid = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '-' | '_' | '.' | '@' | '+' | '=')
        });
    valid.then_some((name, default))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::context::Context;

    #[test]
    fn specials_are_literal_characters() {
        let t = Template::parse("a${*}b${?}${$}*", true, true, 0).unwrap();
        let toks = t.substitute(&Context::default()).unwrap();
        assert_eq!(render(&toks), "a*b?$*");
        assert_eq!(toks.first(), Some(&Tok::Lit('a')));
        assert_eq!(toks.get(1), Some(&Tok::Lit('*')));
        assert_eq!(toks.last(), Some(&Tok::Star));
    }

    #[test]
    fn default_used_when_key_missing() {
        let t = Template::parse("home/${aws:username, 'nobody'}/*", true, true, 0).unwrap();
        let toks = t.substitute(&Context::default()).unwrap();
        assert_eq!(render(&toks), "home/nobody/*");
    }

    #[test]
    fn unterminated_is_an_error_with_a_place() {
        let e = Template::parse("home/${aws:username/*", true, true, 10).unwrap_err();
        assert_eq!(e.code, "unterminated-variable");
        assert_eq!(e.span.map(|s| s.start), Some(15));
    }

    #[test]
    fn old_version_keeps_dollar_text() {
        let t = Template::parse("${aws:username}", false, false, 0).unwrap();
        assert_eq!(t.literal().as_deref(), Some("${aws:username}"));
    }
}
