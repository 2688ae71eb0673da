//! Turns the spec's descriptions (Markdown mixed with HTML) into rustdoc that renders
//! well and builds without warnings: HTML becomes Markdown, stray brackets and angle
//! brackets are escaped, bare and relative URLs become links, and no line is indented
//! (an indented block would be compiled as a doctest).

/// Where relative links in Stripe's descriptions (`/docs/...`) point.
const STRIPE_SITE: &str = "https://stripe.com";

/// The description as rustdoc lines (without the `///`).
pub fn rustdoc_lines(description: &str) -> Vec<String> {
    let markdown = Converter::default().convert(description);
    let mut lines: Vec<String> = Vec::new();
    for line in markdown.lines().map(str::trim) {
        let blank = line.is_empty();
        if blank && lines.last().is_none_or(|last: &String| last.is_empty()) {
            continue;
        }
        lines.push(line.to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Text written as Markdown: escapes what rustdoc would read as markup.
pub fn escape(text: &str) -> String {
    let mut converter = Converter::default();
    for c in text.chars() {
        converter.text_char(c);
    }
    converter.out
}

#[derive(Default)]
struct Converter {
    out: String,
    /// Inside a code span, text is copied as is.
    in_code: bool,
    /// The `href` of each `<a>` being read, with where its text starts in `out`.
    links: Vec<(String, usize)>,
}

impl Converter {
    fn convert(mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '`' {
                self.in_code = !self.in_code;
                self.out.push(c);
                i += 1;
                continue;
            }
            if c == '<'
                && let Some((tag, end)) = Tag::parse(&chars[i..])
                && (!self.in_code || tag.name == "code")
            {
                self.apply(&tag);
                i += end;
                continue;
            }
            if self.in_code {
                let (decoded, used) = entity(&chars[i..]);
                self.out.push(decoded);
                i += used;
                continue;
            }
            if c == '['
                && let Some((label, url, end)) = markdown_link(&chars[i..])
            {
                self.out.push('[');
                for c in label.chars() {
                    self.text_char(c);
                }
                self.out.push_str("](");
                self.out.push_str(&absolute(&url));
                self.out.push(')');
                i += end;
                continue;
            }
            if let Some(end) = bare_url(&chars[i..]) {
                let url: String = chars[i..i + end].iter().collect();
                self.out.push('<');
                self.out.push_str(&url);
                self.out.push('>');
                i += end;
                continue;
            }
            self.text_char(c);
            i += 1;
        }
        if self.in_code {
            self.out.push('`');
        }
        self.out
    }

    /// Writes one character of plain text, escaped where Markdown would read markup.
    fn text_char(&mut self, c: char) {
        match c {
            '[' | ']' | '<' | '>' => {
                self.out.push('\\');
                self.out.push(c);
            }
            c => self.out.push(c),
        }
    }

    fn apply(&mut self, tag: &Tag) {
        match (tag.name.as_str(), tag.closing) {
            ("p", false) | ("ul", _) => self.out.push_str("\n\n"),
            ("p", true) => self.out.push_str("\n\n"),
            ("br", _) => self.out.push('\n'),
            ("li", false) => self.out.push_str("\n- "),
            ("li", true) => self.out.push('\n'),
            ("code", opening) => {
                // `<code>` inside a backtick span, or `</code>` outside one, adds nothing.
                if self.in_code == opening {
                    self.in_code = !opening;
                    self.out.push('`');
                }
            }
            ("strong" | "b", _) => self.out.push_str("**"),
            ("em" | "i", _) => self.out.push('*'),
            ("a", false) => {
                let href = tag.href.clone().unwrap_or_default();
                self.out.push('[');
                self.links.push((href, self.out.len()));
            }
            ("a", true) => {
                if let Some((href, _)) = self.links.pop() {
                    self.out.push_str("](");
                    self.out.push_str(&absolute(&href));
                    self.out.push(')');
                }
            }
            _ => {
                // Not HTML but a placeholder such as `<currency>`: show it as written.
                let written = format!("<{}{}>", if tag.closing { "/" } else { "" }, tag.name);
                for c in written.chars() {
                    self.text_char(c);
                }
            }
        }
    }
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

impl Tag {
    /// Parses `<name attr="...">` or `</name>` at the start of `chars`; returns it and
    /// how many characters it spans.
    fn parse(chars: &[char]) -> Option<(Tag, usize)> {
        let end = chars.iter().position(|&c| c == '>')?;
        let inner: String = chars[1..end].iter().collect();
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner.as_str()),
        };
        let inner = inner.trim_end_matches('/').trim();
        let name_end = inner
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        let attributes = inner[name_end..].trim();
        if name.is_empty() || inner.contains('<') {
            return None;
        }
        if !attributes.is_empty() && !attributes.contains('=') {
            return None;
        }
        let href = attributes
            .split_once("href=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(href, _)| href.to_owned());
        Some((
            Tag {
                name: name.to_ascii_lowercase(),
                closing,
                href,
            },
            end + 1,
        ))
    }
}

/// Decodes the HTML entity at the start of `chars`, or passes one character through.
fn entity(chars: &[char]) -> (char, usize) {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&#39;", '\''),
    ];
    for (name, decoded) in ENTITIES {
        let len = name.chars().count();
        if chars.len() >= len && chars[..len].iter().copied().eq(name.chars()) {
            return (decoded, len);
        }
    }
    (chars[0], 1)
}

/// A Markdown link `[label](url)` at the start of `chars`.
fn markdown_link(chars: &[char]) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let url_end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let url: String = chars[close + 2..url_end].iter().collect();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let label: String = chars[1..close].iter().collect();
    Some((label, url, url_end + 1))
}

/// The length of a bare `http(s)://` URL at the start of `chars`, without the
/// punctuation that ends a sentence.
fn bare_url(chars: &[char]) -> Option<usize> {
    let starts = |prefix: &str| {
        chars.len() > prefix.len() && chars[..prefix.len()].iter().copied().eq(prefix.chars())
    };
    if !starts("https://") && !starts("http://") {
        return None;
    }
    let mut end = chars
        .iter()
        .position(|&c| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"' | '`'))
        .unwrap_or(chars.len());
    while end > 0 && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
        end -= 1;
    }
    Some(end)
}

fn absolute(url: &str) -> String {
    if url.starts_with('/') {
        format!("{STRIPE_SITE}{url}")
    } else {
        url.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> String {
        rustdoc_lines(text).join("\n")
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            doc(
                "<p>Expires a <strong>Session</strong>, see <a href=\"/docs/x\">docs</a>.</p><p>Uses <code>open</code>.</p>"
            ),
            "Expires a **Session**, see [docs](https://stripe.com/docs/x).\n\nUses `open`."
        );
    }

    #[test]
    fn stray_markup_is_escaped() {
        assert_eq!(
            doc("Set [enabled] to `true`; amounts in <currency>, see https://stripe.com/docs."),
            "Set \\[enabled\\] to `true`; amounts in \\<currency\\>, see <https://stripe.com/docs>."
        );
        assert_eq!(
            doc("`a_b[0]` and metadata[key]"),
            "`a_b[0]` and metadata\\[key\\]"
        );
    }

    #[test]
    fn markdown_links_stay_and_relative_ones_become_absolute() {
        assert_eq!(
            doc("A [Customer](/docs/api/customers) or [x](https://e.com/y)"),
            "A [Customer](https://stripe.com/docs/api/customers) or [x](https://e.com/y)"
        );
    }

    #[test]
    fn indentation_and_blank_runs_go() {
        assert_eq!(doc("  a\n\n\n    b\n"), "a\n\nb");
    }

    #[test]
    fn entities_in_code_are_decoded() {
        assert_eq!(doc("<code>a &lt; b</code>"), "`a < b`");
    }
}
