//! What each fuzz target does with its input, in one place so that the
//! regression test in the main crate (`tests/fuzz_regressions.rs`, which
//! includes this file by path) replays saved inputs through exactly the
//! code the fuzzer ran.
//!
//! Every function here accepts any bytes. A reader may refuse an input, but
//! only with an error that names the file and gives a reason; anything else
//! (a panic, an overflow, a slice off a char boundary, a broken invariant
//! of the [`Session`] a reader hands on) is a finding.

use notulen::corpus::{self, SourceFile};
use notulen::model::{GivenTurn, Session, SessionMeta, SourceFormat};
use notulen::pipeline::{self, Analysers};
use notulen::{commitments, questions, text, turns};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The fuzz targets, by the names `cargo fuzz run` and the regression
/// folders use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    ReadText,
    ReadMarkdown,
    ReadHtml,
    ReadDocx,
    ReadPdf,
    ReadParlamintTei,
    ReadParlamintText,
    TextAnalysis,
    AnalyseSession,
}

impl Target {
    pub const ALL: [Target; 9] = [
        Target::ReadText,
        Target::ReadMarkdown,
        Target::ReadHtml,
        Target::ReadDocx,
        Target::ReadPdf,
        Target::ReadParlamintTei,
        Target::ReadParlamintText,
        Target::TextAnalysis,
        Target::AnalyseSession,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::ReadText => "read_text",
            Target::ReadMarkdown => "read_markdown",
            Target::ReadHtml => "read_html",
            Target::ReadDocx => "read_docx",
            Target::ReadPdf => "read_pdf",
            Target::ReadParlamintTei => "read_parlamint_tei",
            Target::ReadParlamintText => "read_parlamint_text",
            Target::TextAnalysis => "text_analysis",
            Target::AnalyseSession => "analyse_session",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs one input. `Err` is the reader's refusal (already checked to
    /// name the file); the analysis targets always return `Ok`.
    pub fn run(self, data: &[u8]) -> Result<(), String> {
        match self {
            Target::ReadText => read(SourceFormat::Text, "fuzz.txt", data),
            Target::ReadMarkdown => read(SourceFormat::Markdown, "fuzz.md", data),
            Target::ReadHtml => read(SourceFormat::Html, "fuzz.html", data),
            Target::ReadDocx => read(SourceFormat::Docx, "fuzz.docx", data),
            Target::ReadPdf => read(SourceFormat::Pdf, "fuzz.pdf", data),
            Target::ReadParlamintTei => read(SourceFormat::ParlamintTei, "fuzz.xml", data),
            Target::ReadParlamintText => read_parlamint_text(data),
            Target::TextAnalysis => {
                text_analysis(&String::from_utf8_lossy(data));
                Ok(())
            }
            Target::AnalyseSession => {
                analyse_session(data);
                Ok(())
            }
        }
    }
}

fn source(format: SourceFormat, name: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("fuzz/{name}")),
        id: name.to_string(),
        series: String::new(),
        format,
    }
}

fn read(format: SourceFormat, name: &str, data: &[u8]) -> Result<(), String> {
    let file = source(format, name);
    finish_read(&file, corpus::parse(&file, data))
}

/// The text and its `-meta.tsv` come as one input: split at the first
/// 0xFF byte (never part of UTF-8, so a seed can mark the cut), else in
/// half.
fn read_parlamint_text(data: &[u8]) -> Result<(), String> {
    let (text, meta) = match data.iter().position(|&b| b == 0xFF) {
        Some(cut) => (&data[..cut], &data[cut + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let file = source(SourceFormat::ParlamintText, "fuzz.txt");
    finish_read(&file, corpus::parse_parlamint_text(&file, text, meta))
}

/// Checks what a reader returned: an error names the file and says why;
/// a session keeps the promises the pipeline relies on.
fn finish_read(file: &SourceFile, result: notulen::Result<Session>) -> Result<(), String> {
    let session = match result {
        Ok(session) => session,
        Err(e) => {
            let message = e.to_string();
            let path = file.path.display().to_string();
            let reason = message.strip_prefix(&format!("{path}: "));
            assert!(
                reason.is_some_and(|r| !r.trim().is_empty()),
                "error without path or reason: {message:?}"
            );
            return Err(message);
        }
    };
    assert!(!session.text.is_empty(), "a session with no text");
    assert_eq!(session.meta.id, file.id);
    // Given turns are looked up with `partition_point` and their offsets
    // slice the text, so they must be sorted and on char boundaries.
    for pair in session.turns.windows(2) {
        assert!(pair[0].start <= pair[1].start, "turns out of order");
    }
    for turn in &session.turns {
        assert!(
            session.text.is_char_boundary(turn.start),
            "turn start {} is not a char boundary of the text",
            turn.start
        );
    }
    // What a reader gives is what the run analyses next.
    if matches!(
        file.format,
        SourceFormat::ParlamintTei | SourceFormat::ParlamintText
    ) {
        analyse(session);
    }
    Ok(())
}

/// The pure language functions on any text, with the span invariants
/// their callers slice by.
pub fn text_analysis(input: &str) {
    for paragraph in text::paragraphs(input) {
        let para = &input[paragraph];
        for s in text::sentences(para) {
            assert!(s.start < s.end, "empty sentence span {s:?}");
            let _ = &para[s];
        }
        let _ = turns::speaker_label(para);
        let _ = turns::attendees(para);
        let _ = turns::is_agenda_heading(para);
        for q in questions::detect(para) {
            let _ = format!("{q:?}");
        }
        for c in commitments::detect(para) {
            let _ = format!("{c:?}");
        }
    }
    let mut previous_end = 0;
    for t in text::tokens(input) {
        assert!(t.start >= previous_end, "tokens overlap or go back");
        previous_end = t.end;
        let word = t.text(input);
        let folded = text::fold(word);
        let _ = text::is_stopword(&folded);
    }
    let _ = text::word_count(input);
    let _ = text::dates::find_dates(input, Some(2021));
    let analyzer = text::Analyzer::new();
    let mut plain = Vec::new();
    analyzer.for_each_term(input, true, |t, term| plain.push((t, term.to_owned())));
    let mut cache = text::StemCache::new();
    let mut cached = Vec::new();
    analyzer.for_each_term_cached(input, true, &mut cache, |t, term| {
        cached.push((t, term.to_owned()))
    });
    assert_eq!(plain, cached, "the stem cache changes terms");
}

/// A session straight from any UTF-8 text. The first byte chooses whether
/// the source also "gives" speaker turns (as ParlaMint does), one per
/// paragraph, so both turn paths of the analysis run.
pub fn analyse_session(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let turns = if mode & 1 == 1 {
        text::paragraphs(body)
            .into_iter()
            .map(|p| GivenTurn {
                start: p.start,
                speaker: body[p].split_whitespace().next().map(str::to_string),
                party: None,
                role: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    analyse(Session {
        meta: SessionMeta {
            id: "fuzz".to_string(),
            path: "fuzz.txt".to_string(),
            title: String::new(),
            date: None,
            date_source: notulen::model::DateSource::Unknown,
            series: String::new(),
            format: SourceFormat::Text,
        },
        text: body.to_string(),
        warnings: Vec::new(),
        turns,
    });
}

fn analyse(session: Session) {
    // Building the lexicon and loading the tagger model take far longer
    // than one input; do it once per process.
    static ANALYSERS: OnceLock<Analysers> = OnceLock::new();
    let analysers = ANALYSERS.get_or_init(Analysers::default_nl);
    let mut workspace = analysers.workspace();
    let analysed = pipeline::analyse(session, analysers, &mut workspace);
    for passage in &analysed.passages {
        assert!(passage.span.start <= passage.span.end);
    }
}
