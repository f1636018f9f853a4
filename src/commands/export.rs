//! `notulen export`: passages, questions or entity mentions as CSV or JSON
//! lines, or a REFI-QDA project, written whole or not at all.

use super::outfile::{write_whole, OutputFile};
use super::output::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{self, rows, ExportInfo, GroupLookup, Row};
use crate::index::{IndexView, Matching, Store};
use anyhow::Context as _;
use serde::Serialize;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub fn execute(args: ExportArgs) -> anyhow::Result<Outcome> {
    let filters = super::filters::from_args(&args.filters)?;
    // Opened first, so a refused or unwritable output fails before any work.
    let mut output = OutputFile::create(&args.out, args.force)?;
    if args.format == ExportFormat::Qdpx && !output.is_file() {
        anyhow::bail!(
            "cannot write a REFI-QDA project to {}: it is a zip archive and needs a file",
            args.out.display()
        );
    }
    let sidecar = provenance_path(&args.out).filter(|_| output.is_file());
    if let Some(path) = sidecar.as_ref().filter(|p| !args.force && p.exists()) {
        anyhow::bail!("{} exists; use --force to replace it", path.display());
    }
    let view = IndexView::open(&Store::new(&args.index.index))?;
    let query = args.query.clone().unwrap_or_else(|| "*".to_string());
    let matching = if args.exact {
        Matching::Exact
    } else {
        Matching::Stemmed
    };
    // In an export `--questions` asks for question rows, not only passages
    // with questions; the rows are the same passages either way.
    let prepared = view.prepare(&query, matching, &filters)?;
    let lexicon = view
        .info
        .lexicon
        .lexicon()
        .map_err(|e| anyhow::anyhow!("theme lexicon recorded in the index: {e}"))?;
    // Group ids are those of `report questions` over the whole archive, so
    // an export and the report agree.
    let groups = {
        let all = view.session_records(None, None)?;
        let report = crate::report::questions::build(
            &all,
            &lexicon,
            crate::questions::DEFAULT_GROUP_THRESHOLD,
        );
        GroupLookup::new(&report)
    };
    let rows_are = if args.filters.questions {
        "question"
    } else if args.entities {
        "entity"
    } else {
        "passage"
    };
    let mut info = ExportInfo {
        tool: env!("CARGO_PKG_VERSION").to_string(),
        format: match args.format {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Qdpx => "qdpx",
        }
        .to_string(),
        rows_are: rows_are.to_string(),
        rows: 0,
        query: query.clone(),
        filters: describe_filters(&args.filters),
        analyser: view.info.analyser.clone(),
        lexicon_hash: view.info.lexicon.hash.clone(),
        corpus_hash: view.info.corpus_hash.clone(),
        index: view.path.display().to_string(),
        generated: super::report::now_iso(),
    };

    match args.format {
        ExportFormat::Csv | ExportFormat::Jsonl => {
            let csv = args.format == ExportFormat::Csv;
            let mut out = std::io::BufWriter::new(&mut output);
            let rows = match rows_are {
                "question" => table(&view, &prepared, &mut out, csv, |s| {
                    rows::question_rows(s, &groups)
                }),
                "entity" => table(&view, &prepared, &mut out, csv, rows::entity_rows),
                _ => table(&view, &prepared, &mut out, csv, |s| {
                    rows::passage_rows(s, &groups, !csv)
                }),
            }
            .with_context(|| format!("cannot write {}", args.out.display()))?;
            out.flush()
                .with_context(|| format!("cannot write {}", args.out.display()))?;
            info.rows = rows;
        }
        ExportFormat::Qdpx => {
            let Some(file) = output.seekable() else {
                anyhow::bail!(
                    "cannot write a REFI-QDA project to {}: it is a zip archive and needs a file",
                    args.out.display()
                );
            };
            let file = std::io::BufWriter::new(file);
            info.rows = export::qdpx::export(&view, &prepared, &lexicon, &groups, &info, file)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
        }
    }
    output.finish()?;
    if let Some(sidecar) = sidecar {
        let mut json = serde_json::to_string_pretty(&info)?;
        json.push('\n');
        write_whole(&sidecar, json.as_bytes(), true)?;
    }
    let what = if args.format == ExportFormat::Qdpx {
        "session"
    } else {
        rows_are
    };
    let plural = match (what, info.rows) {
        (w, 1) => w.to_string(),
        ("entity", _) => "entities".to_string(),
        (w, _) => format!("{w}s"),
    };
    let to = if args.out.as_os_str() == "-" {
        "standard output".to_string()
    } else {
        args.out.display().to_string()
    };
    eprintln!("exported {} {plural} to {to}", info.rows);
    Ok(Outcome::Success)
}

/// Streams the rows of every matching session as CSV or JSON lines; the
/// number of rows written.
fn table<R: Row + Serialize>(
    view: &IndexView,
    prepared: &crate::index::PreparedQuery,
    out: &mut impl std::io::Write,
    csv: bool,
    make: impl Fn(&crate::index::SessionPassages) -> Vec<R>,
) -> anyhow::Result<u64> {
    let mut buf = String::new();
    if csv {
        export::csv_header::<R>(&mut buf);
    }
    let mut count = 0u64;
    let mut failure: Option<std::io::Error> = None;
    view.walk(prepared, |session| {
        for row in make(&session) {
            if csv {
                export::csv_row(&row, &mut buf);
            } else {
                export::jsonl_row(&row, &mut buf);
            }
            count += 1;
        }
        if let Err(e) = out.write_all(buf.as_bytes()) {
            failure = Some(e);
            return Ok(false);
        }
        buf.clear();
        Ok(true)
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    out.write_all(buf.as_bytes())?;
    Ok(count)
}

/// `export.csv` → `export.csv.provenance.json`; REFI-QDA projects carry
/// their provenance inside.
fn provenance_path(out: &Path) -> Option<PathBuf> {
    let is_qdpx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"));
    (!is_qdpx).then(|| {
        let mut name = out.as_os_str().to_owned();
        name.push(".provenance.json");
        PathBuf::from(name)
    })
}

fn describe_filters(f: &crate::cli::FilterArgs) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.from {
        parts.push(format!("from {d}"));
    }
    if let Some(d) = &f.to {
        parts.push(format!("to {d}"));
    }
    for (name, values) in [
        ("person", &f.person),
        ("speaker", &f.speaker),
        ("party", &f.party),
        ("organisation", &f.organisation),
        ("deal", &f.deal),
        ("theme", &f.theme),
        ("series", &f.series),
    ] {
        for v in values {
            parts.push(format!("{name} {v:?}"));
        }
    }
    if f.questions {
        parts.push("passages with questions".to_string());
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}
