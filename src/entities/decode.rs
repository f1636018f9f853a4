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

/// Labels after which an entity may start or the text be outside: O, and
/// L and U of each type (the BILOU grammar of [`allowed`]), ascending.
const CLOSED: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// B and I of each type: the labels an I or L of that type may follow.
const OPEN: [[usize; 2]; 4] = [[1, 2], [5, 6], [9, 10], [13, 14]];
/// O, and B and U of each type: the labels that follow a [`CLOSED`] one.
const AFTER_CLOSED: [usize; 9] = [0, 1, 4, 5, 8, 9, 12, 13, 16];

/// The best score of reaching `next` from one of `prevs` (ascending), and
/// that label; the first maximum wins. A constant-size array, so that the
/// loop unrolls.
#[inline(always)]
fn best_before<const N: usize>(
    score: &Row,
    tr: &Transitions,
    prevs: [usize; N],
    next: usize,
) -> (f32, u8) {
    let (mut best, mut best_prev) = (f32::NEG_INFINITY, 0usize);
    for prev in prevs {
        let s = score[prev] + tr.trans[prev][next];
        if s > best {
            best = s;
            best_prev = prev;
        }
    }
    (best, best_prev as u8)
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
        // Only the previous labels the grammar allows: any other has a
        // `-inf` transition and cannot win. Same ascending order and strict
        // comparison as a scan over all labels, so ties resolve the same
        // way. Constant indices let the compiler unroll both loops.
        for next in AFTER_CLOSED {
            let (best, prev) = best_before(&score, tr, CLOSED, next);
            next_score[next] = best + emission[next];
            pointers[next] = prev;
        }
        for open in OPEN {
            for next in [open[1], open[1] + 1] {
                let (best, prev) = best_before(&score, tr, open, next);
                next_score[next] = best + emission[next];
                pointers[next] = prev;
            }
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
    use crate::entities::labels::{allowed, label, Part};
    use crate::entities::EntityType;

    fn zero() -> Transitions {
        Transitions::constrained(&[0.0; L], &[[0.0; L]; L], &[0.0; L])
    }

    /// The pruned scan covers every label once, and for each tries exactly
    /// the previous labels the grammar allows.
    #[test]
    fn pruned_pairs_are_the_grammar() {
        let mut pruned: Vec<(usize, Vec<usize>)> = AFTER_CLOSED
            .iter()
            .map(|&next| (next, CLOSED.to_vec()))
            .collect();
        for open in OPEN {
            pruned.push((open[1], open.to_vec()));
            pruned.push((open[1] + 1, open.to_vec()));
        }
        pruned.sort();
        assert_eq!(pruned.len(), L);
        for (next, prevs) in pruned.iter().enumerate() {
            let expected: Vec<usize> = (0..L)
                .filter(|&prev| allowed(Some(prev as u8), next as u8))
                .collect();
            assert_eq!(prevs, &(next, expected), "label {next}");
        }
    }

    /// The scan over all pairs of labels that the pruned scan replaces.
    fn full_scan(emissions: &[Row], tr: &Transitions) -> Vec<u8> {
        let mut score: Row = std::array::from_fn(|l| tr.start[l] + emissions[0][l]);
        let mut back = vec![[0u8; L]];
        for emission in &emissions[1..] {
            let mut pointers = [0u8; L];
            let next_score: Row = std::array::from_fn(|next| {
                let (mut best, mut best_prev) = (f32::NEG_INFINITY, 0u8);
                for (prev, (s, row)) in score.iter().zip(&tr.trans).enumerate() {
                    if s + row[next] > best {
                        best = s + row[next];
                        best_prev = prev as u8;
                    }
                }
                pointers[next] = best_prev;
                best + emission[next]
            });
            score = next_score;
            back.push(pointers);
        }
        let (mut best, mut label) = (f32::NEG_INFINITY, 0u8);
        for (l, (s, end)) in score.iter().zip(&tr.end).enumerate() {
            if s + end > best {
                best = s + end;
                label = l as u8;
            }
        }
        let mut out = vec![0; emissions.len()];
        for t in (0..emissions.len()).rev() {
            out[t] = label;
            label = back[t][label as usize];
        }
        out
    }

    #[test]
    fn pruned_scan_equals_full_scan() {
        // Pseudo-random small integers, so that ties occur and the order
        // of the scan matters.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 7) as f32 - 3.0
        };
        let (mut back, mut out) = (Vec::new(), Vec::new());
        for len in 1..60 {
            let start: Row = std::array::from_fn(|_| next());
            let end: Row = std::array::from_fn(|_| next());
            let trans: [Row; L] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
            let tr = Transitions::constrained(&start, &trans, &end);
            let e: Vec<Row> = (0..len).map(|_| std::array::from_fn(|_| next())).collect();
            viterbi(&e, &tr, &mut back, &mut out);
            assert_eq!(out, full_scan(&e, &tr), "length {len}");
        }
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
