//! A small Rego tokenizer for syntax highlighting (pure, host-tested). It never fails: every byte
//! of the input lands in exactly one token, so joining the tokens gives the source back.
//! Unterminated strings stop at the end of their line (raw strings at the end of the file) and a
//! comment at the end of the file needs no newline.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    Str,
    Number,
    Comment,
    Op,
    /// The name in a rule head: an identifier at the start of a line, or after `default`.
    Rule,
    Ident,
    Punct,
    Space,
}

impl Kind {
    /// Theme-aware colours (light and `.dark`); plain tokens get none.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Keyword => "font-semibold text-purple-700 dark:text-purple-300",
            Kind::Str => "text-green-700 dark:text-green-300",
            Kind::Number => "text-amber-700 dark:text-amber-300",
            Kind::Comment => "italic text-muted",
            Kind::Op => "text-sky-700 dark:text-sky-300",
            Kind::Rule => "font-semibold text-blue-700 dark:text-blue-300",
            Kind::Ident | Kind::Punct | Kind::Space => "",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "package", "import", "default", "if", "else", "not", "some", "every", "in", "contains", "with",
    "as", "true", "false", "null",
];

const OPS2: &[&str] = &[":=", "==", "!=", "<=", ">="];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Splits `src` into tokens; works on bytes but only ever cuts at ASCII, so slices stay UTF-8.
pub fn tokenize(src: &str) -> Vec<Token<'_>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let mut after_default = false;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let kind = if c.is_ascii_whitespace() {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            Kind::Space
        } else if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            Kind::Comment
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'\n' {
                i += 1;
                match b[i - 1] {
                    b'"' => break,
                    b'\\' if i < b.len() && b[i] != b'\n' => i += 1,
                    _ => {}
                }
            }
            Kind::Str
        } else if c == b'`' {
            i += 1;
            while i < b.len() {
                i += 1;
                if b[i - 1] == b'`' {
                    break;
                }
            }
            Kind::Str
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                // An exponent may carry a sign: 1e-9.
                if (b[i] == b'e' || b[i] == b'E')
                    && i + 1 < b.len()
                    && (b[i + 1] == b'+' || b[i + 1] == b'-')
                {
                    i += 1;
                }
                i += 1;
            }
            Kind::Number
        } else if is_ident_start(c) {
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            let word = &src[start..i];
            if KEYWORDS.contains(&word) {
                Kind::Keyword
            } else if line_start || after_default {
                Kind::Rule
            } else {
                Kind::Ident
            }
        } else if OPS2.iter().any(|op| b[i..].starts_with(op.as_bytes())) {
            i += 2;
            Kind::Op
        } else if b"=<>+-*/%|&!".contains(&c) {
            i += 1;
            Kind::Op
        } else {
            // Punctuation, or any non-ASCII character: take the whole UTF-8 sequence.
            i += 1;
            while i < b.len() && !src.is_char_boundary(i) {
                i += 1;
            }
            Kind::Punct
        };
        let text = &src[start..i];
        if kind != Kind::Space {
            after_default = kind == Kind::Keyword && text == "default";
            line_start = false;
        } else {
            // Only a token right after a newline starts a line; indented ones never do.
            line_start = text.ends_with('\n');
            after_default &= !text.contains('\n');
        }
        out.push(Token { kind, text });
    }
    out
}

/// Number of lines as an editor counts them (a trailing newline opens an empty last line).
pub fn line_count(src: &str) -> usize {
    src.split('\n').count()
}

/// Length in characters of the longest line (sizes the editor's textarea).
pub fn widest_line(src: &str) -> usize {
    src.split('\n')
        .map(|l| l.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

/// The 1-based line a check or server message is about, when it can be told: an explicit
/// `line N` or `file.rego:N:`, a missing or bad package (its declaration, else line 1), or
/// `default allow = true` (that line).
pub fn message_line(src: &str, msg: &str) -> Option<usize> {
    let lower = msg.to_ascii_lowercase();
    let number_after = |pat: &str| {
        let at = lower.find(pat)? + pat.len();
        let digits: String = lower[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<usize>().ok().filter(|n| *n >= 1)
    };
    if let Some(n) = number_after("line ").or_else(|| number_after(".rego:")) {
        return Some(n.min(line_count(src)));
    }
    let find = |pred: &dyn Fn(&str) -> bool| {
        src.split('\n')
            .position(|l| pred(l.trim_start()))
            .map(|i| i + 1)
    };
    if lower.contains("package") {
        return find(&|l| l.starts_with("package")).or(Some(1));
    }
    if lower.contains("default allow") {
        return find(&|l| l.starts_with("default") && l.contains("allow"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str)> {
        tokenize(src)
            .into_iter()
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind, t.text))
            .collect()
    }

    fn round_trips(src: &str) {
        let joined: String = tokenize(src).iter().map(|t| t.text).collect();
        assert_eq!(joined, src);
    }

    #[test]
    fn every_token_class() {
        let src = "package mcp.authz\n\nimport rego.v1\n\n# doc\ndefault allow := false\n\nallow if {\n    input.n >= 10.5e-3\n    not \"admin\" in input.roles\n    x := `raw`\n}\n";
        round_trips(src);
        let k = kinds(src);
        assert_eq!(k[0], (Kind::Keyword, "package"));
        assert_eq!(k[1], (Kind::Ident, "mcp"));
        assert_eq!(k[2], (Kind::Punct, "."));
        assert!(k.contains(&(Kind::Comment, "# doc")));
        assert!(k.contains(&(Kind::Keyword, "default")));
        // After `default`, and at the start of a line: rule heads.
        assert_eq!(k.iter().filter(|t| **t == (Kind::Rule, "allow")).count(), 2);
        assert!(k.contains(&(Kind::Op, ":=")));
        assert!(k.contains(&(Kind::Keyword, "false")));
        assert!(k.contains(&(Kind::Op, ">=")));
        assert!(k.contains(&(Kind::Number, "10.5e-3")));
        assert!(k.contains(&(Kind::Str, "\"admin\"")));
        assert!(k.contains(&(Kind::Keyword, "in")));
        assert!(k.contains(&(Kind::Str, "`raw`")));
        // Indented identifiers are not rule heads.
        assert!(k.contains(&(Kind::Ident, "input")));
        assert!(k.contains(&(Kind::Ident, "x")));
        assert!(k.contains(&(Kind::Punct, "{")));
        assert!(Kind::Rule.class().contains("dark:"));
        assert_eq!(Kind::Ident.class(), "");
    }

    #[test]
    fn strings_with_escapes_and_unterminated_strings() {
        assert_eq!(
            kinds(r#"x := "a \"q\" b" + 1"#)[2],
            (Kind::Str, r#""a \"q\" b""#)
        );
        // Unterminated: ends at the end of its line; the next line tokenizes normally.
        let src = "msg := \"oops\nallow := true";
        round_trips(src);
        let k = kinds(src);
        assert_eq!(k[2], (Kind::Str, "\"oops"));
        assert_eq!(k[3], (Kind::Rule, "allow"));
        // At the end of the file, also after a trailing backslash.
        assert_eq!(kinds("a := \"x")[2], (Kind::Str, "\"x"));
        assert_eq!(kinds("a := \"x\\")[2], (Kind::Str, "\"x\\"));
        round_trips("a := \"x\\");
    }

    #[test]
    fn raw_strings_span_lines_and_may_be_unterminated() {
        let src = "q := `line 1\n# not a comment\n`\np := 1";
        round_trips(src);
        let k = kinds(src);
        assert_eq!(k[2], (Kind::Str, "`line 1\n# not a comment\n`"));
        assert_eq!(k[3], (Kind::Rule, "p"));
        let open = "q := `never closed\nallow := true";
        round_trips(open);
        assert_eq!(kinds(open)[2], (Kind::Str, "`never closed\nallow := true"));
    }

    #[test]
    fn comments_at_end_of_file_and_unicode() {
        let src = "allow := true # trailing, no newline";
        round_trips(src);
        assert_eq!(
            kinds(src).last(),
            Some(&(Kind::Comment, "# trailing, no newline"))
        );
        assert_eq!(kinds("#")[0], (Kind::Comment, "#"));
        let uni = "name := \"zürich\" # café ✓\nπ";
        round_trips(uni);
        assert_eq!(kinds(uni).last(), Some(&(Kind::Punct, "π")));
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn rule_heads() {
        let src = "deny contains msg if {\n  msg := \"x\"\n}\naudit_reason := \"ok\" if true\nlevel := \"c\" if {\n} else := \"h\"\n  indented := 1";
        let rules: Vec<&str> = kinds(src)
            .into_iter()
            .filter(|t| t.0 == Kind::Rule)
            .map(|t| t.1)
            .collect();
        assert_eq!(rules, vec!["deny", "audit_reason", "level"]);
        assert_eq!(kinds("default   limit := 60")[1], (Kind::Rule, "limit"));
        // Keywords at the start of a line stay keywords.
        assert_eq!(kinds("import rego.v1")[0], (Kind::Keyword, "import"));
    }

    #[test]
    fn lines_and_message_positions() {
        let src = "# header\npackage x\n\ndefault allow = true\n";
        assert_eq!(line_count(src), 5);
        assert_eq!(line_count(""), 1);
        assert_eq!(widest_line("a\n\tbc"), 6);
        assert_eq!(message_line(src, "Policy must declare a package"), Some(2));
        assert_eq!(message_line("", "Policy must declare a package"), Some(1));
        assert_eq!(
            message_line(
                src,
                "Policy has 'default allow = true' - this allows all actions by default"
            ),
            Some(4)
        );
        assert_eq!(
            message_line(src, "policy.rego:3: rego_parse_error: unexpected }"),
            Some(3)
        );
        assert_eq!(message_line(src, "error on line 99"), Some(5));
        assert_eq!(message_line(src, "Policy content is empty"), None);
    }
}
