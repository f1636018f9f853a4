//! `notulen kwic`: a concordance of a word or phrase across the archive.

use super::output::{write_stdout, Outcome};
use crate::cli::KwicArgs;
use crate::index::analyzer::Mode;
use crate::index::{highlight, IndexView, Matching, Store};
use crate::report::kwic;

pub fn execute(args: KwicArgs) -> anyhow::Result<Outcome> {
    let filters = super::filters::from_args(&args.filters)?;
    if args.term.trim().is_empty() {
        anyhow::bail!("give a word or \"a phrase\" to look up");
    }
    let view = IndexView::open(&Store::new(&args.index.index))?;
    let (matching, mode) = if args.exact {
        (Matching::Exact, Mode::Exact)
    } else {
        (Matching::Stemmed, Mode::Stemmed)
    };
    let prepared = view.prepare(&args.term, matching, &filters)?;
    let mut lines = Vec::new();
    view.walk(&prepared, |session| {
        for p in &session.passages {
            let marks = highlight::spans(&p.text, &prepared.plan, mode);
            lines.extend(kwic::lines(
                &session.record.id,
                session.record.date.as_deref(),
                p.number,
                &p.text,
                &marks,
                args.width,
            ));
        }
        Ok(args.limit == 0 || lines.len() < args.limit)
    })?;
    if args.limit > 0 {
        lines.truncate(args.limit);
    }
    let text = if args.json {
        kwic::render_jsonl(&lines)
    } else if args.csv {
        kwic::render_csv(&lines)
    } else {
        kwic::render_text(&lines, args.width)
    };
    write_stdout(&text)?;
    Ok(Outcome::Success)
}
