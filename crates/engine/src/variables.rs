//! Policy variables: `${aws:username}`, `${key, 'default'}` and the specials `${*}`, `${?}`, `${$}`,
//! parsed once into a template and substituted from the request context at evaluation time.

use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::pattern::Tok;

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A literal character (never a wildcard).
    Lit(char),
    /// `*` wildcard.
    Star,
    /// `?` wildcard.
    One,
    /// A variable (boxed: a template holds one part per character, and most parts are plain characters).
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
    /// Why: absent from the request or multi-valued.
    pub reason: &'static str,
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
        let mut parts = Vec::with_capacity(text.len());
        let mut has_vars = false;
        let mut rest = text;
        let mut offset = 0usize;
        while let Some(c) = rest.chars().next() {
            if variables && rest.starts_with("${") {
                let Some(close) = rest.find('}') else {
                    return Err(Box::new(Diagnostic::error(
                        "unterminated-variable",
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
                    "*" => parts.push(Part::Lit('*')),
                    "?" => parts.push(Part::Lit('?')),
                    "$" => parts.push(Part::Lit('$')),
                    _ => {
                        let (name, default) = split_default(inner).ok_or_else(|| {
                            Box::new(Diagnostic::error(
                                "invalid-variable",
                                format!("`${{{inner}}}` is not a valid policy variable"),
                                "a variable names a condition key, optionally with a default: `${aws:username, 'none'}`",
                                Some(span),
                            ))
                        })?;
                        has_vars = true;
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
            parts.push(match c {
                '*' if wildcards => Part::Star,
                '?' if wildcards => Part::One,
                c => Part::Lit(c),
            });
            offset += c.len_utf8();
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
        Ok(Template { parts, has_vars })
    }

    /// Fills in variables from `ctx`, giving pattern tokens.
    pub fn substitute(&self, ctx: &Context) -> Result<Vec<Tok>, Unresolved> {
        let mut out = Vec::with_capacity(self.parts.len());
        for p in &self.parts {
            match p {
                Part::Lit(c) => out.push(Tok::Lit(*c)),
                Part::Star => out.push(Tok::Star),
                Part::One => out.push(Tok::One),
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
                        Some(v) => out.extend(v.chars().map(Tok::Lit)),
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

    /// The template as literal text, if it has no wildcards and no variables.
    pub fn literal(&self) -> Option<String> {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(c) => Some(*c),
                _ => None,
            })
            .collect()
    }
}

/// Renders substituted tokens back as text (wildcards as `*` and `?`).
pub fn render(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::One => '?',
        })
        .collect()
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
