//! Paragraph splitting: paragraphs are separated by blank lines.

use std::ops::Range;

/// Byte ranges of the paragraphs of `text`: runs of lines separated by one
/// or more blank lines (lines of only whitespace). Ranges are trimmed of
/// surrounding whitespace; single newlines inside a paragraph are kept.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Start of the current paragraph's first line and end of its last
    // non-blank line, both trimmed.
    let mut current: Option<Range<usize>> = None;
    let mut line_start = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let trimmed_start = line.trim_start();
        if trimmed_start.is_empty() {
            out.extend(current.take());
        } else {
            let start = line_start + (line.len() - trimmed_start.len());
            let end = line_start + line.trim_end().len();
            current = Some(current.map_or(start, |c| c.start)..end);
        }
        line_start = line_end + 1;
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("\n\n \n\t\n", &[]),
            ("één", &["één"]),
            ("  a\nb  \n\n\nc", &["a\nb", "c"]),
            ("a\r\n\r\nb\r\n", &["a", "b"]),
            ("a\n \u{A0}\nb", &["a", "b"]),
            (
                "Eend\n\nMartine de Vaan, die hard …\n",
                &["Eend", "Martine de Vaan, die hard …"],
            ),
            ("  • een\n  • twee\n\nNa", &["• een\n  • twee", "Na"]),
            ("\n\nx", &["x"]),
            ("x\n", &["x"]),
        ];
        for (text, expected) in cases {
            assert_eq!(paras(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn seed_paragraph_count() {
        let text = "Titel\n\nSchermafdruk\n\nOp dinsdag.\nNog een regel.\n\n\n\nEind";
        assert_eq!(paragraphs(text).len(), 4);
    }
}
