//! HTML to plain text: the visible article text of a saved web page, without
//! scripts, navigation, forms and the comment section at its end.
//!
//! A small hand-written tag scanner rather than a full HTML5 parser: saved
//! pages are often broken, and what matters here is that text outside the
//! broken part survives and that nothing panics or goes quadratic.

use super::tidy_paragraphs;
use std::borrow::Cow;
use std::collections::HashMap;

/// Visible text and title of a page.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    /// The `<title>` without its site-name suffix, else the first `<h1>`.
    pub title: Option<String>,
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "noscript",
    "plaintext",
];

/// Elements whose content is not part of the article.
const HIDDEN: &[&str] = &[
    "head", "template", "svg", "math", "nav", "header", "footer", "aside", "form", "button",
    "select", "iframe", "object", "canvas", "video", "audio", "map", "dialog",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "article",
    "section",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "main",
    "figure",
    "figcaption",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "fieldset",
    "body",
    "html",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    // Hidden elements that were left unclosed are shown, as blocks.
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "dialog",
];

/// Elements that separate words without starting a paragraph.
const CELLS: &[&str] = &["td", "th", "img", "input", "wbr"];

/// Paragraphs that open the comment and sharing section of a blog page.
const TAIL_MARKERS: &[&str] = &[
    "laat een reactie achter",
    "reacties",
    "reageer",
    "geef een reactie",
    "plaats een reactie",
    "deel dit bericht",
    "deel dit artikel",
    "deel deze pagina",
    "delen:",
    "share this",
    "gerelateerde berichten",
    "gerelateerde artikelen",
    "lees ook",
    "vorig bericht",
    "leave a reply",
    "leave a comment",
    "related posts",
];

/// Tail markers are headings, not prose: longer paragraphs that happen to
/// start with "Reacties" are content.
const MAX_TAIL_MARKER_CHARS: usize = 120;

/// The tail is only looked for in the last part of the page, so an article
/// that says "Lees ook …" early is not cut short.
const TAIL_REGION: f64 = 0.4;

/// A tag longer than this is taken for a stray `<`; bounds the work per `<`.
const MAX_TAG_LEN: usize = 64 * 1024;

pub fn extract(html: &str) -> Page {
    let mut scanner = Scanner::new(html);
    scanner.run();
    let title = scanner
        .title
        .as_deref()
        .map(strip_site_name)
        .map(|t| match &scanner.h1 {
            // "Kop – Site" with the same h1: the h1 is the exact title.
            Some(h1) if !h1.is_empty() && t.starts_with(h1.as_str()) => h1.clone(),
            _ => t.to_string(),
        })
        .filter(|t| !t.is_empty())
        .or_else(|| scanner.h1.clone().filter(|h| !h.is_empty()));
    let text = tidy_paragraphs(&remove_tail(scanner.sink.out));
    Page { text, title }
}

/// Collects text with HTML whitespace rules: runs of whitespace become one
/// space, block boundaries become paragraph breaks.
#[derive(Default)]
struct Sink {
    out: String,
    space: bool,
    paragraph: bool,
    pre: usize,
}

impl Sink {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre > 0 && c == '\n' {
                self.out.push('\n');
                self.space = false;
            } else if c.is_whitespace() {
                self.space = true;
            } else {
                if self.paragraph {
                    if !self.out.is_empty() {
                        self.out.push_str("\n\n");
                    }
                    self.paragraph = false;
                } else if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }

    fn paragraph_break(&mut self) {
        self.paragraph = true;
    }
}

struct Scanner<'a> {
    html: &'a str,
    bytes: &'a [u8],
    pos: usize,
    sink: Sink,
    /// The hidden element being skipped and how deeply it is nested in itself.
    hidden: Option<(String, usize)>,
    article_depth: usize,
    /// Where the text of the first `<h1>` starts in the output.
    h1_start: Option<usize>,
    h1: Option<String>,
    title: Option<String>,
    /// Where a search for an end tag found nothing: no later search for the
    /// same tag needs to look again, which keeps unclosed tags linear.
    missing_end_tag: HashMap<String, usize>,
    last_gt: Option<usize>,
}

impl<'a> Scanner<'a> {
    fn new(html: &'a str) -> Self {
        Scanner {
            html,
            bytes: html.as_bytes(),
            pos: 0,
            sink: Sink::default(),
            hidden: None,
            article_depth: 0,
            h1_start: None,
            h1: None,
            title: None,
            missing_end_tag: HashMap::new(),
            last_gt: html.rfind('>'),
        }
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let next_lt = self.html[self.pos..]
                .find('<')
                .map_or(self.bytes.len(), |k| self.pos + k);
            if next_lt > self.pos {
                let text = &self.html[self.pos..next_lt];
                self.text(text);
                self.pos = next_lt;
                continue;
            }
            self.markup();
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden.is_none() {
            self.sink.text(&decode_entities(text));
        }
    }

    /// Handles what starts at a `<`.
    fn markup(&mut self) {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"<!--") {
            // An unclosed comment ends at the next `>`, so one typo does not
            // hide the rest of the page.
            self.pos = match self.html[self.pos + 4..].find("-->") {
                Some(k) => self.pos + 4 + k + 3,
                None => self.end_of_angle(self.pos + 4),
            };
            return;
        }
        if rest.len() > 1 && matches!(rest[1], b'!' | b'?') {
            self.pos = self.end_of_angle(self.pos + 2);
            return;
        }
        match self.tag_at(self.pos) {
            Some(tag) => {
                self.pos = tag.end;
                self.handle(&tag);
            }
            None => {
                // A stray `<` ("a < b") is text.
                self.text("<");
                self.pos += 1;
            }
        }
    }

    fn end_of_angle(&self, from: usize) -> usize {
        self.html[from..]
            .find('>')
            .map_or(self.bytes.len(), |k| from + k + 1)
    }

    fn tag_at(&self, open: usize) -> Option<Tag> {
        match self.last_gt {
            Some(gt) if gt > open => {}
            _ => return None,
        }
        let closing = self.bytes.get(open + 1) == Some(&b'/');
        let name_start = open + 1 + usize::from(closing);
        if !self.bytes.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = self.bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':')))
            .map_or(self.bytes.len(), |k| name_start + k);
        let name = self.html[name_start..name_end].to_ascii_lowercase();
        let limit = self.bytes.len().min(open + MAX_TAG_LEN);
        let mut k = name_end;
        let mut last_non_space = b' ';
        while k < limit {
            match self.bytes[k] {
                b'>' => {
                    return Some(Tag {
                        name,
                        closing,
                        self_closing: last_non_space == b'/',
                        end: k + 1,
                    })
                }
                quote @ (b'"' | b'\'') if last_non_space == b'=' => {
                    // A quoted attribute value may contain `>`; an unclosed
                    // quote is ignored so that the next `>` still ends the tag.
                    if let Some(len) = self.bytes[k + 1..limit].iter().position(|&b| b == quote) {
                        k += len + 1;
                    }
                    last_non_space = quote;
                }
                b if !b.is_ascii_whitespace() => last_non_space = b,
                _ => {}
            }
            k += 1;
        }
        None
    }

    fn handle(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if let Some((hidden, depth)) = &mut self.hidden {
            if name == hidden.as_str() && !tag.self_closing {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.hidden = None;
                    }
                } else {
                    *depth += 1;
                }
                return;
            }
            // The document title lives inside the hidden <head>.
            if !tag.closing && RAW_TEXT.contains(&name) {
                let in_head = hidden == "head";
                self.raw_text(name, in_head);
            }
            return;
        }
        if tag.closing {
            self.end_tag(name);
        } else {
            self.start_tag(tag);
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if RAW_TEXT.contains(&name) {
            if !tag.self_closing {
                self.raw_text(name, true);
            }
            return;
        }
        let article_header = name == "header" && self.article_depth > 0;
        if HIDDEN.contains(&name) && !tag.self_closing && !article_header {
            // An element that is never closed is not hidden: skipping to the
            // end of the page would lose the article for one missing tag.
            if self.find_end_tag(name, self.pos).is_some() {
                self.hidden = Some((name.to_string(), 1));
                return;
            }
        }
        match name {
            "article" => self.article_depth += 1,
            "pre" => self.sink.pre += 1,
            "h1" if self.h1.is_none() && self.h1_start.is_none() => {
                self.h1_start = Some(self.sink.out.len());
            }
            _ => {}
        }
        self.layout(name);
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "article" => self.article_depth = self.article_depth.saturating_sub(1),
            "pre" => self.sink.pre = self.sink.pre.saturating_sub(1),
            "h1" => {
                if let Some(start) = self.h1_start.take() {
                    let text = self.sink.out.get(start..).unwrap_or("").trim();
                    self.h1 = Some(text.to_string());
                }
            }
            _ => {}
        }
        self.layout(name);
    }

    fn layout(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.sink.paragraph_break();
        } else if CELLS.contains(&name) {
            self.sink.space = true;
        }
    }

    /// Skips the content of a raw-text element; a `<title>` is kept as the
    /// page title when `capture_title` allows it.
    fn raw_text(&mut self, name: &str, capture_title: bool) {
        let (content_end, after) = match self.find_end_tag(name, self.pos) {
            Some(at) => (at, self.end_of_angle(at)),
            None => {
                // Never closed: guess that it ends at the next tag, rather
                // than hide everything after it.
                let next = self.next_tag_start(self.pos);
                (next, next)
            }
        };
        if name == "title" && capture_title && self.title.is_none() {
            let raw = &self.html[self.pos..content_end];
            let mut sink = Sink::default();
            sink.text(&decode_entities(raw));
            self.title = Some(sink.out);
        }
        self.pos = after;
    }

    fn next_tag_start(&self, from: usize) -> usize {
        let mut k = from;
        while let Some(off) = self.html[k..].find('<') {
            let at = k + off;
            if self.tag_at(at).is_some() {
                return at;
            }
            k = at + 1;
        }
        self.bytes.len()
    }

    /// Position of `</name` (case-insensitive) at or after `from`.
    fn find_end_tag(&mut self, name: &str, from: usize) -> Option<usize> {
        if self.missing_end_tag.get(name).is_some_and(|&at| at <= from) {
            return None;
        }
        let needle: Vec<u8> = [b"</".as_slice(), name.as_bytes()].concat();
        let found = self.bytes[from..]
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(&needle))
            .map(|k| from + k);
        if found.is_none() {
            self.missing_end_tag.insert(name.to_string(), from);
        }
        found
    }
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte position just after the `>`.
    end: usize,
}

/// Cuts the comment/share section: the first paragraph in the last part of
/// the page that is (or starts with) a tail marker, and all after it.
fn remove_tail(text: String) -> String {
    let region_start = (text.len() as f64 * (1.0 - TAIL_REGION)) as usize;
    let mut offset = 0;
    for paragraph in text.split("\n\n") {
        let start = offset;
        offset += paragraph.len() + 2;
        let trimmed = paragraph.trim();
        if start < region_start || trimmed.chars().count() > MAX_TAIL_MARKER_CHARS {
            continue;
        }
        let lower = trimmed.to_lowercase();
        if TAIL_MARKERS.iter().any(|m| lower.starts_with(m)) {
            let mut text = text;
            text.truncate(start);
            return text;
        }
    }
    text
}

/// "Verslag themasessie | City Deals" → "Verslag themasessie".
fn strip_site_name(title: &str) -> &str {
    let title = title.trim();
    for separator in [" | ", " – ", " — ", " - ", " » ", " :: "] {
        if let Some(at) = title.rfind(separator) {
            let head = title[..at].trim();
            if !head.is_empty() {
                return head;
            }
        }
    }
    title
}

/// Decodes character references; unknown ones are left as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest[1..]
            .char_indices()
            .take(33)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .filter(|&(_, c)| c == ';')
            .map(|(k, _)| &rest[1..1 + k]);
        let decoded = reference.and_then(|r| entity(r).map(|d| (d, r.len() + 2)));
        match decoded {
            Some((d, len)) => {
                out.push_str(&d);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<Cow<'static, str>> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok()?,
            None if !number.is_empty() && number.len() <= 8 => number.parse().ok()?,
            _ => return None,
        };
        return Some(Cow::Owned(numeric_reference(code).to_string()));
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, s)| Cow::Borrowed(s))
}

/// Browsers read references to 128–159 as Windows-1252 (`&#150;` is a dash).
fn numeric_reference(code: u32) -> char {
    if (0x80..=0x9F).contains(&code) {
        let byte = [code as u8];
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        if let Some(c) = decoded.chars().next() {
            return c;
        }
    }
    match char::from_u32(code) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

/// Named references common in Dutch web pages; nbsp and friends become
/// plain spaces, soft hyphens and zero-width joiners disappear.
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("thinsp", " "),
    ("shy", ""),
    ("zwj", ""),
    ("zwnj", ""),
    ("euml", "ë"),
    ("iuml", "ï"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("auml", "ä"),
    ("Euml", "Ë"),
    ("Iuml", "Ï"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("Auml", "Ä"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("ecirc", "ê"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("acirc", "â"),
    ("oacute", "ó"),
    ("ograve", "ò"),
    ("ocirc", "ô"),
    ("iacute", "í"),
    ("igrave", "ì"),
    ("icirc", "î"),
    ("uacute", "ú"),
    ("ugrave", "ù"),
    ("ucirc", "û"),
    ("Eacute", "É"),
    ("Egrave", "È"),
    ("Aacute", "Á"),
    ("Oacute", "Ó"),
    ("ccedil", "ç"),
    ("Ccedil", "Ç"),
    ("ntilde", "ñ"),
    ("szlig", "ß"),
    ("oslash", "ø"),
    ("aring", "å"),
    ("aelig", "æ"),
    ("hellip", "…"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsaquo", "‹"),
    ("rsaquo", "›"),
    ("euro", "€"),
    ("pound", "£"),
    ("cent", "¢"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("middot", "·"),
    ("bull", "•"),
    ("deg", "°"),
    ("sect", "§"),
    ("para", "¶"),
    ("times", "×"),
    ("divide", "÷"),
    ("plusmn", "±"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("ordm", "º"),
    ("ordf", "ª"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("larr", "←"),
    ("rarr", "→"),
    ("dagger", "†"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_visible_text() {
        let cases = [
            (
                "<html><head><title>Koffieleut | City Deals</title><style>p{color:red}</style>\
                 <script>var a = '<p>nee</p>';</script></head><body>\
                 <nav><ul><li>Home</li></ul></nav><header>Site</header>\
                 <article><header><h1>Koffieleut CoP</h1></header>\
                 <p>Op dinsdag&nbsp;9 maart   2021 vond&hellip; plaats.</p>\
                 <p>Idee&euml;n &amp; &#8220;vragen&#x201D; &#150; <b>vet</b><i>schuin</i></p>\
                 <!-- verborgen --><noscript>zet JS aan</noscript>\
                 <form><input><button>Verstuur</button></form></article>\
                 <aside>Zijbalk</aside><footer>© 2024</footer></body></html>",
                "Koffieleut CoP\n\nOp dinsdag 9 maart 2021 vond… plaats.\n\nIdeeën & “vragen” – vetschuin",
                Some("Koffieleut"),
            ),
            (
                "<p>Regel<br>volgende<br/>laatste</p><table><tr><td>a</td><td>b</td></tr></table>",
                "Regel\n\nvolgende\n\nlaatste\n\na b",
                None,
            ),
            (
                "<title>Verslag – deel 2 – Site</title><h1>Anders</h1><pre>a\n  b</pre>",
                "Anders\n\na\nb",
                Some("Verslag – deel 2"),
            ),
            ("<h1>Alleen h1</h1>tekst", "Alleen h1\n\ntekst", Some("Alleen h1")),
        ];
        for (html, text, title) in cases {
            let page = extract(html);
            assert_eq!(page.text, text, "{html}");
            assert_eq!(page.title.as_deref(), title, "{html}");
        }
    }

    #[test]
    fn malformed_html_keeps_text() {
        let cases = [
            // As in browsers, "<d" opens a tag that the next ">" closes.
            ("<p>a < b en c<d</p> e", "a < b en c e"),
            ("<p>open <b>vet", "open vet"),
            ("voor<script>var x = 1;<p>na", "voor\n\nna"),
            (
                "voor<nav>nooit gesloten<p>na",
                "voor\n\nnooit gesloten\n\nna",
            ),
            ("tekst <!-- onaf > verder", "tekst verder"),
            ("a <a href=\"x>y\">link</a> b", "a link b"),
            ("a <div class=\"onaf>b</div>", "a\n\nb"),
            (
                "&onbekend; &amp &#0; &#xZZ; &#99999999;",
                "&onbekend; &amp \u{FFFD} &#xZZ; \u{FFFD}",
            ),
            ("<", "<"),
            ("</>", "</>"),
            ("<!DOCTYPE html><?xml?>x", "x"),
        ];
        for (html, text) in cases {
            assert_eq!(extract(html).text, text, "{html}");
        }
    }

    #[test]
    fn removes_web_page_tail() {
        let body = "<p>Lees ook het eerdere verslag.</p>".to_string()
            + &"<p>Een lange alinea over de sessie.</p>".repeat(6);
        let cases = [
            (
                format!("{body}<h2>Reacties</h2><p>Jan zegt: top!</p>"),
                false,
            ),
            (format!("{body}<p>Laat een reactie achter</p><p>x</p>"), false),
            (format!("{body}<p>Delen:</p><p>Twitter</p>"), false),
            (
                format!("{body}<p>Reacties van deelnemers waren positief, en dat zeiden ze ook uitgebreid in de evaluatie na afloop van de middag, met veel lof.</p>"),
                true,
            ),
        ];
        for (html, kept) in cases {
            let text = extract(&html).text;
            assert!(text.starts_with("Lees ook het eerdere verslag."), "{text}");
            assert!(
                text.ends_with(if kept {
                    "met veel lof."
                } else {
                    "over de sessie."
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn site_name_is_stripped_from_titles() {
        let cases = [
            ("Verslag | CoP | City Deals", "Verslag | CoP"),
            ("Verslag – City Deals", "Verslag"),
            ("Verslag", "Verslag"),
            (" | Site", "| Site"),
        ];
        for (title, expected) in cases {
            assert_eq!(strip_site_name(title), expected);
        }
    }

    #[test]
    fn survives_adversarial_input() {
        for html in [
            "<a ".repeat(10_000),
            "<script>".repeat(10_000),
            "<nav>".repeat(10_000) + "</nav>",
            "<a x=\"".repeat(10_000) + ">",
            "&#".repeat(10_000),
            "<!--".repeat(10_000),
            "é<ü>&".repeat(10_000),
        ] {
            let _ = extract(&html);
        }
    }
}
