//! Opening the live generation and answering queries.

use super::analyzer;
use super::info::IndexInfo;
use super::schema::{self, Fields};
use super::store::Store;
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::PathBuf;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::Term;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

/// A read-only view of the live generation.
pub struct IndexView {
    pub path: PathBuf,
    pub info: IndexInfo,
    index: Index,
    reader: IndexReader,
    pub fields: Fields,
}

/// How the query text is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Matching {
    /// Stemmed, diacritics folded (the default).
    #[default]
    Stemmed,
    /// Lower-cased surface forms only.
    Exact,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    pub matching: Matching,
    /// Characters of context in a snippet.
    pub snippet_chars: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchHit {
    pub session: String,
    pub title: String,
    pub date: Option<String>,
    pub series: String,
    pub passage: u64,
    pub score: f32,
    /// The best fragment, matches wrapped in `<b>…</b>`, HTML-escaped.
    pub snippet: String,
    /// Speaker-turn minutes: who speaks, for which party, under which item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub text: String,
    /// The fragment as plain text and the byte ranges of the matches in it,
    /// for renderers other than HTML.
    #[serde(skip)]
    pub fragment: String,
    #[serde(skip)]
    pub highlights: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub results: Vec<SearchHit>,
}

impl IndexView {
    pub fn open(store: &Store) -> Result<Self> {
        let path = store.require_current()?;
        let info = IndexInfo::read(&path)?;
        let index = Index::open_in_dir(&path).map_err(|e| Error::Index {
            path: path.clone(),
            reason: format!("cannot open ({e}); rebuild with `notulen run`"),
        })?;
        analyzer::register(&index);
        let fields = Fields::resolve(&index.schema()).map_err(|e| Error::Index {
            path: path.clone(),
            reason: format!("unexpected schema ({e}); rebuild with `notulen run`"),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(IndexView {
            path,
            info,
            index,
            reader,
            fields,
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let default_field = match request.matching {
            Matching::Stemmed => self.fields.text,
            Matching::Exact => self.fields.exact,
        };
        // Titles are searchable with `titel:` but not by default: a word in
        // the title would otherwise match every passage of that session.
        let mut parser = QueryParser::for_index(&self.index, vec![default_field]);
        parser.set_conjunction_by_default();
        let query_text = complete_dates(&rewrite_not(&rewrite_aliases(&request.query)));
        let user_query = parser
            .parse_query(&query_text)
            .map_err(|e| Error::Query(describe_query_error(&request.query, &e)))?;
        // Session documents hold report data; search is over passages.
        let passages_only = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_PASSAGE),
            IndexRecordOption::Basic,
        );
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, user_query),
            (Occur::Must, Box::new(passages_only)),
        ]));

        let searcher = self.searcher();
        // Fetch a little more than asked so that ties at the cut are broken
        // by (session, passage) rather than by segment order, which depends
        // on the thread count.
        let want = request.offset + request.limit;
        let (total, top) =
            searcher.search(&query, &(Count, TopDocs::with_limit((want + 16).max(1))))?;

        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.text)?;
        snippets.set_max_num_chars(request.snippet_chars);

        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &snippets));
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.session.cmp(&b.session))
                .then_with(|| a.passage.cmp(&b.passage))
        });
        let results = hits
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .collect();
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            results,
        })
    }

    /// Every session's stored analysis, sorted by date (undated last),
    /// then id; optionally limited to dates in `from..=to` (ISO strings
    /// compare like dates). Reports read this instead of re-analysing.
    pub fn session_records(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<crate::model::SessionRecord>> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_SESSION),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut records = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let json = first_str(&doc, self.fields.analysis);
            let record: crate::model::SessionRecord =
                serde_json::from_str(&json).map_err(|e| Error::Index {
                    path: self.path.clone(),
                    reason: format!("unreadable session record ({e}); rebuild with `notulen run`"),
                })?;
            let in_range = match record.date.as_deref() {
                Some(d) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
                None => from.is_none() && to.is_none(),
            };
            if in_range {
                records.push(record);
            }
        }
        records.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id))
        });
        Ok(records)
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &SnippetGenerator) -> SearchHit {
        let f = &self.fields;
        let text = first_str(doc, f.text);
        let snippet = snippets.snippet(&text);
        let (fragment, highlights) = (
            snippet.fragment().to_string(),
            snippet.highlighted().to_vec(),
        );
        let html = if snippet.is_empty() {
            html_escape(&leading_chars(&text, 200))
        } else {
            snippet.to_html()
        };
        SearchHit {
            session: first_str(doc, f.session),
            title: first_str(doc, f.title),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(format_date),
            series: first_str(doc, f.series),
            passage: doc
                .get_first(f.passage)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            score,
            snippet: html,
            speaker: optional_str(doc, f.speaker),
            party: optional_str(doc, f.party),
            item: optional_str(doc, f.agenda_item),
            fragment: if fragment.is_empty() {
                leading_chars(&text, 200)
            } else {
                fragment
            },
            highlights,
            text,
        }
    }
}

fn optional_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

pub fn format_date(d: tantivy::DateTime) -> String {
    let date = d.into_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn leading_chars(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Rewrites English field names (`title:`) to the schema's Dutch ones
/// (`titel:`), outside quoted phrases.
pub fn rewrite_aliases(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut i = 0;
    let bytes = query.as_bytes();
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' {
            in_quotes = !in_quotes;
        }
        let at_word_start =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if !in_quotes && at_word_start {
            if let Some((alias, name)) = schema::ALIASES.iter().find(|(alias, _)| {
                query[i..].starts_with(alias) && query[i + alias.len()..].starts_with(':')
            }) {
                out.push_str(name);
                i += alias.len();
                continue;
            }
        }
        // Copy one whole UTF-8 character.
        let ch_len = query[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&query[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// `a AND NOT b` → `a AND -b`: Tantivy's grammar has the `-` prefix but
/// would read a bare `NOT` as a search word. Outside quotes only.
pub fn rewrite_not(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        let at_word_start = out.is_empty() || out.ends_with([' ', '(']);
        if !in_quotes && at_word_start {
            if let Some(after) = rest.strip_prefix("NOT ") {
                out.push('-');
                rest = after.trim_start();
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Tantivy wants RFC 3339 date-times; people type ISO dates. A bare
/// `YYYY-MM-DD` after `datum:`, `[`, `{` or `TO` (outside quotes) becomes
/// midnight UTC, which is how session dates are stored.
pub fn complete_dates(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len() + 16);
    let mut in_quotes = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes && is_iso_date_at(bytes, i) {
            let before = query[..i].trim_end();
            let in_date_context = before.ends_with(&format!("{}:", schema::DATE))
                || before.ends_with('[')
                || before.ends_with('{')
                || before.ends_with(" TO");
            let followed_by_time = bytes
                .get(i + 10)
                .is_some_and(|&b| b == b'T' || b.is_ascii_digit());
            out.push_str(&query[i..i + 10]);
            if in_date_context && !followed_by_time {
                out.push_str("T00:00:00Z");
            }
            i += 10;
            continue;
        }
        let ch_len = query[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&query[i..i + ch_len]);
        i += ch_len;
    }
    out
}

fn is_iso_date_at(b: &[u8], i: usize) -> bool {
    if i > 0 && b[i - 1].is_ascii_digit() {
        return false;
    }
    let Some(w) = b.get(i..i + 10) else {
        return false;
    };
    w.iter().enumerate().all(|(k, &c)| match k {
        4 | 7 => c == b'-',
        _ => c.is_ascii_digit(),
    })
}

fn describe_query_error(query: &str, e: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    let hint = match e {
        E::FieldDoesNotExist(field) => format!(
            "unknown field `{field}`; fields are {}",
            [
                schema::TEXT,
                schema::EXACT,
                schema::TITLE,
                schema::SESSION,
                schema::SERIES,
                schema::DATE,
                schema::PASSAGE,
                schema::THEME,
                schema::QUESTIONS,
                schema::PERSON,
                schema::ORGANISATION,
                schema::PLACE,
                schema::DEAL,
                schema::OTHER_NAME,
                schema::SPEAKER,
                schema::PARTY,
                schema::ROLE,
                schema::AGENDA_ITEM
            ]
            .join(", ")
        ),
        E::SyntaxError(msg) => format!("syntax error ({msg})"),
        E::DateFormatError(_) => {
            "dates in queries are ISO dates, e.g. datum:[2021-01-01 TO 2021-06-30]".to_string()
        }
        other => other.to_string(),
    };
    format!("cannot parse query {query:?}: {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_becomes_minus_outside_quotes() {
        assert_eq!(
            rewrite_not("borging AND NOT spreker:x"),
            "borging AND -spreker:x"
        );
        assert_eq!(rewrite_not("NOT data"), "-data");
        assert_eq!(rewrite_not("(a OR NOT b)"), "(a OR -b)");
        assert_eq!(rewrite_not("\"ik NOT jij\""), "\"ik NOT jij\"");
        assert_eq!(rewrite_not("KNOT x"), "KNOT x");
    }

    #[test]
    fn iso_dates_become_rfc3339_in_date_context() {
        assert_eq!(
            complete_dates("datum:[2021-01-01 TO 2021-06-30]"),
            "datum:[2021-01-01T00:00:00Z TO 2021-06-30T00:00:00Z]"
        );
        assert_eq!(
            complete_dates("datum:2021-03-09"),
            "datum:2021-03-09T00:00:00Z"
        );
        assert_eq!(
            complete_dates("\"2021-03-09\" borging"),
            "\"2021-03-09\" borging"
        );
        assert_eq!(
            complete_dates("datum:2021-03-09T00:00:00Z"),
            "datum:2021-03-09T00:00:00Z"
        );
    }

    #[test]
    fn aliases_are_rewritten_outside_quotes_only() {
        assert_eq!(rewrite_aliases("title:borging"), "titel:borging");
        assert_eq!(
            rewrite_aliases("\"title:x\" series:cop"),
            "\"title:x\" reeks:cop"
        );
        assert_eq!(rewrite_aliases("subtitle:x"), "subtitle:x");
        assert_eq!(rewrite_aliases("ideeën"), "ideeën");
    }
}
