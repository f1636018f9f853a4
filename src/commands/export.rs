//! `notulen export`: passages, questions or entity mentions as CSV or JSON
//! lines, or a REFI-QDA project, written whole or not at all.

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
    let dir = checked_output_dir(&args.out)?;
    let sidecar = provenance_path(&args.out);
    if !args.force {
        for path in [Some(&args.out), sidecar.as_ref()].into_iter().flatten() {
            if path.exists() {
                anyhow::bail!("{} exists; use --force to replace it", path.display());
            }
        }
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

    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    match args.format {
        ExportFormat::Csv | ExportFormat::Jsonl => {
            let csv = args.format == ExportFormat::Csv;
            let mut out = std::io::BufWriter::new(tmp.as_file_mut());
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
            let file = std::io::BufWriter::new(tmp.as_file_mut());
            info.rows = export::qdpx::export(&view, &prepared, &lexicon, &groups, &info, file)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
        }
    }
    persist(tmp, &args.out, args.force)?;
    if let Some(sidecar) = sidecar {
        let mut json = serde_json::to_string_pretty(&info)?;
        json.push('\n');
        super::report::write_atomically(&sidecar, json.as_bytes())?;
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
    eprintln!("exported {} {plural} to {}", info.rows, args.out.display());
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

/// The folder the output goes in, which must exist (nothing is created).
fn checked_output_dir(out: &Path) -> anyhow::Result<PathBuf> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: folder {} does not exist",
            out.display(),
            dir.display()
        );
    }
    if out.is_dir() {
        anyhow::bail!("cannot write {}: it is a folder", out.display());
    }
    Ok(dir)
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

fn persist(tmp: tempfile::NamedTempFile, out: &Path, force: bool) -> anyhow::Result<()> {
    let result = if force {
        tmp.persist(out).map(|_| ())
    } else {
        tmp.persist_noclobber(out).map(|_| ())
    };
    result.map_err(|e| anyhow::anyhow!("cannot write {}: {}", out.display(), e.error))
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
