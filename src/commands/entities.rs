//! `notulen entities`: the archive's entities as a table or JSON lines.

use super::output::{write_stdout, Outcome};
use crate::cli::EntitiesArgs;
use crate::entities::archive;
use crate::index::{IndexView, Store};
use crate::model::EntityKind;
use std::fmt::Write as _;

pub fn execute(args: EntitiesArgs) -> anyhow::Result<Outcome> {
    let kind = match &args.kind {
        None => None,
        Some(t) => Some(EntityKind::parse(t).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown entity type {t:?}; use one of {}",
                EntityKind::ALL.map(EntityKind::as_str).join(", ")
            )
        })?),
    };
    let view = IndexView::open(&Store::new(&args.index.index))?;
    let sessions = view.session_records(None, None)?;
    let mut out = String::new();
    if args.json {
        // One JSON object per line and session (JSON Lines).
        for s in &sessions {
            let entities: Vec<serde_json::Value> = s
                .entities
                .iter()
                .filter(|e| kind.is_none_or(|k| k == e.kind))
                .map(|e| {
                    serde_json::json!({
                        "text": e.surface_forms.first().unwrap_or(&e.canonical),
                        "type": e.kind,
                        "canonical": e.canonical,
                        "count": e.count,
                        "surface_forms": e.surface_forms,
                        "affiliation": e.affiliation,
                        "role": e.role,
                        "passages": e.passages,
                    })
                })
                .collect();
            let line = serde_json::json!({"session": s.id, "date": s.date, "entities": entities});
            let _ = writeln!(out, "{line}");
        }
    } else {
        let all = archive::aggregate(&sessions, kind);
        let shown = if args.limit == 0 {
            all.len()
        } else {
            args.limit.min(all.len())
        };
        let _ = writeln!(
            out,
            "{:<44} {:<7} {:>8} {:>8}  {:<10}  {:<10}  affiliation / role",
            "entity", "type", "mentions", "sessions", "first", "last"
        );
        for e in &all[..shown] {
            let extra = match (&e.affiliation, &e.role) {
                (Some(a), Some(r)) => format!("{a} / {r}"),
                (Some(a), None) => a.clone(),
                (None, Some(r)) => r.clone(),
                (None, None) => String::new(),
            };
            let row = format!(
                "{:<44} {:<7} {:>8} {:>8}  {:<10}  {:<10}  {}",
                truncate(&e.canonical, 44),
                e.kind.as_str(),
                e.mentions,
                e.sessions,
                e.first.as_deref().unwrap_or("-"),
                e.last.as_deref().unwrap_or("-"),
                extra
            );
            let _ = writeln!(out, "{}", row.trim_end());
        }
        if shown < all.len() {
            let _ = writeln!(out, "… {} more (use --limit 0 for all)", all.len() - shown);
        }
    }
    write_stdout(&out)?;
    Ok(Outcome::Success)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
