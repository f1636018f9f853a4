//! Opening the live generation and answering queries.

use super::analyzer::{self, Mode};
use super::highlight::{self, Plan};
use super::info::IndexInfo;
use super::schema::{self, Fields};
use super::store::Store;
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::{Bound, Range};
use std::path::PathBuf;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggregationCollector, AggregationLimits};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{DateTime, DocAddress, Term};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};
use time::Date;

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

/// Restrictions on top of the query, the same as the query fields
/// (`--person X` is `persoon:"X"`), given as flags for convenience.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub person: Vec<String>,
    pub speaker: Vec<String>,
    pub party: Vec<String>,
    pub organisation: Vec<String>,
    pub deal: Vec<String>,
    pub theme: Vec<String>,
    pub series: Vec<String>,
    /// Only passages with at least one question.
    pub questions_only: bool,
}

/// Order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// BM25 score, best first (ties: session, passage).
    #[default]
    Relevance,
    /// Session date, newest first (undated last; ties: session, passage).
    Newest,
    /// Session date, oldest first (undated last).
    Oldest,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    pub matching: Matching,
    /// Characters of context in a snippet.
    pub snippet_chars: usize,
    pub filters: Filters,
    pub sort: SortOrder,
    /// Count the whole result set per theme, deal, organisation, … .
    pub facets: bool,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            matching: Matching::Stemmed,
            snippet_chars: 180,
            filters: Filters::default(),
            sort: SortOrder::Relevance,
            facets: false,
        }
    }
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
    /// Themes and named entities of the passage.
    pub themes: Vec<String>,
    pub entities: Vec<EntityRef>,
    /// Questions found in the passage.
    pub questions: u64,
    pub text: String,
    /// The fragment as plain text and the byte ranges of the matches in it,
    /// for renderers other than HTML.
    #[serde(skip)]
    pub fragment: String,
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
}

/// Counts of matching passages per value of one field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub results: Vec<SearchHit>,
    /// Facet name (`theme`, `deal`, `organisation`, `person`, `speaker`,
    /// `party`, `year`) → counts, most frequent first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<BTreeMap<String, Vec<FacetCount>>>,
}

/// The facets `--facets` counts: (name in output, index field).
pub const FACETS: &[(&str, &str)] = &[
    ("theme", schema::THEME),
    ("deal", schema::DEAL),
    ("organisation", schema::ORGANISATION),
    ("person", schema::PERSON),
    ("speaker", schema::SPEAKER),
    ("party", schema::PARTY),
    ("year", schema::YEAR),
];

/// Values shown per facet.
const FACET_SIZE: u32 = 15;

/// A parsed, filtered query, ready to run or to walk passage by passage.
pub struct PreparedQuery {
    pub query: Box<dyn Query>,
    /// The user's part alone, for highlighting.
    pub plan: Plan,
    pub matching: Matching,
}

impl IndexView {
    pub fn open(store: &Store) -> Result<Self> {
        let path = store.require_current()?;
        let info = IndexInfo::read(&path)?;
        let index = Index::open_in_dir(&path).map_err(|e| Error::Index {
            path: path.clone(),
            reason: format!("cannot open ({e}); rebuild with `notulen run`"),
        })?;
        analyzer::register(&index, analyzer::Purpose::Querying);
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

    /// Parses the query and adds the filters and the passages-only clause.
    /// Errors (syntax, unknown field, dates the wrong way round) are
    /// [`Error::Query`].
    pub fn prepare(
        &self,
        query: &str,
        matching: Matching,
        filters: &Filters,
    ) -> Result<PreparedQuery> {
        let default_field = match matching {
            Matching::Stemmed => self.fields.text,
            Matching::Exact => self.fields.exact,
        };
        // Titles are searchable with `titel:` but not by default: a word in
        // the title would otherwise match every passage of that session.
        let mut parser = QueryParser::for_index(&self.index, vec![default_field]);
        parser.set_conjunction_by_default();
        if query.trim().is_empty() {
            return Err(Error::Query(
                "the query is empty; give words to find, or `*` for every passage".into(),
            ));
        }
        if let Some(word) = fuzzy_word(query) {
            return Err(Error::Query(format!(
                "cannot parse query {query:?}: `~` after a single word ({word}) is not \
                 supported (there is no fuzzy search; stemming already finds other forms); \
                 after a phrase it allows words in between: \"looptijd deal\"~3"
            )));
        }
        let mut query_text = complete_dates(&rewrite_not(&rewrite_aliases(query)));
        let user_query = match parser.parse_query(&query_text) {
            // Only exclusions ("NOT borging"): among all passages.
            Err(tantivy::query::QueryParserError::AllButQueryForbidden) => {
                query_text = format!("* {query_text}");
                parser.parse_query(&query_text)
            }
            other => other,
        }
        .map_err(|e| Error::Query(describe_query_error(query, &e)))?;
        let plan = self.highlight_plan(&*user_query, &query_text, matching, default_field);

        // Session documents hold report data; search is over passages.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, user_query),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, schema::KIND_PASSAGE),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        for q in self.filter_queries(&parser, filters)? {
            clauses.push((Occur::Must, q));
        }
        Ok(PreparedQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            plan,
            matching,
        })
    }

    fn filter_queries(&self, parser: &QueryParser, f: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(Error::Query(format!(
                    "the date range is the wrong way round: --from {from} is after --to {to}"
                )));
            }
        }
        if f.from.is_some() || f.to.is_some() {
            let bound = |d: Option<Date>| match d {
                Some(d) => Bound::Included(DateTime::from_utc(d.midnight().assume_utc())),
                None => Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new_date_bounds(
                schema::DATE.to_string(),
                bound(f.from),
                bound(f.to),
            )));
        }
        if f.questions_only {
            out.push(Box::new(RangeQuery::new_u64_bounds(
                schema::QUESTIONS.to_string(),
                Bound::Included(1),
                Bound::Unbounded,
            )));
        }
        // Name fields: each value is a phrase over the field's words; several
        // values of one flag are alternatives.
        for (field, values) in [
            (schema::PERSON, &f.person),
            (schema::SPEAKER, &f.speaker),
            (schema::PARTY, &f.party),
            (schema::ORGANISATION, &f.organisation),
            (schema::DEAL, &f.deal),
            (schema::THEME, &f.theme),
        ] {
            if values.is_empty() {
                continue;
            }
            let alternatives = values
                .iter()
                .map(|v| format!("{field}:\"{}\"", v.replace('"', " ")))
                .collect::<Vec<_>>()
                .join(" OR ");
            let q = parser
                .parse_query(&alternatives)
                .map_err(|e| Error::Query(describe_query_error(&alternatives, &e)))?;
            out.push(q);
        }
        if !f.series.is_empty() {
            let alternatives: Vec<(Occur, Box<dyn Query>)> = f
                .series
                .iter()
                .map(|s| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.series, s),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            out.push(Box::new(BooleanQuery::new(alternatives)));
        }
        Ok(out)
    }

    /// The loose terms of the query on the highlighted field, and its
    /// phrases, analysed like the query was.
    fn highlight_plan(
        &self,
        query: &dyn Query,
        query_text: &str,
        matching: Matching,
        field: tantivy::schema::Field,
    ) -> Plan {
        let mode = match matching {
            Matching::Stemmed => Mode::Stemmed,
            Matching::Exact => Mode::Exact,
        };
        let mut phrases = Vec::new();
        let mut phrase_terms = std::collections::HashSet::new();
        for (text, slop) in highlight::phrases_in_query(query_text, &[schema::TEXT, schema::EXACT])
        {
            let mut tokenizer = analyzer::DutchTokenizer::new(mode);
            let mut stream = tokenizer.token_stream(&text);
            let mut terms = Vec::new();
            while stream.advance() {
                let t = stream.token();
                terms.push((t.position, t.text.clone()));
            }
            let Some(&(first, _)) = terms.first() else {
                continue;
            };
            for (p, t) in &mut terms {
                *p -= first;
                phrase_terms.insert(t.clone());
            }
            if terms.len() > 1 {
                phrases.push(highlight::Phrase { terms, slop });
            }
        }
        let mut terms = std::collections::HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                if let Some(t) = term.value().as_str() {
                    terms.insert(t.to_string());
                }
            }
        });
        // Words that occur only inside a phrase are marked only where the
        // phrase matches; single-word "phrases" stay loose terms.
        let multi_word: std::collections::HashSet<&String> = phrases
            .iter()
            .flat_map(|p| p.terms.iter().map(|(_, t)| t))
            .collect();
        terms.retain(|t| !multi_word.contains(t));
        Plan { terms, phrases }
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let prepared = self.prepare(&request.query, request.matching, &request.filters)?;
        let searcher = self.searcher();
        let want = request.offset + request.limit;
        let (total, addresses) = match request.sort {
            SortOrder::Relevance => {
                // Fetch a little more than asked so that ties at the cut are
                // broken by (session, passage) rather than by segment order,
                // which depends on the thread count.
                let (total, top) = searcher.search(
                    &*prepared.query,
                    &(Count, TopDocs::with_limit((want + 16).max(1))),
                )?;
                (total, top)
            }
            SortOrder::Newest | SortOrder::Oldest => {
                let all = searcher.search(&*prepared.query, &DocSetCollector)?;
                let total = all.len();
                (total, self.by_date(&searcher, all, request.sort, want)?)
            }
        };

        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &prepared, request.snippet_chars));
        }
        match request.sort {
            SortOrder::Relevance => hits.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.session.cmp(&b.session))
                    .then_with(|| a.passage.cmp(&b.passage))
            }),
            SortOrder::Newest | SortOrder::Oldest => hits.sort_by(|a, b| {
                date_order(request.sort, &a.date, &b.date)
                    .then_with(|| a.session.cmp(&b.session))
                    .then_with(|| a.passage.cmp(&b.passage))
            }),
        }
        let results = hits
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .collect();
        let facets = if request.facets {
            Some(self.facets(&searcher, &*prepared.query)?)
        } else {
            None
        };
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            results,
            facets,
        })
    }

    /// The first `want` matches by date, plus every match sharing the date
    /// at the cut, so the final sort by (date, session, passage) is the
    /// same at any segment layout. Scores are 0.
    fn by_date(
        &self,
        searcher: &Searcher,
        all: std::collections::HashSet<DocAddress>,
        sort: SortOrder,
        want: usize,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let mut dated: Vec<(Option<i64>, DocAddress)> = Vec::with_capacity(all.len());
        let mut columns = BTreeMap::new();
        for address in all {
            let column = match columns.entry(address.segment_ord) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .date(schema::DATE)?,
                ),
            };
            let date = column
                .first(address.doc_id)
                .map(|d: DateTime| d.into_timestamp_secs());
            dated.push((date, address));
        }
        dated.sort_by(|a, b| {
            let order = match (a.0, b.0) {
                (Some(x), Some(y)) if sort == SortOrder::Newest => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            order.then_with(|| a.1.cmp(&b.1))
        });
        let Some(&(cut_date, _)) = want.checked_sub(1).and_then(|i| dated.get(i)) else {
            return Ok(dated.into_iter().map(|(_, a)| (0.0, a)).collect());
        };
        // Everything dated before the cut is in; of the matches that share
        // the cut's date, the first by (session, passage) fill the rest, so
        // the page is the same at any segment layout. Their keys come from
        // fast fields: no stored document is read for the ties.
        let first_tie = dated.iter().position(|d| d.0 == cut_date).unwrap_or(0);
        let ties_end = first_tie
            + dated[first_tie..]
                .iter()
                .take_while(|d| d.0 == cut_date)
                .count();
        let mut ties = Vec::with_capacity(ties_end - first_tie);
        for &(_, address) in &dated[first_tie..ties_end] {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let mut session = String::new();
            if let Some(column) = fast.str(schema::SESSION)? {
                if let Some(ord) = column.term_ords(address.doc_id).next() {
                    column
                        .ord_to_str(ord, &mut session)
                        .map_err(|e| Error::io(&self.path, e))?;
                }
            }
            let passage = fast.u64(schema::PASSAGE)?.first(address.doc_id);
            ties.push((session, passage, address));
        }
        ties.sort();
        ties.truncate(want - first_tie);
        Ok(dated[..first_tie]
            .iter()
            .map(|&(_, a)| (0.0, a))
            .chain(ties.into_iter().map(|(_, _, a)| (0.0, a)))
            .collect())
    }

    /// Counts of the matching passages per facet value.
    fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<BTreeMap<String, Vec<FacetCount>>> {
        let mut request = serde_json::Map::new();
        for (name, field) in FACETS {
            request.insert(
                (*name).to_string(),
                serde_json::json!({ "terms": { "field": field, "size": FACET_SIZE } }),
            );
        }
        let aggregations: Aggregations = serde_json::from_value(serde_json::Value::Object(request))
            .map_err(|e| Error::Query(format!("facet request: {e}")))?;
        let collector = AggregationCollector::from_aggs(aggregations, AggregationLimits::default());
        let result: AggregationResults = searcher.search(query, &collector)?;
        let json =
            serde_json::to_value(&result).map_err(|e| Error::Query(format!("facets: {e}")))?;
        let mut out = BTreeMap::new();
        for (name, _) in FACETS {
            let mut counts: Vec<FacetCount> = json
                .get(*name)
                .and_then(|f| f.get("buckets"))
                .and_then(|b| b.as_array())
                .map(|buckets| {
                    buckets
                        .iter()
                        .filter_map(|b| {
                            let value = match b.get("key")? {
                                serde_json::Value::String(s) => s.clone(),
                                serde_json::Value::Number(n) => {
                                    n.as_f64().map(|f| format!("{f:.0}"))?
                                }
                                _ => return None,
                            };
                            Some(FacetCount {
                                value,
                                count: b.get("doc_count")?.as_u64()?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            out.insert((*name).to_string(), counts);
        }
        Ok(out)
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

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        prepared: &PreparedQuery,
        snippet_chars: usize,
    ) -> SearchHit {
        let f = &self.fields;
        let text = first_str(doc, f.text);
        let mode = match prepared.matching {
            Matching::Stemmed => Mode::Stemmed,
            Matching::Exact => Mode::Exact,
        };
        let marks = highlight::spans(&text, &prepared.plan, mode);
        let fragment = highlight::best_fragment(&text, &marks, snippet_chars);
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
            snippet: highlight::to_html(&fragment),
            speaker: optional_str(doc, f.speaker),
            party: optional_str(doc, f.party),
            item: optional_str(doc, f.agenda_item),
            themes: all_str(doc, f.theme),
            entities: entity_refs(doc, f),
            questions: doc
                .get_first(f.questions)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            fragment: fragment.text,
            highlights: fragment.marks,
            text,
        }
    }
}

/// A passage as stored, for walking the archive (`kwic`, `export`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPassage {
    pub number: u64,
    pub text: String,
    pub speaker: Option<String>,
    pub party: Option<String>,
    pub role: Option<String>,
    pub item: Option<String>,
    pub themes: Vec<String>,
    pub entities: Vec<EntityRef>,
    pub questions: u64,
}

/// One session's matching passages (in order) and its stored analysis.
#[derive(Debug, Clone)]
pub struct SessionPassages {
    pub record: crate::model::SessionRecord,
    pub passages: Vec<StoredPassage>,
}

impl IndexView {
    /// Calls `f` for every session with at least one passage matching
    /// `prepared`, in (date, id) order (undated last), passages by number.
    /// One session is in memory at a time, so this streams any archive.
    /// `f` returns `false` to stop early.
    pub fn walk(
        &self,
        prepared: &PreparedQuery,
        mut f: impl FnMut(SessionPassages) -> Result<bool>,
    ) -> Result<()> {
        let searcher = self.searcher();
        let sessions_query = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_SESSION),
            IndexRecordOption::Basic,
        );
        // (date, id, address of the session document), from fast fields:
        // no stored document is read to order the sessions.
        let mut sessions: Vec<(Option<i64>, String, DocAddress)> = Vec::new();
        for address in searcher.search(&sessions_query, &DocSetCollector)? {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let date = fast
                .date(schema::DATE)?
                .first(address.doc_id)
                .map(|d: DateTime| d.into_timestamp_secs());
            let mut id = String::new();
            if let Some(column) = fast.str(schema::SESSION)? {
                if let Some(ord) = column.term_ords(address.doc_id).next() {
                    column
                        .ord_to_str(ord, &mut id)
                        .map_err(|e| Error::io(&self.path, e))?;
                }
            }
            sessions.push((date, id, address));
        }
        sessions.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
        for (_, id, address) in sessions {
            let in_session = TermQuery::new(
                Term::from_field_text(self.fields.session, &id),
                IndexRecordOption::Basic,
            );
            let query = BooleanQuery::new(vec![
                (Occur::Must, prepared.query.box_clone()),
                (Occur::Must, Box::new(in_session)),
            ]);
            let found = searcher.search(&query, &DocSetCollector)?;
            if found.is_empty() {
                continue;
            }
            let mut passages = Vec::with_capacity(found.len());
            for a in found {
                let doc: TantivyDocument = searcher.doc(a)?;
                passages.push(self.stored_passage(&doc));
            }
            passages.sort_by_key(|p| p.number);
            let doc: TantivyDocument = searcher.doc(address)?;
            let record =
                serde_json::from_str(&first_str(&doc, self.fields.analysis)).map_err(|e| {
                    Error::Index {
                        path: self.path.clone(),
                        reason: format!(
                            "unreadable session record ({e}); rebuild with `notulen run`"
                        ),
                    }
                })?;
            if !f(SessionPassages { record, passages })? {
                break;
            }
        }
        Ok(())
    }

    /// Passages per (group, year, theme), where the group is a passage's
    /// party or speaker (`field`: [`schema::PARTY`] or [`schema::SPEAKER`]),
    /// for sessions dated `from..=to`. Counted by the index (fast fields).
    pub fn theme_counts_by(
        &self,
        field: &str,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<crate::report::by_group::GroupThemeCount>> {
        let filters = Filters {
            from,
            to,
            ..Filters::default()
        };
        let prepared = self.prepare("*", Matching::Stemmed, &filters)?;
        let request = serde_json::json!({
            "group": {
                "terms": { "field": field, "size": 10_000 },
                "aggs": {
                    "year": {
                        "terms": { "field": schema::YEAR, "size": 1_000 },
                        "aggs": { "theme": { "terms": { "field": schema::THEME, "size": 1_000 } } }
                    }
                }
            }
        });
        let aggregations: Aggregations = serde_json::from_value(request)
            .map_err(|e| Error::Query(format!("aggregation request: {e}")))?;
        let collector = AggregationCollector::from_aggs(aggregations, AggregationLimits::default());
        let result: AggregationResults = self.searcher().search(&*prepared.query, &collector)?;
        let json =
            serde_json::to_value(&result).map_err(|e| Error::Query(format!("aggregation: {e}")))?;
        let buckets = |v: &serde_json::Value, name: &str| -> Vec<serde_json::Value> {
            v.get(name)
                .and_then(|a| a.get("buckets"))
                .and_then(|b| b.as_array())
                .cloned()
                .unwrap_or_default()
        };
        let key = |b: &serde_json::Value| match b.get("key") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => format!("{:.0}", n.as_f64().unwrap_or(0.0)),
            _ => String::new(),
        };
        let mut out = Vec::new();
        for g in buckets(&json, "group") {
            for y in buckets(&g, "year") {
                let year = key(&y).parse().ok();
                for t in buckets(&y, "theme") {
                    out.push(crate::report::by_group::GroupThemeCount {
                        group: key(&g),
                        year,
                        theme: key(&t),
                        passages: t.get("doc_count").and_then(|c| c.as_u64()).unwrap_or(0),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Every passage of one session, in order.
    pub fn session_passages(&self, session: &str) -> Result<Vec<StoredPassage>> {
        let searcher = self.searcher();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.session, session),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, schema::KIND_PASSAGE),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let mut passages = Vec::new();
        for a in searcher.search(&query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(a)?;
            passages.push(self.stored_passage(&doc));
        }
        passages.sort_by_key(|p| p.number);
        Ok(passages)
    }

    fn stored_passage(&self, doc: &TantivyDocument) -> StoredPassage {
        let f = &self.fields;
        StoredPassage {
            number: doc
                .get_first(f.passage)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            text: first_str(doc, f.text),
            speaker: optional_str(doc, f.speaker),
            party: optional_str(doc, f.party),
            role: optional_str(doc, f.role),
            item: optional_str(doc, f.agenda_item),
            themes: all_str(doc, f.theme),
            entities: entity_refs(doc, f),
            questions: doc
                .get_first(f.questions)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
        }
    }
}

fn all_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

fn entity_refs(doc: &TantivyDocument, f: &Fields) -> Vec<EntityRef> {
    let mut entities = Vec::new();
    for kind in EntityKind::ALL {
        if let Some(field) = f.for_entity(kind) {
            for v in doc.get_all(field).filter_map(|v| v.as_str()) {
                entities.push(EntityRef {
                    kind,
                    canonical: v.to_string(),
                });
            }
        }
    }
    entities
}

/// Date order for [`SortOrder::Newest`]/[`SortOrder::Oldest`]; undated last.
fn date_order(sort: SortOrder, a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) if sort == SortOrder::Newest => y.cmp(x),
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
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

/// What is wrong with a query Tantivy's grammar rejected, in the user's terms.
fn syntax_hint(query: &str) -> String {
    let quotes = query.matches('"').count();
    let mut depth = 0i32;
    let mut unbalanced = false;
    for c in query.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                unbalanced |= depth < 0;
            }
            _ => {}
        }
    }
    let what = if quotes % 2 == 1 {
        "a quotation mark is not closed"
    } else if unbalanced || depth != 0 {
        "the parentheses do not match"
    } else {
        "the query language does not allow this"
    };
    format!(
        "{what}; queries are words, \"phrases\", field:value, AND, OR, NOT and \
         ( ), e.g. persoon:irene AND (borging OR continuïteit)"
    )
}

/// A word directly followed by `~N` outside quotes (`borging~1`): Tantivy
/// would search for the word and the number as a phrase and find nothing.
fn fuzzy_word(query: &str) -> Option<&str> {
    let mut in_quotes = false;
    let mut word_start = 0;
    for (i, c) in query.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '~' if !in_quotes && i > word_start => {
                let word = &query[word_start..i];
                if !word.ends_with('"') {
                    return Some(word);
                }
            }
            c if c.is_whitespace() || c == '(' => word_start = i + c.len_utf8(),
            _ => {}
        }
    }
    None
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
                schema::YEAR,
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
        E::SyntaxError(_) => syntax_hint(query),
        E::ExpectedInt(_) | E::ExpectedFloat(_) => format!(
            "{} and {} take a whole number, e.g. {}:2021 or {}:[1 TO 5]",
            schema::YEAR,
            schema::QUESTIONS,
            schema::YEAR,
            schema::QUESTIONS
        ),
        E::DateFormatError(_) => {
            "dates in queries are ISO dates, e.g. datum:[2021-01-01 TO 2021-06-30]".to_string()
        }
        other => other.to_string(),
    };
    format!("cannot parse query {query:?}: {hint}")
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_tilde_after_a_word_is_found_but_not_after_a_phrase() {
        assert_eq!(fuzzy_word("borging~1"), Some("borging"));
        assert_eq!(fuzzy_word("data (borgng~2 OR x)"), Some("borgng"));
        assert_eq!(fuzzy_word("\"looptijd deal\"~3"), None);
        assert_eq!(fuzzy_word("\"a~1 in quotes\" b"), None);
        assert_eq!(fuzzy_word("~ los"), None);
    }

    #[test]
    fn syntax_hints_name_the_mistake() {
        assert!(syntax_hint("\"borging").starts_with("a quotation mark is not closed"));
        assert!(syntax_hint("(a OR b").starts_with("the parentheses do not match"));
        assert!(syntax_hint("a) OR (b").starts_with("the parentheses do not match"));
        assert!(syntax_hint("a AND AND").starts_with("the query language"));
    }
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
