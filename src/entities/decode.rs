//! First-order Viterbi decoding over the BILOU labels, with the label grammar (no `I-` or
//! `L-` without an open entity of the same type, no sentence ending inside an entity)
//! enforced as impossible transitions.
//!
//! The grammar allows 97 of the 289 label pairs, and the scan tries only those, four
//! next labels at a time in SIMD vectors. Per label it adds, compares and breaks ties
//! exactly as a scan over all pairs would, so the labels (and on x86_64 every score)
//! are the same bit for bit.
//!
//! The forward scan keeps each token's scores, not back-pointers: the backtrace needs
//! the best previous label of one label per token, not of all 17, so it recomputes
//! that one from the kept scores with the scan's own additions and tie-breaking.
//!
//! Most sentences of minutes name nothing, and many of them so plainly that a bound
//! proves the all-O path best without the scan ([`surely_outside`]).

use wide::{f32x4, i32x4};

use super::labels::{allowed, allowed_end, NUM_LABELS as L, OUTSIDE};

pub(crate) type Row = [f32; L];

/// Transition scores with the label grammar folded in as `-inf`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transitions {
    pub(crate) start: Row,
    /// `trans[prev][next]`.
    pub(crate) trans: [Row; L],
    pub(crate) end: Row,
    /// The allowed part of `trans` again, laid out for the scan.
    lanes: LaneTransitions,
    /// `start` in lane order, zero in the unused lanes.
    start_lanes: LaneScores,
    /// For [`surely_outside`]; `None` when the all-O path is impossible.
    outside: Option<OutsideBound>,
}

impl Transitions {
    pub(crate) fn constrained(start: &Row, trans: &[Row; L], end: &Row) -> Transitions {
        let (mut start, mut trans, mut end) = (*start, *trans, *end);
        for next in 0..L {
            if !allowed(None, next as u8) {
                start[next] = f32::NEG_INFINITY;
            }
            if !allowed_end(next as u8) {
                end[next] = f32::NEG_INFINITY;
            }
            for (prev, row) in trans.iter_mut().enumerate() {
                if !allowed(Some(prev as u8), next as u8) {
                    row[next] = f32::NEG_INFINITY;
                }
            }
        }
        Transitions {
            start,
            trans,
            end,
            lanes: LaneTransitions::new(&trans),
            start_lanes: to_lanes(&start, 0.0),
            outside: OutsideBound::new(&start, &trans, &end),
        }
    }
}

/// What a token can gain from the transitions by taking label `l` rather than O, at
/// most. A path that leaves the all-O path scores, relative to it, the sum over its
/// tokens not labelled O of `e[l] - e[O]` plus: the transition into the token (less the
/// all-O path's), the transition out of it when an O follows (less O to O) and the end
/// score when it is the last token (less O's end). Each of those three is bounded per
/// label here, so a sentence where every token's `e[O]` beats every `e[l] + gain[l]`
/// decodes to all O.
#[derive(Debug, Clone, PartialEq)]
struct OutsideBound {
    /// In lane order, `-inf` for O and the unused lanes: for the first token, whose
    /// transition in is a start score, and for the others.
    first: LaneScores,
    rest: LaneScores,
    /// The largest finite start, transition or end score in magnitude.
    largest: f32,
}

impl OutsideBound {
    fn new(start: &Row, trans: &[Row; L], end: &Row) -> Option<OutsideBound> {
        let o = usize::from(OUTSIDE);
        let [start_o, trans_o, end_o] = [start[o], trans[o][o], end[o]].map(f64::from);
        if ![start_o, trans_o, end_o].iter().all(|v| v.is_finite()) {
            return None;
        }
        // In f64, so that the bound is exact before its one rounding to f32.
        let gains = |into: &dyn Fn(usize) -> f64| -> LaneScores {
            let row: Row = std::array::from_fn(|l| {
                if l == o {
                    return f32::NEG_INFINITY;
                }
                let out = (f64::from(trans[l][o]) - trans_o).max(0.0);
                let last = (f64::from(end[l]) - end_o).max(0.0);
                (into(l) + out + last) as f32
            });
            to_lanes(&row, f32::NEG_INFINITY)
        };
        let first = gains(&|l| f64::from(start[l]) - start_o);
        let rest = gains(&|l| {
            let best = trans
                .iter()
                .map(|row| row[l])
                .fold(f32::NEG_INFINITY, f32::max);
            f64::from(best) - trans_o
        });
        let largest = start
            .iter()
            .chain(trans.as_flattened())
            .chain(end)
            .filter(|v| v.is_finite())
            .fold(0f32, |m, v| m.max(v.abs()));
        Some(OutsideBound {
            first,
            rest,
            largest,
        })
    }
}

/// Whether the all-O path is surely the best (see [`OutsideBound`]): every token's O
/// emission beats every other label's plus its gain, by more than the float sums of the
/// scan can be off. The scan would then find the all-O path strictly best, so its
/// labels are the scan's.
fn surely_outside(emissions: &[LaneScores], tr: &Transitions) -> bool {
    let Some(bound) = &tr.outside else {
        return false;
    };
    let mut margin = f32::INFINITY;
    // Bounds every partial sum of every path, in magnitude.
    let mut size = 0f32;
    for (t, e) in emissions.iter().enumerate() {
        let gains = if t == 0 { &bound.first } else { &bound.rest };
        let (mut rival, mut largest) = (e[0] + gains[0], e[0].abs());
        for (e, g) in e.iter().zip(gains).skip(1) {
            rival = rival.fast_max(*e + *g);
            largest = largest.fast_max(e.abs());
        }
        let m = score_of(e, usize::from(OUTSIDE)) - lane_max(rival);
        // Most sentences that name something fail here, early.
        if m.is_nan() || m <= 0.0 {
            return false;
        }
        margin = margin.min(m);
        size += lane_max(largest);
    }
    // A path's score takes 2n additions, each rounded by at most half an f32 epsilon of
    // the partial sum; both paths compared may be off, and so may the margins, the
    // gains (rounded once to f32) and `size`: twice all of that is still tiny.
    let n = emissions.len() as f32;
    size += (n + 8.0) * bound.largest;
    margin > 4.0 * (n + 2.0) * size * f32::EPSILON
}

/// The largest of the four lanes (MAXSS; `f32::max` also sorts out NaNs, which the
/// callers have none of or reject anyway).
#[inline(always)]
fn lane_max(v: f32x4) -> f32 {
    let max = |a: f32, b: f32| if a > b { a } else { b };
    let [a, b, c, d] = v.to_array();
    max(max(a, b), max(c, d))
}

/// Labels after which an entity may start or the text be outside: O, and
/// L and U of each type (the BILOU grammar of [`allowed`]), ascending.
const CLOSED: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// B and I of each type: the labels an I or L of that type may follow.
const OPEN: [[usize; 2]; 4] = [[1, 2], [5, 6], [9, 10], [13, 14]];

/// The labels in the order the scan keeps their scores, four to a vector (the last
/// vector has three unused lanes). The vectors in [`CLOSED_VECTORS`] hold O and the B
/// and U of each type, which may follow any [`CLOSED`] label; those in
/// [`OPEN_VECTORS`] the I and L of each type, which only follow its B or I. Each
/// vector is two pairs of neighbours in label order, so that building one from a row
/// of emissions takes two 8-byte loads.
const LANE_LABELS: [usize; L] = [0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15, 16];
const VECTORS: usize = 5;
const CLOSED_VECTORS: [usize; 3] = [0, 1, 4];
const OPEN_VECTORS: [usize; 2] = [2, 3];

/// Where each label sits in [`LANE_LABELS`].
const LANE: [usize; L] = {
    let mut lane = [0; L];
    let mut i = 0;
    while i < L {
        lane[LANE_LABELS[i]] = i;
        i += 1;
    }
    lane
};

/// The label in lane `i` of vector `v`; `None` in the unused lanes.
fn label_at(v: usize, i: usize) -> Option<usize> {
    LANE_LABELS.get(4 * v + i).copied()
}

/// The type (0..4) of an I or L label, as an index into [`OPEN`].
fn open_type(label: usize) -> usize {
    (label - 1) / 4
}

/// Whether each label is an I or L, which only follows a B or I of its type ([`OPEN`]);
/// every other label follows the [`CLOSED`] labels.
const IS_OPEN: [bool; L] = {
    let mut open = [false; L];
    let mut v = 0;
    while v < OPEN_VECTORS.len() {
        let mut i = 0;
        while i < 4 {
            open[LANE_LABELS[4 * OPEN_VECTORS[v] + i]] = true;
            i += 1;
        }
        v += 1;
    }
    open
};

/// The scores of one token's labels after the forward scan, in lane order.
pub(crate) type LaneScores = [f32x4; VECTORS];

/// The allowed transitions, in the lane order of the scan.
#[derive(Debug, Clone, PartialEq)]
struct LaneTransitions {
    /// `closed[k][j]`: from `CLOSED[k]` to the labels of vector `CLOSED_VECTORS[j]`;
    /// `-inf` in the unused lanes.
    closed: [[f32x4; CLOSED_VECTORS.len()]; CLOSED.len()],
    /// `open[k][j]`: to the labels of vector `OPEN_VECTORS[j]` from the B (k = 0) or
    /// I (k = 1) of each one's type.
    open: [[f32x4; OPEN_VECTORS.len()]; 2],
}

impl LaneTransitions {
    fn new(trans: &[Row; L]) -> LaneTransitions {
        let closed = std::array::from_fn(|k| {
            CLOSED_VECTORS.map(|v| {
                f32x4::new(std::array::from_fn(|i| {
                    label_at(v, i).map_or(f32::NEG_INFINITY, |next| trans[CLOSED[k]][next])
                }))
            })
        });
        let open = std::array::from_fn(|k| {
            OPEN_VECTORS.map(|v| {
                f32x4::new(std::array::from_fn(|i| {
                    let next = LANE_LABELS[4 * v + i];
                    trans[OPEN[open_type(next)][k]][next]
                }))
            })
        });
        LaneTransitions { closed, open }
    }
}

/// Best label sequence for emission scores in label order; `scores` is scratch.
pub(crate) fn viterbi(
    emissions: &[Row],
    tr: &Transitions,
    scores: &mut Vec<LaneScores>,
    out: &mut Vec<u8>,
) {
    let lanes: Vec<LaneScores> = emissions.iter().map(|e| to_lanes(e, 0.0)).collect();
    viterbi_lanes(&lanes, tr, scores, out);
}

/// A row in label order rearranged into the scan's lane order: the tagger keeps its
/// weights so, and its sums come out ready for [`emission`].
pub(crate) fn in_lane_order<T: Copy>(row: &[T; L]) -> [T; L] {
    LANE_LABELS.map(|l| row[l])
}

/// One token's emission scores from its summed integer weights in lane order
/// ([`in_lane_order`]): `v as f32 * scale` per label, zero in the unused lanes.
#[inline]
pub(crate) fn emission(sums: &[i32; L], scale: f32) -> LaneScores {
    let scale = f32x4::splat(scale);
    std::array::from_fn(|v| {
        let ints = i32x4::new(std::array::from_fn(|i| {
            sums.get(4 * v + i).copied().unwrap_or(0)
        }));
        // CVTDQ2PS rounds as `as f32` does, MULPS as `*`.
        f32x4::from_i32x4(ints) * scale
    })
}

/// Best label sequence for emission scores in lane order ([`emission`]); `scores` is
/// scratch.
pub(crate) fn viterbi_lanes(
    emissions: &[LaneScores],
    tr: &Transitions,
    scores: &mut Vec<LaneScores>,
    out: &mut Vec<u8>,
) {
    out.clear();
    scores.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    if surely_outside(emissions, tr) {
        out.resize(n, OUTSIDE);
        return;
    }
    scan(emissions, tr, scores, out);
}

/// [`viterbi_lanes`] without the shortcut: the forward scan and the backtrace, over at
/// least one token.
pub(crate) fn scan(
    emissions: &[LaneScores],
    tr: &Transitions,
    scores: &mut Vec<LaneScores>,
    out: &mut Vec<u8>,
) {
    out.clear();
    scores.clear();
    let n = emissions.len();
    // As `start[l] + e[l]` per label; the unused lanes stay zero.
    let mut score: LaneScores = std::array::from_fn(|v| tr.start_lanes[v] + emissions[0][v]);
    // `scores[t]` is token `t`'s; the last token's is `score`, read only for the end.
    for emission in &emissions[1..] {
        scores.push(score);
        score = step(&score, emission, &tr.lanes);
    }
    let mut best = f32::NEG_INFINITY;
    let mut label = 0u8;
    for (l, &end) in tr.end.iter().enumerate() {
        let s = score_of(&score, l) + end;
        if s > best {
            best = s;
            label = l as u8;
        }
    }
    out.resize(n, 0);
    out[n - 1] = label;
    for (t, score) in scores.iter().enumerate().rev() {
        label = best_previous(score, tr, label as usize);
        out[t] = label;
    }
}

/// The label before `label` on the best path to it, given the previous token's scores:
/// the back-pointer the forward scan would have kept. The candidates come in the scan's
/// order with its sums and its strict comparison, so ties (and `-inf`) go the same way.
#[inline(always)]
fn best_previous(score: &LaneScores, tr: &Transitions, label: usize) -> u8 {
    // Two loops over constant lists rather than one over either, so that every score is
    // read from a fixed place.
    let into = |prev: usize| score_of(score, prev) + tr.trans[prev][label];
    if IS_OPEN[label] {
        // The scan starts these from `-inf` with pointer 0, as a scalar scan would.
        let (mut best, mut from) = (f32::NEG_INFINITY, 0);
        for prev in OPEN[open_type(label)] {
            let cand = into(prev);
            if cand > best {
                best = cand;
                from = prev;
            }
        }
        from as u8
    } else {
        // The scan takes the candidate from O as it is (see `step`).
        let (mut best, mut from) = (into(CLOSED[0]), CLOSED[0]);
        for prev in CLOSED.into_iter().skip(1) {
            let cand = into(prev);
            if cand > best {
                best = cand;
                from = prev;
            }
        }
        from as u8
    }
}

/// A row in label order as vectors in lane order; `unused` in the unused lanes.
#[inline(always)]
fn to_lanes(row: &Row, unused: f32) -> [f32x4; VECTORS] {
    std::array::from_fn(|v| {
        f32x4::new(std::array::from_fn(|i| {
            label_at(v, i).map_or(unused, |l| row[l])
        }))
    })
}

/// The score of `label` in scores kept in lane order.
#[inline(always)]
fn score_of(score: &LaneScores, label: usize) -> f32 {
    score[LANE[label] / 4].as_array()[LANE[label] % 4]
}

/// Per lane, takes `cand` where it is strictly greater than `best`: the scalar scan's
/// `if cand > best { best = cand }`.
#[inline(always)]
fn relax(best: &mut f32x4, cand: f32x4) {
    // With SSE, `a.fast_max(b)` is MAXPS: `if a > b { a } else { b }`, ties and
    // signed zeros included, so the scores are the scalar scan's bit for bit. Where
    // `fast_max` is another instruction (NEON), a tie between +0 and -0 may keep the
    // other zero; no comparison can tell them apart, so the labels are the same.
    *best = cand.fast_max(*best);
}

/// One token: the scores of its labels (in lane order) from the previous token's.
/// Every next label tries its allowed previous labels in ascending order, as the
/// scalar scan does.
#[inline(always)]
fn step(score: &LaneScores, emission: &LaneScores, tr: &LaneTransitions) -> LaneScores {
    let prevs = CLOSED.map(|prev| f32x4::splat(score_of(score, prev)));
    // The first candidate, from O, beats the initial `-inf` unless it is `-inf`
    // itself: either way it is the best so far.
    let mut closed = tr.closed[0].map(|t| prevs[0] + t);
    for (&prev, from_prev) in prevs.iter().zip(&tr.closed).skip(1) {
        for (best, &t) in closed.iter_mut().zip(from_prev) {
            relax(best, prev + t);
        }
    }
    let mut open = [f32x4::splat(f32::NEG_INFINITY); OPEN_VECTORS.len()];
    for (j, v) in OPEN_VECTORS.into_iter().enumerate() {
        for (k, from_part) in tr.open.iter().enumerate() {
            let prev: [usize; 4] =
                std::array::from_fn(|i| OPEN[open_type(LANE_LABELS[4 * v + i])][k]);
            let cand = f32x4::new(prev.map(|p| score_of(score, p))) + from_part[j];
            relax(&mut open[j], cand);
        }
    }
    // Back in lane order.
    let mut best = [f32x4::ZERO; VECTORS];
    for (j, v) in CLOSED_VECTORS.into_iter().enumerate() {
        best[v] = closed[j];
    }
    for (j, v) in OPEN_VECTORS.into_iter().enumerate() {
        best[v] = open[j];
    }
    std::array::from_fn(|v| best[v] + emission[v])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::{allowed, label, Part};
    use crate::entities::EntityType;

    fn zero() -> Transitions {
        Transitions::constrained(&[0.0; L], &[[0.0; L]; L], &[0.0; L])
    }

    /// The lanes hold every label once, and each lane tries exactly the previous
    /// labels the grammar allows.
    #[test]
    fn pruned_pairs_are_the_grammar() {
        let mut seen = [false; L];
        for v in 0..VECTORS {
            for i in 0..4 {
                let Some(next) = label_at(v, i) else {
                    assert_eq!(v, VECTORS - 1, "only the last vector has unused lanes");
                    continue;
                };
                assert!(!seen[next], "label {next} twice");
                seen[next] = true;
                assert_eq!(LANE[next], 4 * v + i);
                assert_eq!(IS_OPEN[next], OPEN_VECTORS.contains(&v), "label {next}");
                let tried = if CLOSED_VECTORS.contains(&v) {
                    CLOSED.to_vec()
                } else {
                    assert!(OPEN_VECTORS.contains(&v));
                    OPEN[open_type(next)].to_vec()
                };
                let expected: Vec<usize> = (0..L)
                    .filter(|&prev| allowed(Some(prev as u8), next as u8))
                    .collect();
                assert_eq!(tried, expected, "label {next}");
            }
        }
        assert!(seen.iter().all(|&s| s));
    }

    /// The scan over all pairs of labels that the lane-wise scan replaces: the labels, and
    /// every token's back-pointer for every label.
    fn full_scan(emissions: &[Row], tr: &Transitions) -> (Vec<u8>, Vec<[u8; L]>) {
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
        (out, back)
    }

    use crate::testdata::xorshift;

    /// Start, end and transition scores, then `len` emission rows, all drawn
    /// from `next` in that order.
    fn random_problem(next: &mut impl FnMut() -> f32, len: usize) -> (Transitions, Vec<Row>) {
        let start: Row = std::array::from_fn(|_| next());
        let end: Row = std::array::from_fn(|_| next());
        let trans: [Row; L] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let e = (0..len).map(|_| std::array::from_fn(|_| next())).collect();
        (Transitions::constrained(&start, &trans, &end), e)
    }

    #[test]
    fn pruned_scan_equals_full_scan() {
        // Small integers, so that ties occur and the order of the scan matters.
        let mut random = xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = || (random() % 7) as f32 - 3.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        for len in 1..60 {
            let (tr, e) = random_problem(&mut next, len);
            viterbi(&e, &tr, &mut back, &mut out);
            assert_eq!(out, full_scan(&e, &tr).0, "length {len}");
        }
    }

    /// Many sequences with ties, `-inf` anywhere (in places every path is `-inf`,
    /// where only the initial back-pointer 0 decides) and a mix of magnitudes.
    #[test]
    fn scan_equals_full_scan_with_ties_and_infinities() {
        let mut random = xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut back, mut out) = (Vec::new(), Vec::new());
        for case in 0..3000 {
            // Ever more `-inf` as the cases go on: from none to about half.
            let infinities = case % 8;
            let mut next = || match random() % 16 {
                r if r < infinities => f32::NEG_INFINITY,
                r if r < 12 => (r % 5) as f32 - 2.0,
                r => (r as f32 - 13.5) * 0.1,
            };
            let (tr, e) = random_problem(&mut next, (1 + case % 40) as usize);
            viterbi(&e, &tr, &mut back, &mut out);
            assert_eq!(out, full_scan(&e, &tr).0, "case {case}");
        }
    }

    /// The back-pointers the backtrace recomputes are the full scan's for every label of
    /// every token, not only on the best path, so a tie broken the other way, a
    /// candidate tried out of order or a wrong start for `-inf` shows up at once.
    #[test]
    fn recomputed_back_pointers_equal_full_scan() {
        let mut random = xorshift(0x5851_f42d_4c95_7f2d);
        let (mut scores, mut out) = (Vec::new(), Vec::new());
        let mut ties = 0;
        for case in 0..3000 {
            let infinities = case % 8;
            let mut next = || match random() % 16 {
                r if r < infinities => f32::NEG_INFINITY,
                r if r < 13 => (r % 3) as f32 - 1.0,
                r => (r as f32 - 14.5) * 0.5,
            };
            let len = 2 + (case % 30) as usize;
            let (tr, e) = random_problem(&mut next, len);
            // The scan itself: the shortcut would keep no scores.
            let lanes: Vec<LaneScores> = e.iter().map(|e| to_lanes(e, 0.0)).collect();
            scan(&lanes, &tr, &mut scores, &mut out);
            let (labels, back) = full_scan(&e, &tr);
            assert_eq!(out, labels, "case {case}");
            assert_eq!(scores.len(), len - 1);
            for (t, score) in scores.iter().enumerate() {
                for (label, &want) in back[t + 1].iter().enumerate() {
                    assert_eq!(
                        best_previous(score, &tr, label),
                        want,
                        "case {case}, token {}, label {label}",
                        t + 1
                    );
                    // A finite best reached from more than one previous label.
                    let sums: Vec<f32> = (0..L)
                        .map(|p| score_of(score, p) + tr.trans[p][label])
                        .collect();
                    let best = sums[usize::from(want)];
                    ties += usize::from(
                        best.is_finite() && sums.iter().filter(|&&s| s == best).count() > 1,
                    );
                }
            }
        }
        // The cases exercise tie-breaking, not only clear winners.
        assert!(ties > 10_000, "{ties} ties");
    }

    #[test]
    fn emissions_in_lanes_are_the_scaled_sums() {
        let mut random = xorshift(0x1234_5678_9abc_def1);
        for case in 0..2000 {
            // Some sums too large for an f32 to hold exactly, so that rounding shows.
            let bits = 8 + case % 24;
            let sums: [i32; L] = std::array::from_fn(|_| (random() as i32) >> (31 - bits));
            let scale = [0.01, 0.003_7, 1.0, -0.25, 1e-7][case % 5];
            let got = emission(&in_lane_order(&sums), scale);
            for (l, &v) in sums.iter().enumerate() {
                let want = v as f32 * scale;
                assert_eq!(score_of(&got, l).to_bits(), want.to_bits(), "case {case}");
            }
        }
    }

    /// Problems shaped like the tagger's: O usually ahead, by margins around what the
    /// transitions can make up, so that the shortcut both fires and declines near its
    /// bound. Where it fires, the full scan must find all O.
    #[test]
    fn shortcut_only_where_the_full_scan_finds_all_outside() {
        let mut random = xorshift(0x0dd_ba11_cafe_f00d);
        let mut uniform = move || (random() >> 11) as f32 / (1u64 << 53) as f32;
        let (mut fired, mut declined, mut all_o_declined) = (0, 0, 0);
        for case in 0..20_000 {
            let spread = [0.5, 2.0, 6.0][case % 3];
            let mut next = || (uniform() - 0.5) * 2.0 * spread;
            let len = 1 + case % 25;
            let (tr, mut e) = random_problem(&mut next, len);
            let lead = 12.0 * spread * uniform();
            for row in &mut e {
                row[usize::from(OUTSIDE)] += lead * (0.5 + uniform());
            }
            let lanes: Vec<LaneScores> = e.iter().map(|e| to_lanes(e, 0.0)).collect();
            let all_o = full_scan(&e, &tr).0.iter().all(|&l| l == OUTSIDE);
            if surely_outside(&lanes, &tr) {
                assert!(all_o, "case {case}");
                fired += 1;
            } else {
                declined += 1;
                all_o_declined += usize::from(all_o);
            }
        }
        assert!(
            fired > 2000 && declined > 2000,
            "{fired} fired, {declined} declined"
        );
        // A bound, not the scan: it declines some sentences that are all O after all.
        assert!(all_o_declined > 100, "{all_o_declined}");
    }

    #[test]
    fn shortcut_declines_without_a_finite_all_outside_path() {
        let o = usize::from(OUTSIDE);
        let mut e = vec![[0.0; L]; 3];
        for row in &mut e {
            row[o] = 100.0;
        }
        let lanes: Vec<LaneScores> = e.iter().map(|e| to_lanes(e, 0.0)).collect();
        assert!(surely_outside(&lanes, &zero()));
        let mut trans = [[0.0; L]; L];
        trans[o][o] = f32::NEG_INFINITY;
        let tr = Transitions::constrained(&[0.0; L], &trans, &[0.0; L]);
        assert!(!surely_outside(&lanes, &tr));
        // An emission of -inf or a huge one leaves no room for rounding: the scan decides.
        e[1][3] = f32::NEG_INFINITY;
        let lanes: Vec<LaneScores> = e.iter().map(|e| to_lanes(e, 0.0)).collect();
        assert!(!surely_outside(&lanes, &zero()));
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
