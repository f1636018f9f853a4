//! First-order Viterbi decoding over the BILOU labels, with the label grammar (no `I-` or
//! `L-` without an open entity of the same type, no sentence ending inside an entity)
//! enforced as impossible transitions.

use super::labels::{allowed, allowed_end, NUM_LABELS as L};

pub(crate) type Row = [f32; L];

/// Transition scores with the label grammar folded in as `-inf`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transitions {
    pub(crate) start: Row,
    /// `trans[prev][next]`.
    pub(crate) trans: [Row; L],
    pub(crate) end: Row,
}

impl Transitions {
    pub(crate) fn constrained(start: &Row, trans: &[Row; L], end: &Row) -> Transitions {
        let mut t = Transitions {
            start: *start,
            trans: *trans,
            end: *end,
        };
        for next in 0..L {
            if !allowed(None, next as u8) {
                t.start[next] = f32::NEG_INFINITY;
            }
            if !allowed_end(next as u8) {
                t.end[next] = f32::NEG_INFINITY;
            }
            for prev in 0..L {
                if !allowed(Some(prev as u8), next as u8) {
                    t.trans[prev][next] = f32::NEG_INFINITY;
                }
            }
        }
        t
    }
}

/// Best label sequence for the emission scores; `back` is scratch space.
pub(crate) fn viterbi(
    emissions: &[Row],
    tr: &Transitions,
    back: &mut Vec<[u8; L]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    back.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    let mut score: Row = [0.0; L];
    for (l, s) in score.iter_mut().enumerate() {
        *s = tr.start[l] + emissions[0][l];
    }
    back.push([0; L]);
    for emission in &emissions[1..] {
        let mut next_score: Row = [f32::NEG_INFINITY; L];
        let mut pointers = [0u8; L];
        for next in 0..L {
            let mut best = f32::NEG_INFINITY;
            let mut best_prev = 0u8;
            for (prev, (&prev_score, row)) in score.iter().zip(&tr.trans).enumerate() {
                let s = prev_score + row[next];
                if s > best {
                    best = s;
                    best_prev = prev as u8;
                }
            }
            next_score[next] = best + emission[next];
            pointers[next] = best_prev;
        }
        score = next_score;
        back.push(pointers);
    }
    let mut best = f32::NEG_INFINITY;
    let mut label = 0u8;
    for (l, (&last_score, &end)) in score.iter().zip(&tr.end).enumerate() {
        let s = last_score + end;
        if s > best {
            best = s;
            label = l as u8;
        }
    }
    out.resize(n, 0);
    for t in (0..n).rev() {
        out[t] = label;
        label = back[t][label as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::{label, Part};
    use crate::entities::EntityType;

    fn zero() -> Transitions {
        Transitions::constrained(&[0.0; L], &[[0.0; L]; L], &[0.0; L])
    }

    #[test]
    fn follows_emissions_when_transitions_are_flat() {
        let per_u = label(EntityType::Per, Part::Unit) as usize;
        let mut e = vec![[0.0; L]; 3];
        e[1][per_u] = 2.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&e, &zero(), &mut back, &mut out);
        assert_eq!(out, [0, per_u as u8, 0]);
    }

    #[test]
    fn grammar_beats_greedy_choice() {
        // Token 0 prefers B-LOC slightly, token 1 strongly prefers O: B-LOC cannot be
        // followed by O, so the best legal path is O O (or U-LOC O).
        let loc_b = label(EntityType::Loc, Part::Begin) as usize;
        let loc_u = label(EntityType::Loc, Part::Unit) as usize;
        let mut e = vec![[0.0; L]; 2];
        e[0][loc_b] = 1.0;
        e[0][loc_u] = 0.5;
        e[1][0] = 3.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&e, &zero(), &mut back, &mut out);
        assert_eq!(out, [loc_u as u8, 0]);
    }

    #[test]
    fn transitions_can_outweigh_emissions() {
        // A hand-made model: PER after PER is rewarded, so two middling tokens become one
        // two-token entity rather than two units.
        let per_b = label(EntityType::Per, Part::Begin);
        let per_l = label(EntityType::Per, Part::Last);
        let per_u = label(EntityType::Per, Part::Unit) as usize;
        let mut trans = [[0.0; L]; L];
        trans[per_b as usize][per_l as usize] = 5.0;
        let tr = Transitions::constrained(&[0.0; L], &trans, &[0.0; L]);
        let mut e = vec![[0.0; L]; 2];
        e[0][per_u] = 1.0;
        e[1][per_u] = 1.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&e, &tr, &mut back, &mut out);
        assert_eq!(out, [per_b, per_l]);
        viterbi(&[], &tr, &mut back, &mut out);
        assert!(out.is_empty());
    }
}
