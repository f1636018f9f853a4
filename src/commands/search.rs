//! `notulen search`: ranked passages with highlighted snippets.

use super::output::{stdout_is_terminal, write_stdout, Outcome};
use crate::cli::{SearchArgs, SortArg};
use crate::index::{IndexView, Matching, SearchRequest, SearchResults, SortOrder, Store};
use std::fmt::Write as _;

pub fn execute(args: SearchArgs) -> anyhow::Result<Outcome> {
    let filters = super::filters::from_args(&args.filters)?;
    let view = IndexView::open(&Store::new(&args.index.index))?;
    let request = SearchRequest {
        limit: args.limit,
        offset: args.offset,
        matching: if args.exact {
            Matching::Exact
        } else {
            Matching::Stemmed
        },
        filters,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Newest => SortOrder::Newest,
            SortArg::Oldest => SortOrder::Oldest,
        },
        facets: args.facets,
        ..SearchRequest::new(args.query)
    };
    let results = view.search(&request)?;
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&results)?;
        s.push('\n');
        s
    } else {
        render_text(&results, stdout_is_terminal())
    };
    write_stdout(&text)?;
    Ok(Outcome::Success)
}

/// Plain-text results; matches in bold yellow on a terminal, in «» otherwise.
pub fn render_text(results: &SearchResults, ansi: bool) -> String {
    let mut out = String::new();
    let shown = results.results.len();
    let _ = writeln!(
        out,
        "{} {} {:?}{}",
        results.total,
        if results.total == 1 {
            "passage matches"
        } else {
            "passages match"
        },
        results.query,
        if shown < results.total {
            format!(" (showing {shown})")
        } else {
            String::new()
        }
    );
    let (open, close) = if ansi {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    for hit in &results.results {
        let _ = writeln!(
            out,
            "\n{}  {} — {} ¶{}  (score {:.2})",
            hit.date.as_deref().unwrap_or("----------"),
            hit.title,
            hit.session,
            hit.passage,
            hit.score
        );
        if let Some(speaker) = &hit.speaker {
            let party = hit
                .party
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            let item = hit
                .item
                .as_deref()
                .map(|i| format!(" — {i}"))
                .unwrap_or_default();
            let _ = writeln!(out, "    {speaker}{party}{item}");
        }
        let mut line = String::new();
        let mut last = 0;
        for r in &hit.highlights {
            if r.start < last || r.end > hit.fragment.len() {
                continue;
            }
            line.push_str(&hit.fragment[last..r.start]);
            line.push_str(open);
            line.push_str(&hit.fragment[r.clone()]);
            line.push_str(close);
            last = r.end;
        }
        line.push_str(&hit.fragment[last..]);
        let _ = writeln!(out, "    {}", line.replace('\n', " "));
        let names: Vec<&str> = hit
            .entities
            .iter()
            .map(|e| e.canonical.as_str())
            .chain(hit.themes.iter().map(|t| t.as_str()))
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "    [{}]", names.join(" · "));
        }
    }
    if let Some(facets) = &results.facets {
        let _ = writeln!(out, "\nmatching passages per facet:");
        for (name, counts) in facets {
            if counts.is_empty() {
                continue;
            }
            let values: Vec<String> = counts
                .iter()
                .map(|c| format!("{} {}", c.value, c.count))
                .collect();
            let _ = writeln!(out, "  {name:<13} {}", values.join(" · "));
        }
    }
    out
}
