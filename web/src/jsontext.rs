//! Walking JSON text character by character without parsing it: which characters belong to a string literal.
//! The editor's "Remove blank space" and the widget's layout of a minified scenario both rewrite only what lies
//! between strings, and must never touch a string's contents (spaces, escaped quotes, brackets inside it).

/// Tells, for each next character of JSON text, whether it is part of a string literal.
#[derive(Debug, Default, Clone, Copy)]
pub struct Strings {
    in_string: bool,
    escaped: bool,
}

impl Strings {
    /// Whether `c`, the next character, is part of a string literal (its opening and closing quotes included).
    pub fn inside(&mut self, c: char) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
            }
            true
        } else if c == '"' {
            self.in_string = true;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_quotes_and_backslashes_stay_inside_the_string() {
        // RFC 8259, section 7: a string is quoted; `\"` and `\\` are escapes inside it.
        let text = r#"a"b\"c\\"d"#;
        let mut s = Strings::default();
        let marks: String = text
            .chars()
            .map(|c| if s.inside(c) { 'S' } else { '.' })
            .collect();
        assert_eq!(marks, ".SSSSSSSS.");
    }
}
