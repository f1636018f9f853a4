//! Turning the shared filter flags into the index's [`Filters`].

use crate::cli::FilterArgs;
use crate::index::Filters;
use crate::text::dates::parse_iso_date;

/// Checks and converts the flags; a bad date or a range the wrong way
/// round is a usage error (exit 2) before anything is read.
pub fn from_args(args: &FilterArgs) -> anyhow::Result<Filters> {
    let date = |flag: &str, value: &Option<String>| -> anyhow::Result<Option<time::Date>> {
        match value {
            None => Ok(None),
            Some(v) => parse_iso_date(v.trim()).map(Some).ok_or_else(|| {
                anyhow::anyhow!("{flag} {v:?} is not a date; use YYYY-MM-DD, e.g. 2021-03-09")
            }),
        }
    };
    let from = date("--from", &args.from)?;
    let to = date("--to", &args.to)?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            anyhow::bail!("--from {f} is after --to {t}: the date range is the wrong way round");
        }
    }
    Ok(Filters {
        from,
        to,
        person: args.person.clone(),
        speaker: args.speaker.clone(),
        party: args.party.clone(),
        organisation: args.organisation.clone(),
        deal: args.deal.clone(),
        theme: args.theme.clone(),
        series: args.series.clone(),
        questions_only: args.questions,
    })
}
