//! Markdown to plain text: the syntax is removed and the words kept, so the
//! index sees what a reader sees. Not a full CommonMark parser — block
//! structure is read line by line and inline syntax is matched within one
//! line, which is what notes written in Markdown need.

use super::tidy_paragraphs;

/// Plain text of a Markdown document and its title heading.
#[derive(Debug, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    /// The first level-1 heading, else the first heading of any level.
    pub heading: Option<String>,
}

pub fn to_plain(markdown: &str) -> Plain {
    let source = strip_comments(markdown);
    let mut out = String::with_capacity(source.len());
    let mut h1: Option<String> = None;
    let mut any_heading: Option<String> = None;
    let mut fence: Option<(char, usize)> = None;
    for raw in source.lines() {
        if let Some((marker, len)) = fence {
            if is_fence_end(raw, marker, len) {
                fence = None;
                out.push('\n');
            } else {
                out.push_str(raw);
                out.push('\n');
            }
            continue;
        }
        let line = strip_quote_markers(raw);
        if let Some(open) = fence_start(line) {
            fence = Some(open);
            out.push('\n');
            continue;
        }
        if is_rule(line) || is_table_delimiter(line) || is_reference_definition(line) {
            out.push('\n');
            continue;
        }
        if let Some((level, text)) = heading(line) {
            let text = inline(text);
            if level == 1 && h1.is_none() {
                h1 = Some(text.clone());
            }
            any_heading.get_or_insert_with(|| text.clone());
            // A heading is a paragraph of its own even without blank lines.
            out.push('\n');
            out.push_str(&text);
            out.push_str("\n\n");
            continue;
        }
        let line = strip_list_marker(line);
        let line = strip_table_pipes(line);
        out.push_str(&inline(line));
        out.push('\n');
    }
    Plain {
        text: tidy_paragraphs(&out),
        heading: h1.or(any_heading).filter(|h| !h.is_empty()),
    }
}

/// Removes `<!-- … -->`. An unclosed comment is left as it is: hiding the
/// rest of the file would lose text for one typo.
fn strip_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        let Some(len) = rest[start + 4..].find("-->") else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + 4 + len + 3..];
    }
    out.push_str(rest);
    out.into()
}

fn strip_quote_markers(line: &str) -> &str {
    let mut line = line;
    loop {
        let trimmed = line.trim_start();
        match trimmed.strip_prefix('>') {
            Some(rest) => line = rest.strip_prefix(' ').unwrap_or(rest),
            None => return line,
        }
    }
}

fn fence_start(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = trimmed.chars().take_while(|&c| c == marker).count();
    (len >= 3).then_some((marker, len))
}

fn is_fence_end(line: &str, marker: char, len: usize) -> bool {
    let trimmed = line.trim();
    trimmed.chars().count() >= len && trimmed.chars().all(|c| c == marker)
}

/// Horizontal rules (`---`, `* * *`) and setext underlines (`===`).
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(first) = compact.chars().next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_' | '=')
        && compact.len() >= 3
        && compact.chars().all(|c| c == first)
}

fn is_table_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// `[label]: https://…` lines define link targets and are not shown.
fn is_reference_definition(line: &str) -> bool {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let Some((label, target)) = rest.split_once("]:") else {
        return false;
    };
    !label.is_empty()
        && !label.starts_with('^')
        && !label.contains('[')
        && target.split_whitespace().next().is_some()
        && target.split_whitespace().count() <= 3
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // Closing hashes ("## Kop ##") are syntax, a hash inside a word is not.
    let without_closing = rest.trim_end_matches('#');
    let text = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        rest
    };
    Some((level, text))
}

/// Removes bullets (`- `, `* `, `+ `) and task boxes; numbers are content.
fn strip_list_marker(line: &str) -> &str {
    let t = line.trim_start();
    let Some(rest) = ["- ", "* ", "+ "].iter().find_map(|m| t.strip_prefix(m)) else {
        return line;
    };
    let rest = rest.trim_start();
    ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest)
}

fn strip_table_pipes(line: &str) -> &str {
    let t = line.trim();
    match t.strip_prefix('|') {
        Some(inner) => inner.strip_suffix('|').unwrap_or(inner),
        None => line,
    }
}

/// Byte states while rewriting one line. Only ASCII syntax bytes are ever
/// dropped, so the remaining bytes stay valid UTF-8.
const KEEP: u8 = 0;
const DROP: u8 = 1;
/// Content of code spans and escaped characters: never syntax.
const LITERAL: u8 = 2;

/// How far a link target `(…)` may reach; keeps broken lines linear.
const MAX_TARGET: usize = 2048;

/// Removes inline syntax from one line: escapes, code spans, links,
/// images, autolinks, inline HTML tags and emphasis.
fn inline(line: &str) -> String {
    if !line.bytes().any(|b| b"\\`[]<*_".contains(&b)) {
        return line.to_string();
    }
    let bytes = line.as_bytes();
    let mut state = vec![KEEP; bytes.len()];
    mark_escapes(bytes, &mut state);
    mark_code_spans(bytes, &mut state);
    mark_links(bytes, &mut state);
    mark_emphasis(line, &mut state);
    let kept: Vec<u8> = bytes
        .iter()
        .zip(&state)
        .filter(|(_, &s)| s != DROP)
        .map(|(&b, _)| b)
        .collect();
    String::from_utf8(kept).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn mark_escapes(bytes: &[u8], state: &mut [u8]) {
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && bytes[i + 1].is_ascii_punctuation() {
            state[i] = DROP;
            state[i + 1] = LITERAL;
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// Pairs backtick runs of equal length; the backticks go, the content is
/// literal. Unpaired runs stay as text.
fn mark_code_spans(bytes: &[u8], state: &mut [u8]) {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' && state[i] == KEEP {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' && state[i] == KEEP {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    // next_same[k]: the next run of the same length, found in one backward
    // pass so pairing stays linear however many backticks there are.
    let mut next_same = vec![None; runs.len()];
    let mut last_by_len = std::collections::HashMap::new();
    for k in (0..runs.len()).rev() {
        next_same[k] = last_by_len.insert(runs[k].1, k);
    }
    let mut k = 0;
    while k < runs.len() {
        let Some(close) = next_same[k] else {
            k += 1;
            continue;
        };
        let (open_start, len) = runs[k];
        let close_start = runs[close].0;
        state[open_start..open_start + len].fill(DROP);
        state[close_start..close_start + len].fill(DROP);
        for s in &mut state[open_start + len..close_start] {
            *s = LITERAL;
        }
        k = close + 1;
    }
}

fn mark_links(bytes: &[u8], state: &mut [u8]) {
    let syntax = |state: &[u8], i: usize| state.get(i) == Some(&KEEP);
    let mut openers: Vec<(usize, bool)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !syntax(state, i) {
            i += 1;
            continue;
        }
        match bytes[i] {
            b'[' => {
                let image = i > 0 && bytes[i - 1] == b'!' && syntax(state, i - 1);
                openers.push((i, image));
            }
            b']' => {
                let Some((open, image)) = openers.pop() else {
                    i += 1;
                    continue;
                };
                let target_end = match bytes.get(i + 1) {
                    Some(b'(') if syntax(state, i + 1) => closing_paren(bytes, i + 1),
                    Some(b'[') if syntax(state, i + 1) => closing_bracket(bytes, i + 1),
                    _ => None,
                };
                if let Some(end) = target_end {
                    if image {
                        state[open - 1..=end].fill(DROP);
                    } else {
                        state[open] = DROP;
                        state[i..=end].fill(DROP);
                    }
                    i = end + 1;
                    continue;
                }
            }
            b'<' => {
                if let Some(end) = tag_or_autolink(bytes, i) {
                    let autolink = bytes[i + 1].is_ascii_alphabetic()
                        && bytes[i..end]
                            .windows(3)
                            .any(|w| w == b"://" || w[..1] == *b"@")
                        || bytes[i + 1..].starts_with(b"mailto:");
                    if autolink {
                        state[i] = DROP;
                        state[end] = DROP;
                    } else {
                        state[i..=end].fill(DROP);
                    }
                    i = end + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn closing_paren(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &b) in bytes.iter().enumerate().skip(open).take(MAX_TARGET) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

fn closing_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    bytes
        .iter()
        .enumerate()
        .skip(open + 1)
        .take(MAX_TARGET)
        .find(|(_, &b)| b == b']' || b == b'[')
        .filter(|(_, &b)| b == b']')
        .map(|(k, _)| k)
}

/// `<https://…>`, `<br/>`, `</span>`: index of the closing `>`. "a < b"
/// and "<3" are text.
fn tag_or_autolink(bytes: &[u8], open: usize) -> Option<usize> {
    let first = *bytes.get(open + 1)?;
    let name_start = if first == b'/' { open + 2 } else { open + 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    bytes
        .iter()
        .enumerate()
        .skip(name_start)
        .take(MAX_TARGET)
        .find(|(_, &b)| b == b'>' || b == b'<')
        .filter(|(_, &b)| b == b'>')
        .map(|(k, _)| k)
}

/// Pairs `*`/`_` runs of equal length (1–3) that open before a word and
/// close after one. Runs inside words (`snake_case`, `2*3*4`) and runs
/// between spaces (`5 * 3`) are text.
fn mark_emphasis(line: &str, state: &mut [u8]) {
    let bytes = line.as_bytes();
    // Open runs waiting for a partner, per delimiter and run length.
    let mut stacks: [Vec<usize>; 6] = Default::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(matches!(b, b'*' | b'_') && state[i] == KEEP) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b && state[i] == KEEP {
            i += 1;
        }
        let len = i - start;
        if len > 3 {
            continue;
        }
        let before = line[..start].chars().next_back();
        let after = line[i..].chars().next();
        let can_open =
            after.is_some_and(|c| !c.is_whitespace()) && !before.is_some_and(char::is_alphanumeric);
        let can_close =
            before.is_some_and(|c| !c.is_whitespace()) && !after.is_some_and(char::is_alphanumeric);
        let stack = &mut stacks[usize::from(b == b'_') * 3 + len - 1];
        if can_close {
            if let Some(open) = stack.pop() {
                state[open..open + len].fill(DROP);
                state[start..i].fill(DROP);
                continue;
            }
        }
        if can_open {
            stack.push(start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_inline_syntax() {
        let cases = [
            ("**vet** en __ook vet__", "vet en ook vet"),
            (
                "*schuin* en _schuin_, ***beide***",
                "schuin en schuin, beide",
            ),
            (
                "snake_case_name en 5 * 3 * 2",
                "snake_case_name en 5 * 3 * 2",
            ),
            ("2*3*4 en a_b_c", "2*3*4 en a_b_c"),
            ("een *open ster", "een *open ster"),
            (
                "[City Deals](https://citydeals.nl/a_(b)) lezen",
                "City Deals lezen",
            ),
            ("zie ![logo](logo.png) hier", "zie  hier"),
            ("[tekst][ref] en [geen link]", "tekst en [geen link]"),
            ("`code_met_*sterren*` blijft", "code_met_*sterren* blijft"),
            ("``met ` erin``", "met ` erin"),
            ("\\*geen nadruk\\*", "*geen nadruk*"),
            (
                "<https://example.nl> en a < b <3",
                "https://example.nl en a < b <3",
            ),
            ("regel<br/>verder <span>x</span>", "regelverder x"),
            ("[onaf](http://x", "[onaf](http://x"),
            ("**Vraag:** waarom?", "Vraag: waarom?"),
            ("Ideeën *über* alles", "Ideeën über alles"),
        ];
        for (md, expected) in cases {
            assert_eq!(inline(md), expected, "{md:?}");
        }
    }

    #[test]
    fn strips_block_syntax() {
        let md = "\
# Verslag *CoP*
Intro zonder witregel.
<!-- interne notitie
over meerdere regels -->
## Agenda ##
- punt een
* [x] punt twee
1. genummerd
> geciteerd
> > dubbel

---
```
let x = a_b * c;
```
| kolom | twee |
|-------|:----:|
| a | b |
[ref]: https://example.nl
C# blijft";
        let plain = to_plain(md);
        assert_eq!(
            plain.text,
            "Verslag CoP\n\nIntro zonder witregel.\n\nAgenda\n\npunt een\npunt twee\n1. genummerd\ngeciteerd\ndubbel\n\nlet x = a_b * c;\n\nkolom | twee\n\na | b\n\nC# blijft"
        );
        assert_eq!(plain.heading.as_deref(), Some("Verslag CoP"));
    }

    #[test]
    fn heading_choice() {
        let cases = [
            ("## Twee\n# Een", Some("Een")),
            ("### Drie\ntekst", Some("Drie")),
            ("#hashtag geen kop", None),
            ("tekst", None),
        ];
        for (md, expected) in cases {
            assert_eq!(to_plain(md).heading.as_deref(), expected, "{md:?}");
        }
    }

    #[test]
    fn unclosed_comment_keeps_text() {
        assert_eq!(to_plain("a <!-- b\n\nc").text, "a <!-- b\n\nc");
    }

    #[test]
    fn survives_adversarial_lines() {
        for line in [
            "[".repeat(10_000),
            "`".repeat(10_001),
            "*a".repeat(10_000),
            "](".repeat(10_000),
            "<a".repeat(10_000),
            "\\".repeat(10_001),
            "_é_ü*".repeat(10_000),
        ] {
            let _ = to_plain(&line);
        }
    }
}
