//! Reports rendered from hand-built session records: golden files for the
//! terminal tables, and the HTML pages checked as text and — when a
//! Chromium is installed — as a browser renders them (DOM and screenshot).
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test
//! report_html` and review the diff.

use notulen::index::AnalyserInfo;
use notulen::model::{AnswerRecord, QuestionKindRecord, QuestionRecord, SessionRecord, TermCount};
use notulen::questions::DEFAULT_GROUP_THRESHOLD;
use notulen::report::{self, Format, Period, Provenance};
use notulen::themes::Lexicon;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

const THEMES: [&str; 5] = [
    "borging en continuïteit",
    "samenwerking met het Rijk",
    "data en digitalisering",
    "financiering",
    "kennis en leren",
];

fn question(
    passage: u32,
    text: &str,
    asker: Option<&str>,
    answer: Option<(&str, Option<&str>, bool)>,
) -> QuestionRecord {
    QuestionRecord {
        passage,
        text: text.to_string(),
        kind: if text.ends_with('?') {
            QuestionKindRecord::Direct
        } else {
            QuestionKindRecord::Indirect
        },
        asker: asker.map(str::to_string),
        addressee: None,
        answer: answer.map(|(text, speaker, commitment)| AnswerRecord {
            text: text.to_string(),
            speaker: speaker.map(str::to_string),
            passage: passage + 1,
            commitment,
        }),
    }
}

fn terms(items: &[(&str, &str, u32)]) -> Vec<TermCount> {
    items
        .iter()
        .map(|&(term, display, count)| TermCount {
            term: term.to_string(),
            display: display.to_string(),
            count,
        })
        .collect()
}

struct Fixture<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    words: u64,
    themes: &'a [(&'a str, u32)],
    questions: Vec<QuestionRecord>,
    terms: &'a [(&'a str, &'a str, u32)],
}

fn record(f: Fixture) -> SessionRecord {
    let terms = terms(f.terms);
    SessionRecord {
        id: f.id.to_string(),
        title: f.title.to_string(),
        date: f.date.map(str::to_string),
        series: "cop-themasessies".to_string(),
        path: format!("archief/{}.md", f.id),
        words: f.words,
        passages: 12,
        themes: f.themes.iter().map(|&(t, n)| (t.to_string(), n)).collect(),
        questions: f.questions,
        term_words: f.words / 2,
        term_phrases: f.words / 5,
        terms,
        entities: Vec::new(),
        commitments: Vec::new(),
    }
}

/// Four sessions over two years, one without a date, with hostile text in
/// titles, ids, names and questions.
fn sessions() -> Vec<SessionRecord> {
    vec![
        record(Fixture {
            id: "cop-themasessies/2021-03-09-koffieleut",
            title: &format!("Koffieleut {SCRIPT}"),
            date: Some("2021-03-09"),
            words: 2400,
            themes: &[
                ("borging en continuïteit", 9),
                ("data en digitalisering", 2),
                ("kennis en leren", 4),
            ],
            questions: vec![
                question(
                    3,
                    "hoe borgen we de resultaten na de looptijd",
                    Some("Henk Jan"),
                    Some((
                        "Irene belooft het voor de zomer uit te zoeken.",
                        Some("Irene"),
                        true,
                    )),
                ),
                question(5, &format!("wie betaalt {SCRIPT}?"), None, None),
            ],
            terms: &[
                ("looptijd", "looptijd", 6),
                ("borging", "borging", 5),
                ("zijwiel", "zijwieltjes", 3),
                ("dat", "data", 2),
            ],
        }),
        record(Fixture {
            id: "cop-themasessies/2021-06-15-<b>x</b>",
            title: IMG,
            date: Some("2021-06-15"),
            words: 1800,
            themes: &[
                ("samenwerking met het Rijk", 5),
                ("data en digitalisering", 7),
                ("financiering", 1),
            ],
            questions: vec![
                question(
                    2,
                    "hoe borg je de resultaten als de deal stopt",
                    Some(IMG),
                    None,
                ),
                question(
                    7,
                    "van wie zijn de data",
                    Some("Frank Reniers"),
                    Some(("Volgens Bas zijn ze van de gemeente.", Some("Bas"), false)),
                ),
            ],
            terms: &[
                ("ministerie", "ministerie", 4),
                ("dat", "data", 7),
                ("den haag", "Den Haag", 3),
            ],
        }),
        record(Fixture {
            id: "rondetafel/2022-01-20-data",
            title: "Ronde tafel data & privacy, \"open\" gesprek",
            date: Some("2022-01-20"),
            words: 3100,
            themes: &[
                ("data en digitalisering", 14),
                ("financiering", 3),
                ("kennis en leren", 1),
            ],
            questions: vec![
                question(
                    4,
                    "wie is eigenaar van de data?",
                    Some("Regien van Adrichem"),
                    None,
                ),
                question(
                    9,
                    "hoe zorgen we voor borging van de resultaten na de looptijd",
                    Some("Irene"),
                    Some((
                        "Marc legt uit dat er een nazorgplan komt.",
                        Some("Marc"),
                        false,
                    )),
                ),
            ],
            terms: &[
                ("privacy", "privacy", 8),
                ("dat", "data", 12),
                ("eigenar", "eigenaar", 3),
            ],
        }),
        record(Fixture {
            id: "losse-notities",
            title: "Losse notities",
            date: None,
            words: 600,
            themes: &[("financiering", 2)],
            questions: vec![question(1, "wanneer komt de subsidie", None, None)],
            terms: &[("subsidie", "subsidie", 3)],
        }),
    ]
}

fn provenance() -> Provenance {
    Provenance {
        tool_version: "0.1.0".to_string(),
        analyser: AnalyserInfo {
            stemmer: "snowball-dutch".to_string(),
            stopwords: "snowball-dutch".to_string(),
            tokenizer: "notulen-nl v1".to_string(),
            model: "m".into(),
        },
        lexicon_hash: "0123456789abcdef".to_string(),
        corpus_hash: "c0ffee".to_string(),
        index_path: "/tmp/notulen-index".to_string(),
        generated: "2024-05-01T12:00:00Z".to_string(),
        from: None,
        to: Some("2022-12-31".to_string()),
    }
}

fn theme_report() -> report::ThemeReport {
    report::themes::build(&sessions(), &THEMES, Period::Quarter, 5)
}

fn question_report() -> report::QuestionReport {
    report::questions::build(&sessions(), &Lexicon::default_nl(), DEFAULT_GROUP_THRESHOLD)
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output (first at line {}); rerun with UPDATE_GOLDEN=1 and review \
             the diff.\n--- output ---\n{actual}",
            path.display(),
            first + 1
        );
    }
}

#[test]
fn themes_table_matches_golden() {
    golden(
        "report-themes.txt",
        &report::render_themes(&theme_report(), &provenance(), Format::Table),
    );
}

#[test]
fn questions_table_matches_golden() {
    golden(
        "report-questions.txt",
        &report::render_questions(&question_report(), &provenance(), Format::Table),
    );
}

#[test]
fn fixture_questions_recur() {
    // The HTML checks below assume a non-empty timeline.
    let r = question_report();
    assert!(!r.groups.is_empty(), "{:#?}", r.groups);
    assert!(r.groups.iter().all(|g| g.sessions.len() >= 2));
}

/// Asserts that hostile input only appears escaped.
fn assert_escaped(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a <script> in the page");
    assert!(!lower.contains("<img"), "an <img> in the page");
    assert!(!lower.contains("onerror=alert(1)>"), "unescaped attribute");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // Self-contained: nothing is fetched.
    for needle in ["http://", "https://", "@import", "url(http", "src="] {
        let outside_svg_ns = lower.replace("http://www.w3.org/2000/svg", "");
        let outside_text = outside_svg_ns.replace("src=x", "");
        assert!(!outside_text.contains(needle), "page refers to {needle:?}");
    }
}

#[test]
fn html_pages_escape_hostile_minutes() {
    let p = provenance();
    let themes = report::render_themes(&theme_report(), &p, Format::Html);
    let questions = report::render_questions(&question_report(), &p, Format::Html);
    for html in [&themes, &questions] {
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_escaped(html);
        assert!(html.contains("2024-05-01T12:00:00Z"), "provenance footer");
    }
    assert_eq!(
        themes.matches("<rect class=\"cell\"").count(),
        sessions().len() * THEMES.len()
    );
}

// ---------------------------------------------------------------------------
// In a real browser
// ---------------------------------------------------------------------------

/// Chromium, if installed: `/usr/bin/chromium`, else `chromium` or
/// `chromium-browser` on `PATH`.
fn chromium() -> Option<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs headless Chromium with `args` on `page`, stdout to `stdout_file`;
/// kills it after [`BROWSER_TIMEOUT`].
fn run_chromium(browser: &Path, profile: &Path, page: &Path, args: &[&str], stdout_file: &Path) {
    let out = std::fs::File::create(stdout_file).expect("create stdout file");
    let err = std::fs::File::create(stdout_file.with_extension("stderr")).expect("stderr file");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(out)
    .stderr(err);
    let mut child = cmd.spawn().expect("start chromium");
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => {
                assert!(
                    status.success(),
                    "{cmd:?} failed ({status}); stderr:\n{}",
                    std::fs::read_to_string(stdout_file.with_extension("stderr"))
                        .unwrap_or_default()
                );
                return;
            }
            None if start.elapsed() > BROWSER_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{cmd:?} did not finish within {BROWSER_TIMEOUT:?}");
            }
            // Polling a child process: there is no portable blocking wait
            // with a timeout in std.
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

#[test]
fn html_pages_render_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("chromium not found; skipping the browser check");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let p = provenance();
    let themes = theme_report();
    let questions = question_report();
    let pages = [
        ("themes", report::render_themes(&themes, &p, Format::Html)),
        (
            "questions",
            report::render_questions(&questions, &p, Format::Html),
        ),
    ];
    for (name, html) in &pages {
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, html).expect("write page");
        let profile = dir.path().join(format!("profile-{name}"));

        let dom_file = dir.path().join(format!("{name}.dom"));
        run_chromium(&browser, &profile, &page, &["--dump-dom"], &dom_file);
        let dom = std::fs::read_to_string(&dom_file).expect("read DOM");
        assert!(dom.contains("<svg"), "{name}: no SVG in the DOM");
        let lower = dom.to_lowercase();
        assert!(!lower.contains("<script"), "{name}: a script element");
        assert!(!lower.contains("<img"), "{name}: an img element");
        assert!(
            dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{name}"
        );
        if *name == "themes" {
            assert_eq!(
                dom.matches("<rect class=\"cell\"").count(),
                themes.sessions.len() * themes.themes.len(),
                "{name}: heat map cells"
            );
            assert!(dom.matches("<rect class=\"bar\"").count() > 0);
        } else {
            let dated: usize = questions
                .groups
                .iter()
                .flat_map(|g| &g.questions)
                .filter(|&&i| questions.questions[i].date.is_some())
                .count();
            assert_eq!(dom.matches("<circle class=\"dot\"").count(), dated);
        }

        let png = dir.path().join(format!("{name}.png"));
        run_chromium(
            &browser,
            &profile,
            &page,
            &[
                &format!("--screenshot={}", png.display()),
                "--window-size=1400,1000",
            ],
            &dir.path().join(format!("{name}.shot")),
        );
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 1000);
        if let Some(keep) = std::env::var_os("NOTULEN_KEEP_SCREENSHOTS") {
            let keep = Path::new(&keep);
            std::fs::create_dir_all(keep).expect("screenshot dir");
            std::fs::copy(&png, keep.join(format!("{name}.png"))).expect("copy screenshot");
            std::fs::write(keep.join(format!("{name}.html")), html).expect("copy page");
        }
    }
}
