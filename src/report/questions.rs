//! The questions report: every question in the selection, and the
//! questions that come back session after session.

use crate::model::{AnswerRecord, QuestionKindRecord, SessionRecord};
use crate::questions::{group, QuestionRef};
use crate::themes::Lexicon;

/// One question, flattened out of its session.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    pub session: String,
    pub date: Option<String>,
    /// Title of the session.
    pub title: String,
    pub passage: u32,
    pub text: String,
    pub kind: QuestionKindRecord,
    pub asker: Option<String>,
    pub addressee: Option<String>,
    /// `None`: the question stays open.
    pub answer: Option<AnswerRecord>,
    /// Id of the recurring group this question is in; `None` when its
    /// group stays within one session.
    pub group: Option<u32>,
}

/// A question that recurs: asked, in some wording, in two or more sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct RecurringGroup {
    /// 1-based, in report order (most sessions first).
    pub id: u32,
    pub label: String,
    /// Distinct session ids, sorted.
    pub sessions: Vec<String>,
    /// Distinct dates, sorted.
    pub dates: Vec<String>,
    /// Distinct askers, sorted.
    pub askers: Vec<String>,
    /// Indices into [`QuestionReport::questions`], ascending.
    pub questions: Vec<usize>,
}

/// The aggregated questions report.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionReport {
    /// Number of sessions in the selection (with or without questions).
    pub sessions: usize,
    /// All questions, in session order, then in the order found.
    pub questions: Vec<QuestionRow>,
    /// Only groups that span at least two sessions, most sessions first,
    /// then most questions, then first asked.
    pub groups: Vec<RecurringGroup>,
}

/// Aggregates the questions report: flattens all questions and groups
/// them with [`crate::questions::group`] at `threshold`.
///
/// Groups that stay within one session (singletons included) are left
/// out: the report is about questions that come back. Recurring groups are
/// renumbered 1, 2, … in report order, so ids are short and dense; they
/// are stable for a given selection, not across selections.
pub fn build(sessions: &[SessionRecord], lexicon: &Lexicon, threshold: f32) -> QuestionReport {
    let mut questions: Vec<QuestionRow> = sessions
        .iter()
        .flat_map(|s| {
            s.questions.iter().map(move |q| QuestionRow {
                session: s.id.clone(),
                date: s.date.clone(),
                title: s.title.clone(),
                passage: q.passage,
                text: q.text.clone(),
                kind: q.kind,
                asker: q.asker.clone(),
                addressee: q.addressee.clone(),
                answer: q.answer.clone(),
                group: None,
            })
        })
        .collect();
    let refs: Vec<QuestionRef> = questions
        .iter()
        .map(|q| QuestionRef {
            session: &q.session,
            date: q.date.as_deref(),
            text: &q.text,
            asker: q.asker.as_deref(),
        })
        .collect();
    let mut found = group(&refs, lexicon, threshold);
    // `group` promises this order; sorting again (stable) keeps the report
    // right even if that promise changes.
    found.sort_by(|a, b| {
        b.sessions
            .len()
            .cmp(&a.sessions.len())
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members.first().cmp(&b.members.first()))
    });
    let groups: Vec<RecurringGroup> = found
        .into_iter()
        .filter(|g| g.sessions.len() >= 2)
        .enumerate()
        .map(|(k, g)| RecurringGroup {
            id: u32::try_from(k + 1).unwrap_or(u32::MAX),
            label: g.label,
            sessions: g.sessions,
            dates: g.dates,
            askers: g.askers,
            questions: g.members,
        })
        .collect();
    for g in &groups {
        for &i in &g.questions {
            questions[i].group = Some(g.id);
        }
    }
    QuestionReport {
        sessions: sessions.len(),
        questions,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QuestionRecord;
    use crate::report::themes::tests::session;

    fn ask(text: &str, asker: Option<&str>) -> QuestionRecord {
        QuestionRecord {
            passage: 2,
            text: text.to_string(),
            kind: QuestionKindRecord::Indirect,
            asker: asker.map(str::to_string),
            addressee: None,
            answer: None,
        }
    }

    #[test]
    fn flattens_and_marks_recurring_groups() {
        let lexicon = Lexicon::default_nl();
        let mut a = session("a", Some("2021-01-10"), 100, &[]);
        a.questions = vec![
            ask("wie betaalt de koffie", Some("Irene")),
            ask("wie betaalt de koffie eigenlijk", None),
            ask("hoe borgen we de kennis", Some("Frank")),
        ];
        let b = session("b", Some("2021-02-10"), 100, &[]);
        let mut c = session("c", None, 100, &[]);
        c.questions = vec![ask("hoe borgen we de kennis na de deal", Some("Bas"))];
        let r = build(&[a, b, c], &lexicon, 0.3);
        assert_eq!(r.sessions, 3);
        let flat: Vec<(&str, &str)> = r
            .questions
            .iter()
            .map(|q| (q.session.as_str(), q.text.as_str()))
            .collect();
        assert_eq!(
            flat,
            [
                ("a", "wie betaalt de koffie"),
                ("a", "wie betaalt de koffie eigenlijk"),
                ("a", "hoe borgen we de kennis"),
                ("c", "hoe borgen we de kennis na de deal"),
            ]
        );
        // The koffie pair stays in one session: not recurring.
        assert_eq!(r.groups.len(), 1, "{:#?}", r.groups);
        let g = &r.groups[0];
        assert_eq!(g.id, 1);
        assert_eq!(g.questions, [2, 3]);
        assert_eq!(g.sessions, ["a", "c"]);
        assert_eq!(g.dates, ["2021-01-10"]);
        assert_eq!(g.askers, ["Bas", "Frank"]);
        let marks: Vec<Option<u32>> = r.questions.iter().map(|q| q.group).collect();
        assert_eq!(marks, [None, None, Some(1), Some(1)]);
        assert_eq!(r.questions[3].title, "Sessie c");
    }

    #[test]
    fn recurring_groups_with_most_sessions_come_first() {
        let lexicon = Lexicon::default_nl();
        let mut sessions = Vec::new();
        for (id, texts) in [
            (
                "a",
                &["wie betaalt de koffie", "hoe borgen we de kennis"][..],
            ),
            ("b", &["wie betaalt de koffie"][..]),
            ("c", &["hoe borgen we de kennis"][..]),
            ("d", &["hoe borgen we de kennis"][..]),
        ] {
            let mut s = session(id, None, 10, &[]);
            s.questions = texts.iter().map(|t| ask(t, None)).collect();
            sessions.push(s);
        }
        let r = build(&sessions, &lexicon, 0.3);
        let shape: Vec<(u32, usize)> = r.groups.iter().map(|g| (g.id, g.sessions.len())).collect();
        assert_eq!(shape, [(1, 3), (2, 2)]);
        assert_eq!(r.groups[0].questions, [1, 3, 4]);
    }

    #[test]
    fn no_questions_no_groups() {
        let r = build(&[], &Lexicon::default_nl(), 0.3);
        assert!(r.questions.is_empty() && r.groups.is_empty());
    }
}
