//! The internal BILOU label set (Begin, Inside, Last, Unit, Outside per type) and its
//! mapping to and from BIO tags. BILOU makes entity boundaries explicit to the model; the
//! outside world only sees BIO.

use super::score::spans_from_tags;
use super::{EntityType, Tag};

/// O, then B, I, L, U for PER, ORG, LOC, MISC.
pub(crate) const NUM_LABELS: usize = 17;
pub(crate) const OUTSIDE: u8 = 0;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

pub(crate) fn label(kind: EntityType, part: Part) -> u8 {
    (1 + kind.index() * 4 + part as usize) as u8
}

fn split(label: u8) -> Option<(EntityType, Part)> {
    if label == OUTSIDE || label as usize >= NUM_LABELS {
        return None;
    }
    let i = label as usize - 1;
    let part = match i % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((EntityType::ALL[i / 4], part))
}

/// Whether `next` may follow `prev` (`None` = sentence start).
pub(crate) fn allowed(prev: Option<u8>, next: u8) -> bool {
    let open = prev
        .and_then(split)
        .filter(|(_, p)| matches!(p, Part::Begin | Part::Inside));
    match (open, split(next)) {
        (Some((t, _)), Some((u, Part::Inside | Part::Last))) => t == u,
        (Some(_), _) => false,
        (None, Some((_, Part::Inside | Part::Last))) => false,
        (None, _) => true,
    }
}

/// Whether a sentence may end on `last`.
pub(crate) fn allowed_end(last: u8) -> bool {
    !matches!(split(last), Some((_, Part::Begin | Part::Inside)))
}

pub(crate) fn from_tags(tags: &[Tag]) -> Vec<u8> {
    let mut labels = vec![OUTSIDE; tags.len()];
    for span in spans_from_tags(tags) {
        if span.end - span.start == 1 {
            labels[span.start] = label(span.kind, Part::Unit);
        } else {
            labels[span.start] = label(span.kind, Part::Begin);
            for l in &mut labels[span.start + 1..span.end - 1] {
                *l = label(span.kind, Part::Inside);
            }
            labels[span.end - 1] = label(span.kind, Part::Last);
        }
    }
    labels
}

/// BIO (IOB2) tags for a label sequence; tolerates invalid sequences.
pub(crate) fn to_tags(labels: &[u8]) -> Vec<Tag> {
    let mut tags = Vec::with_capacity(labels.len());
    let mut prev: Option<(EntityType, Part)> = None;
    for &l in labels {
        let cur = split(l);
        let tag = match cur {
            None => Tag::O,
            Some((t, Part::Begin | Part::Unit)) => Tag::B(t),
            Some((t, _)) => match prev {
                Some((u, Part::Begin | Part::Inside)) if u == t => Tag::I(t),
                _ => Tag::B(t),
            },
        };
        tags.push(tag);
        prev = cur;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_bilou_round_trip() {
        for s in [
            "O B-PER I-PER I-PER O B-LOC",
            "B-ORG B-ORG I-ORG O",
            "B-MISC",
            "",
        ] {
            let tags: Vec<Tag> = s.split_whitespace().map(|t| t.parse().unwrap()).collect();
            assert_eq!(to_tags(&from_tags(&tags)), tags, "{s}");
        }
    }

    #[test]
    fn transitions() {
        let per_b = label(EntityType::Per, Part::Begin);
        let per_i = label(EntityType::Per, Part::Inside);
        let per_l = label(EntityType::Per, Part::Last);
        let loc_l = label(EntityType::Loc, Part::Last);
        let loc_u = label(EntityType::Loc, Part::Unit);
        assert!(allowed(None, per_b));
        assert!(!allowed(None, per_i));
        assert!(allowed(Some(per_b), per_l));
        assert!(!allowed(Some(per_b), loc_l));
        assert!(!allowed(Some(per_b), OUTSIDE));
        assert!(allowed(Some(per_l), loc_u));
        assert!(allowed_end(per_l) && !allowed_end(per_i));
    }
}
