//! A thin layer over quick-xml shared by the XML-based readers (Word's
//! `document.xml`, ParlaMint TEI): local element names, text with entity
//! references resolved, empty elements reported as open + close, and
//! errors that say where the document went wrong. Pure.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::borrow::Cow;

/// An element start (or an empty element, which is followed by its close).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Name without namespace prefix: `p` for `w:p`.
    pub name: String,
    /// Attributes as written (`xml:id`, `w:val`), values unescaped.
    pub attrs: Vec<(String, String)>,
}

impl Element {
    /// The value of attribute `key`; `key` may be given with its prefix
    /// (`xml:id`) or without (`val` finds `w:val`).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| {
                self.attrs
                    .iter()
                    .find(|(k, _)| k.rsplit_once(':').is_some_and(|(_, local)| local == key))
            })
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'a> {
    Open(Element),
    /// Local name of the element that closes.
    Close(String),
    Text(Cow<'a, str>),
}

pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    source: &'a str,
    /// Open elements, so that a truncated document is an error rather than
    /// a silently shorter text.
    open: Vec<String>,
    close_pending: Option<String>,
}

impl<'a> XmlReader<'a> {
    pub fn new(source: &'a str) -> Self {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        XmlReader {
            reader: Reader::from_str(source),
            source,
            open: Vec::new(),
            close_pending: None,
        }
    }

    /// The next node, `None` at the end of a well-formed document.
    pub fn next(&mut self) -> Result<Option<Node<'a>>, String> {
        if let Some(name) = self.close_pending.take() {
            return Ok(Some(Node::Close(name)));
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.malformed(self.reader.error_position(), &e)),
            };
            return Ok(Some(match event {
                Event::Start(start) => {
                    let element = self.element(&start)?;
                    self.open.push(element.name.clone());
                    Node::Open(element)
                }
                Event::Empty(start) => {
                    let element = self.element(&start)?;
                    self.close_pending = Some(element.name.clone());
                    Node::Open(element)
                }
                Event::End(end) => {
                    self.open.pop();
                    Node::Close(local(end.name().as_ref()).to_string())
                }
                Event::Text(text) => Node::Text(text.xml10_content()),
                Event::CData(data) => Node::Text(data.xml10_content()),
                Event::GeneralRef(reference) => {
                    let resolved = if reference.is_char_ref() {
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => Some(c.to_string()),
                            Ok(None) => None,
                            Err(e) => return Err(self.malformed(self.reader.buffer_position(), &e)),
                        }
                    } else {
                        let name = reference.xml10_content();
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .ok()
                            .map(Cow::into_owned)
                    };
                    match resolved {
                        Some(s) => Node::Text(Cow::Owned(s)),
                        None => {
                            return Err(self.malformed(
                                self.reader.buffer_position(),
                                &format!("unknown entity &{};", reference.xml10_content()),
                            ))
                        }
                    }
                }
                Event::Eof => {
                    if let Some(name) = self.open.last() {
                        return Err(format!(
                            "malformed XML: the document ends inside <{name}> (truncated file?)"
                        ));
                    }
                    return Ok(None);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            }));
        }
    }

    /// Skips everything up to and including the close of the element just
    /// opened.
    pub fn skip_element(&mut self) -> Result<(), String> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Some(Node::Open(_)) => depth += 1,
                Some(Node::Close(_)) => depth -= 1,
                Some(Node::Text(_)) => {}
                None => return Err("malformed XML: unexpected end of document".to_string()),
            }
        }
        Ok(())
    }

    fn element(&self, start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.malformed(self.reader.buffer_position(), &e))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| self.malformed(self.reader.buffer_position(), &e))?;
            attrs.push((attr.key.as_ref().to_string(), value.into_owned()));
        }
        Ok(Element {
            name: local(start.name().as_ref()).to_string(),
            attrs,
        })
    }

    fn malformed(&self, position: u64, reason: &dyn std::fmt::Display) -> String {
        let mut offset = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("malformed XML at line {line}, column {column}: {reason}")
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// UTF-8 text of an XML part; other encodings are rare enough in the
/// formats read here to be reported rather than guessed.
pub fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("XML is not UTF-8 ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(xml: &str) -> Result<Vec<String>, String> {
        let mut reader = XmlReader::new(xml);
        let mut out = Vec::new();
        while let Some(node) = reader.next()? {
            out.push(match node {
                Node::Open(e) => format!("<{}{}>", e.name, e.attr("id").unwrap_or("")),
                Node::Close(n) => format!("</{n}>"),
                Node::Text(t) => t.into_owned(),
            });
        }
        Ok(out)
    }

    #[test]
    fn resolves_entities_and_reports_empty_elements_as_open_and_close() {
        let got = nodes("<?xml version=\"1.0\"?><a xml:id=\"x&amp;y\">R&amp;D &#233;<b/></a>")
            .expect("well-formed");
        assert_eq!(got, ["<ax&y>", "R", "&", "D ", "é", "<b>", "</b>", "</a>"]);
    }

    #[test]
    fn malformed_documents_say_where() {
        let cases = [
            ("<a>\n<b></a>", "malformed XML at line 2, column"),
            ("<a><b>tekst", "ends inside <b>"),
            ("<a>&onbekend;</a>", "unknown entity &onbekend;"),
            ("<a x=\"1></a>", "malformed XML at line 1"),
        ];
        for (xml, expected) in cases {
            let err = nodes(xml).expect_err(xml);
            assert!(err.contains(expected), "{xml:?}: {err}");
        }
    }
}
