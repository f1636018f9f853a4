//! CoNLL-2002 style input: one `WORD [POS ...] TAG` line a token, a blank line between
//! sentences. A `-DOCSTART-` line starts a new document (the tagger uses the other sentences
//! of a document as context). Two columns (`WORD TAG`) are accepted too.

use std::path::{Path, PathBuf};

use super::Tag;

/// One sentence with its gold tags (same length as `tokens`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
    /// Which document the sentence belongs to: the number of `-DOCSTART-` lines before it,
    /// less one when the file starts with one (so the first document is 0 either way).
    pub document: usize,
}

impl ConllSentence {
    /// The tokens as `&str`s, the form [`crate::entities::Tagger::tag`] takes.
    pub fn token_strs(&self) -> Vec<&str> {
        self.tokens.iter().map(String::as_str).collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConllError {
    #[error("no sentences found (the CoNLL input is empty)")]
    Empty,
    #[error("line {line}: expected `WORD TAG` or `WORD POS TAG`, found {columns} column")]
    Columns { line: usize, columns: usize },
    #[error("line {line}: unknown tag `{tag}` (expected O, B-X or I-X with X one of PER, ORG, LOC, MISC)")]
    UnknownTag { line: usize, tag: String },
    #[error("cannot read CoNLL file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("CoNLL file {}", path.display())]
    InFile {
        path: PathBuf,
        #[source]
        source: Box<ConllError>,
    },
}

/// Parses CoNLL text. Errors carry the 1-based line number.
pub fn parse_conll(text: &str) -> Result<Vec<ConllSentence>, ConllError> {
    let mut sentences: Vec<ConllSentence> = Vec::new();
    let mut document = 0;
    let mut current = ConllSentence {
        tokens: Vec::new(),
        tags: Vec::new(),
        document,
    };
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let mut columns = raw.split_whitespace();
        let Some(word) = columns.next() else {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    ConllSentence {
                        tokens: Vec::new(),
                        tags: Vec::new(),
                        document,
                    },
                ));
            }
            continue;
        };
        if word == "-DOCSTART-" {
            let started = !sentences.is_empty() || !current.tokens.is_empty();
            if started {
                if !current.tokens.is_empty() {
                    sentences.push(std::mem::replace(
                        &mut current,
                        ConllSentence {
                            tokens: Vec::new(),
                            tags: Vec::new(),
                            document,
                        },
                    ));
                }
                document += 1;
                current.document = document;
            }
            continue;
        }
        let Some(tag) = columns.next_back() else {
            return Err(ConllError::Columns { line, columns: 1 });
        };
        let tag: Tag = tag.parse().map_err(|_| ConllError::UnknownTag {
            line,
            tag: tag.to_string(),
        })?;
        current.tokens.push(word.to_string());
        current.tags.push(tag);
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    if sentences.is_empty() {
        return Err(ConllError::Empty);
    }
    Ok(sentences)
}

/// Reads and parses a CoNLL file; errors name the file (and line).
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, ConllError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConllError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(&text).map_err(|e| ConllError::InFile {
        path: path.to_path_buf(),
        source: Box::new(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityType;

    #[test]
    fn parses_three_and_two_column_lines() {
        let text = "-DOCSTART- -DOCSTART- O\nJan N B-PER\nslaapt V O\n\n\nIn I-LOC\nGent B-LOC\n";
        let s = parse_conll(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["Jan", "slaapt"]);
        assert_eq!(s[0].tags, [Tag::B(EntityType::Per), Tag::O]);
        assert_eq!(
            s[1].tags,
            [Tag::I(EntityType::Loc), Tag::B(EntityType::Loc)]
        );
        assert_eq!((s[0].document, s[1].document), (0, 0));
    }

    #[test]
    fn docstart_lines_number_documents() {
        let text = "a O\n\n-DOCSTART- O\nb O\n\nc O\n-DOCSTART- O\n\n-DOCSTART- O\nd O\n";
        let docs: Vec<usize> = parse_conll(text)
            .unwrap()
            .iter()
            .map(|s| s.document)
            .collect();
        assert_eq!(docs, [0, 1, 1, 3]);
    }

    #[test]
    fn errors_carry_line_numbers() {
        let cases: &[(&str, usize, &str)] = &[
            ("Jan N B-PER\nslaapt\n", 2, "column"),
            ("\n\nJan N B-PERSON\n", 3, "unknown tag `B-PERSON`"),
            ("a O\n\nb X\n", 3, "unknown tag `X`"),
        ];
        for (text, line, needle) in cases {
            let err = parse_conll(text).unwrap_err();
            let msg = err.to_string();
            assert!(msg.starts_with(&format!("line {line}:")), "{msg}");
            assert!(msg.contains(needle), "{msg}");
        }
    }

    #[test]
    fn empty_input_is_an_error() {
        for text in ["", "\n\n", "-DOCSTART- -DOCSTART- O\n\n"] {
            assert!(matches!(parse_conll(text), Err(ConllError::Empty)));
        }
    }

    #[test]
    fn crlf_lines_parse() {
        let s = parse_conll("Jan N B-PER\r\nzegt V O\r\n\r\n").unwrap();
        assert_eq!(s[0].tags.len(), 2);
    }
}
