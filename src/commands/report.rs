//! `notulen report themes|questions`: reads the session records from the
//! index (never re-analyses) and renders them.

use super::output::{write_stdout, Outcome};
use crate::cli::{ReportArgs, ReportBy, ReportFormat, ReportKind, ReportPeriod};
use crate::index::{IndexView, Store};
use crate::report::{self, Format, Period, Provenance};
use crate::text::dates::parse_iso_date;

pub fn execute(args: ReportArgs) -> anyhow::Result<Outcome> {
    let from = check_date("--from", args.from.as_deref())?;
    let to = check_date("--to", args.to.as_deref())?;
    if let (Some(f), Some(t)) = (&from, &to) {
        if f > t {
            anyhow::bail!("--from {f} is after --to {t}");
        }
    }
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!(
            "--threshold must be between 0 and 1, not {}",
            args.threshold
        );
    }
    let view = IndexView::open(&Store::new(&args.index.index))?;
    let lexicon = view
        .info
        .lexicon
        .lexicon()
        .map_err(|e| anyhow::anyhow!("theme lexicon recorded in the index: {e}"))?;
    let sessions = view.session_records(from.as_deref(), to.as_deref())?;
    let provenance = Provenance {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        analyser: view.info.analyser.clone(),
        lexicon_hash: view.info.lexicon.hash.clone(),
        corpus_hash: view.info.corpus_hash.clone(),
        index_path: view.path.display().to_string(),
        generated: now_iso(),
        from,
        to,
    };
    let format = match args.format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Json => Format::Json,
        ReportFormat::Html => Format::Html,
    };
    if args.by.is_some() && args.kind != ReportKind::Themes {
        anyhow::bail!("--by works with the themes report only");
    }
    let rendered = match args.kind {
        ReportKind::Themes if args.by.is_some() => {
            use crate::report::by_group as g;
            let (by, field) = match args.by {
                Some(ReportBy::Speaker) => ("speaker", crate::index::schema::SPEAKER),
                _ => ("party", crate::index::schema::PARTY),
            };
            let date = |d: &Option<String>| d.as_deref().and_then(parse_iso_date);
            let counts =
                view.theme_counts_by(field, date(&provenance.from), date(&provenance.to))?;
            let names = lexicon.theme_names();
            let r = g::build(by, counts, &names);
            match format {
                Format::Table => g::table(&r, &provenance),
                Format::Csv => g::csv(&r),
                Format::Json => g::json(&r, &provenance),
                Format::Html => g::html(&r, &provenance),
            }
        }
        ReportKind::Themes => {
            let period = match args.period {
                ReportPeriod::Quarter => Period::Quarter,
                ReportPeriod::Year => Period::Year,
            };
            let names = lexicon.theme_names();
            let r = report::themes::build(&sessions, &names, period, args.top);
            report::render_themes(&r, &provenance, format)
        }
        ReportKind::Questions => {
            let r = report::questions::build(&sessions, &lexicon, args.threshold);
            report::render_questions(&r, &provenance, format)
        }
        ReportKind::Commitments => {
            use report::commitments as c;
            let r = c::build(&sessions);
            match format {
                Format::Table => c::table(&r, &provenance),
                Format::Csv => c::csv(&r),
                Format::Json => c::json(&r, &provenance),
                Format::Html => c::html(&r, &provenance),
            }
        }
    };
    if format == Format::Csv {
        // CSV stays a plain table; where it came from goes to stderr.
        for line in provenance.lines() {
            eprintln!("# {line}");
        }
    }
    match &args.out {
        None => write_stdout(&rendered)?,
        Some(path) => super::outfile::write_whole(path, rendered.as_bytes(), args.force)?,
    }
    Ok(Outcome::Success)
}

fn check_date(flag: &str, value: Option<&str>) -> anyhow::Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => match parse_iso_date(v.trim()) {
            Some(d) => Ok(Some(crate::pipeline::iso_date(d))),
            None => anyhow::bail!("{flag} {v:?} is not a date; use YYYY-MM-DD, e.g. 2021-03-09"),
        },
    }
}

/// When a report or export was made, RFC 3339 in UTC. `SOURCE_DATE_EPOCH`
/// (seconds since 1970, the reproducible-builds convention) replaces the
/// clock, so an export can be made byte for byte again.
pub(crate) fn now_iso() -> String {
    generated_at(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

fn generated_at(source_date_epoch: Option<&str>) -> String {
    let now = source_date_epoch
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn source_date_epoch_fixes_the_time_stamp() {
        assert_eq!(
            super::generated_at(Some("1615248000")),
            "2021-03-09T00:00:00Z"
        );
        // Unusable values fall back to the clock.
        assert!(super::generated_at(Some("gisteren")).starts_with("20"));
    }
}
