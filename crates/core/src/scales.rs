//! Outcome measures: the questionnaires a caseworker scores at a baseline and at later reviews.
//!
//! The scales are a closed enum and every fact about them (wording, answer labels, bands, thresholds)
//! is static data in this one file, so that a clinician can review the whole of what the app says
//! and counts in one place, and so that the client record and the monthly summary cannot disagree
//! about what "reliable improvement" means. Only a total is worth storing: [`score`] turns item
//! answers into a total, [`score_total`] accepts a total from a paper form, and both give the same
//! [`Scored`]. [`progress`] reads a change the right way round for each scale (lower is better for
//! PHQ-9 and GAD-7, higher for the wellbeing check), so callers never compare scores themselves.
//! The module uses only `std`, so it can be tested on its own with `rustc --test`.
//!
//! PHQ-9 and GAD-7 were developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and
//! colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce,
//! translate, display or distribute them. The wellbeing check is our own, not SWEMWBS or WEMWBS.

/// A questionnaire the app can score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// PHQ-9: nine questions about depression, each 0 to 3; lower is better.
    Phq9,
    /// GAD-7: seven questions about anxiety, each 0 to 3; lower is better.
    Gad7,
    /// Our own five-question wellbeing check, each 0 to 4; higher is better.
    Wellbeing,
}

/// A named range of totals on a scale, such as "moderate" for PHQ-9 totals 10 to 14.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// Stable code for storage and reports, such as `moderately_severe`.
    pub code: &'static str,
    /// Words to show a person, such as "moderately severe".
    pub label: &'static str,
    /// Lowest total in the band.
    pub from: u8,
    /// Highest total in the band.
    pub to: u8,
}

/// A scored questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// The scale that was scored.
    pub scale: Scale,
    /// The total of the answers.
    pub total: u8,
    /// The band the total falls in.
    pub band: Band,
    /// True when the scale's risk item was answered above 0; show [`Scale::risk_warning`] when it is.
    /// Always false for a total typed in without item answers.
    pub risk_item_flagged: bool,
}

/// Why answers could not be scored. `field` is the form field to mark: "answers" for a wrong count,
/// "answers.N" (1-based item number) for an out-of-range answer, "total" for a total out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleError {
    /// The form field to mark.
    pub field: String,
    /// What is wrong, in words to show beside the field.
    pub message: String,
}

/// Change from a baseline to a later score, read the right way round for the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Better by at least the scale's reliable-change amount.
    ReliableImprovement,
    /// Worse by at least the scale's reliable-change amount.
    ReliableDeterioration,
    /// A change smaller than the reliable-change amount, or none.
    NoReliableChange,
}

/// How a later score compares with the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Later total minus baseline total.
    pub points: i16,
    /// Whether the change is reliable, and which way.
    pub change: Change,
    /// Baseline at or above caseness and later below it, with reliable improvement.
    /// Always false for scales without caseness.
    pub recovered: bool,
    /// The change in words, such as "Down 7 points since the baseline: a reliable improvement."
    pub words: String,
}

const PHQ_STEM: &str =
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?";
// GAD-7's own form says "the following problems", without "any of".
const GAD_STEM: &str = "Over the last 2 weeks, how often have you been bothered by the following problems?";
const WELLBEING_STEM: &str =
    "Over the last 2 weeks, how much of the time has each of these been true for you?";

const PHQ9_ITEMS: [&str; 9] = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself \u{2014} or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed. Or the opposite \u{2014} being so \
     fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];

const GAD7_ITEMS: [&str; 7] = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
];

// Worded to suit everyone, including people with no drink or drug need.
const WELLBEING_ITEMS: [&str; 5] = [
    "I've had things to look forward to",
    "I've been sleeping well enough",
    "I've felt I have people I can turn to",
    "I've been looking after my health",
    "I've known where to go for help when something went wrong",
];

const TWO_WEEK_ANSWERS: [&str; 4] =
    ["Not at all", "Several days", "More than half the days", "Nearly every day"];

const WELLBEING_ANSWERS: [&str; 5] =
    ["None of the time", "A little of the time", "Some of the time", "Most of the time", "All of the time"];

const fn band(code: &'static str, label: &'static str, from: u8, to: u8) -> Band {
    Band { code, label, from, to }
}

const PHQ9_BANDS: [Band; 5] = [
    band("minimal", "minimal", 0, 4),
    band("mild", "mild", 5, 9),
    band("moderate", "moderate", 10, 14),
    band("moderately_severe", "moderately severe", 15, 19),
    band("severe", "severe", 20, 27),
];

const GAD7_BANDS: [Band; 4] = [
    band("minimal", "minimal", 0, 4),
    band("mild", "mild", 5, 9),
    band("moderate", "moderate", 10, 14),
    band("severe", "severe", 15, 21),
];

const WELLBEING_BANDS: [Band; 3] =
    [band("low", "low", 0, 7), band("middling", "middling", 8, 13), band("good", "good", 14, 20)];

const PHQ9_RISK_WARNING: &str = "Answered item 9 (thoughts of self-harm) above 0: check risk today.";

impl Scale {
    /// Every scale, in the order to offer them.
    pub const ALL: [Scale; 3] = [Scale::Phq9, Scale::Gad7, Scale::Wellbeing];

    /// Stable code for storage: "phq9", "gad7" or "wellbeing".
    pub fn code(self) -> &'static str {
        match self {
            Scale::Phq9 => "phq9",
            Scale::Gad7 => "gad7",
            Scale::Wellbeing => "wellbeing",
        }
    }

    /// The scale with this exact code, or None.
    pub fn from_code(s: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|scale| scale.code() == s)
    }

    /// The name to show a person.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Phq9 => "PHQ-9 (depression)",
            Scale::Gad7 => "GAD-7 (anxiety)",
            Scale::Wellbeing => "Wellbeing check",
        }
    }

    /// The instruction read out before the questions.
    pub fn stem(self) -> &'static str {
        match self {
            Scale::Phq9 => PHQ_STEM,
            Scale::Gad7 => GAD_STEM,
            Scale::Wellbeing => WELLBEING_STEM,
        }
    }

    /// The questions, in order.
    pub fn items(self) -> &'static [&'static str] {
        match self {
            Scale::Phq9 => &PHQ9_ITEMS,
            Scale::Gad7 => &GAD7_ITEMS,
            Scale::Wellbeing => &WELLBEING_ITEMS,
        }
    }

    /// The answer labels for scores 0 to [`Scale::max_item`], in order.
    pub fn answers(self) -> &'static [&'static str] {
        match self {
            Scale::Phq9 | Scale::Gad7 => &TWO_WEEK_ANSWERS,
            Scale::Wellbeing => &WELLBEING_ANSWERS,
        }
    }

    /// The highest score one question can have.
    pub fn max_item(self) -> u8 {
        match self {
            Scale::Phq9 | Scale::Gad7 => 3,
            Scale::Wellbeing => 4,
        }
    }

    /// The highest total the scale can have.
    pub fn max_total(self) -> u8 {
        match self {
            Scale::Phq9 => 27,
            Scale::Gad7 => 21,
            Scale::Wellbeing => 20,
        }
    }

    /// True when a higher total means the person is doing better.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Scale::Wellbeing)
    }

    /// The smallest change in points that counts as reliable, either way.
    pub fn reliable_change(self) -> u8 {
        match self {
            Scale::Phq9 => 6,
            Scale::Gad7 | Scale::Wellbeing => 4,
        }
    }

    /// The lowest total in the clinical range, or None for a scale without one.
    pub fn caseness(self) -> Option<u8> {
        match self {
            Scale::Phq9 => Some(10),
            Scale::Gad7 => Some(8),
            Scale::Wellbeing => None,
        }
    }

    /// The band a total falls in ("moderate"), or None when the total is out of range.
    pub fn band(self, total: u8) -> Option<Band> {
        self.bands().iter().copied().find(|b| (b.from..=b.to).contains(&total))
    }

    /// Every band on the scale, lowest totals first.
    pub fn bands(self) -> &'static [Band] {
        match self {
            Scale::Phq9 => &PHQ9_BANDS,
            Scale::Gad7 => &GAD7_BANDS,
            Scale::Wellbeing => &WELLBEING_BANDS,
        }
    }

    /// The warning to show when [`Scored::risk_item_flagged`] is true, or None for a scale without a
    /// risk item. PHQ-9 item 9 asks about thoughts of death or self-harm.
    pub fn risk_warning(self) -> Option<&'static str> {
        self.risk_item().map(|_| PHQ9_RISK_WARNING)
    }

    /// The 1-based number of the item whose any answer above 0 must be surfaced.
    fn risk_item(self) -> Option<usize> {
        match self {
            Scale::Phq9 => Some(9),
            Scale::Gad7 | Scale::Wellbeing => None,
        }
    }
}

impl ScaleError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ScaleError { field: field.into(), message: message.into() }
    }
}

/// Scores item answers (one per item, in order). Refuses a wrong number of answers or an answer
/// outside `0..=max_item`, naming the item ("Question 3 must be between 0 and 3.").
pub fn score(scale: Scale, answers: &[u8]) -> Result<Scored, ScaleError> {
    let expected = scale.items().len();
    if answers.len() < expected {
        let given = match answers.len() {
            0 => "none has an answer".to_string(),
            1 => "only 1 has an answer".to_string(),
            n => format!("only {n} have an answer"),
        };
        return Err(ScaleError::new("answers", format!("Answer all {expected} questions: {given}.")));
    }
    if answers.len() > expected {
        return Err(ScaleError::new(
            "answers",
            format!("There are only {expected} questions, but {} answers were given.", answers.len()),
        ));
    }
    let max = scale.max_item();
    if let Some(number) = answers.iter().position(|&a| a > max).map(|i| i + 1) {
        return Err(ScaleError::new(
            format!("answers.{number}"),
            format!("Question {number} must be between 0 and {max}."),
        ));
    }
    let sum: u16 = answers.iter().map(|&a| u16::from(a)).sum();
    // Cannot fail once every answer is in range, but an error beats a panic.
    let total = u8::try_from(sum).map_err(|_| total_error(scale))?;
    let mut scored = score_total(scale, total)?;
    scored.risk_item_flagged =
        scale.risk_item().and_then(|number| answers.get(number - 1)).is_some_and(|&a| a > 0);
    Ok(scored)
}

/// Scores a total typed in without item answers (a paper form's total). Refuses a total above
/// `max_total`. `risk_item_flagged` is always false, as there are no item answers to check.
pub fn score_total(scale: Scale, total: u8) -> Result<Scored, ScaleError> {
    let band = scale.band(total).ok_or_else(|| total_error(scale))?;
    Ok(Scored { scale, total, band, risk_item_flagged: false })
}

fn total_error(scale: Scale) -> ScaleError {
    ScaleError::new("total", format!("The total must be between 0 and {}.", scale.max_total()))
}

/// Compares a later total with the baseline, reading the change the right way round for the scale.
/// Both totals are expected to come from [`score`] or [`score_total`].
pub fn progress(scale: Scale, baseline: u8, later: u8) -> Progress {
    let points = i16::from(later) - i16::from(baseline);
    let size = points.unsigned_abs();
    let better = if scale.higher_is_better() { points > 0 } else { points < 0 };
    let change = if points == 0 || size < u16::from(scale.reliable_change()) {
        Change::NoReliableChange
    } else if better {
        Change::ReliableImprovement
    } else {
        Change::ReliableDeterioration
    };
    // Caseness only exists on lower-is-better scales: at or above it is the clinical range.
    let recovered =
        change == Change::ReliableImprovement && scale.caseness().is_some_and(|c| baseline >= c && later < c);
    let words = if points == 0 {
        "No change since the baseline.".to_string()
    } else {
        let direction = if points > 0 { "Up" } else { "Down" };
        let unit = if size == 1 { "point" } else { "points" };
        let verdict = match change {
            Change::ReliableImprovement => "a reliable improvement",
            Change::ReliableDeterioration => "a reliable worsening",
            Change::NoReliableChange => "no reliable change",
        };
        format!("{direction} {size} {unit} since the baseline: {verdict}.")
    };
    Progress { points, change, recovered, words }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers in range that add up to `total`, filling questions from the first.
    fn answers_summing(scale: Scale, total: u8) -> Vec<u8> {
        let mut left = total;
        let answers: Vec<u8> = scale
            .items()
            .iter()
            .map(|_| {
                let a = left.min(scale.max_item());
                left -= a;
                a
            })
            .collect();
        assert_eq!(left, 0, "{total} cannot be reached on {}", scale.name());
        answers
    }

    fn check_edges(scale: Scale, edges: &[(u8, &str)], out_of_range: u8) {
        for &(total, code) in edges {
            let typed = score_total(scale, total).unwrap();
            assert_eq!((typed.total, typed.band.code), (total, code), "{} total {total}", scale.name());
            assert!(typed.band.from <= total && total <= typed.band.to);
            let answered = score(scale, &answers_summing(scale, total)).unwrap();
            assert_eq!(
                (answered.total, answered.band.code),
                (total, code),
                "{} answers {total}",
                scale.name()
            );
            assert_eq!(scale.band(total).map(|b| b.code), Some(code));
        }
        assert_eq!(scale.band(out_of_range), None);
        let err = score_total(scale, out_of_range).unwrap_err();
        assert_eq!(err.field, "total");
        assert_eq!(err.message, format!("The total must be between 0 and {}.", out_of_range - 1));
        // Every answer at the top is the highest total; one more cannot be answered, only typed.
        let top = vec![scale.max_item(); scale.items().len()];
        assert_eq!(score(scale, &top).unwrap().total, out_of_range - 1);
    }

    #[test]
    fn phq9_band_edges() {
        let edges = [
            (0, "minimal"),
            (4, "minimal"),
            (5, "mild"),
            (9, "mild"),
            (10, "moderate"),
            (14, "moderate"),
            (15, "moderately_severe"),
            (19, "moderately_severe"),
            (20, "severe"),
            (27, "severe"),
        ];
        check_edges(Scale::Phq9, &edges, 28);
        assert_eq!(Scale::Phq9.band(17).map(|b| b.label), Some("moderately severe"));
    }

    #[test]
    fn gad7_band_edges() {
        let edges = [
            (0, "minimal"),
            (4, "minimal"),
            (5, "mild"),
            (9, "mild"),
            (10, "moderate"),
            (14, "moderate"),
            (15, "severe"),
            (21, "severe"),
        ];
        check_edges(Scale::Gad7, &edges, 22);
    }

    #[test]
    fn wellbeing_band_edges() {
        let edges = [(0, "low"), (7, "low"), (8, "middling"), (13, "middling"), (14, "good"), (20, "good")];
        check_edges(Scale::Wellbeing, &edges, 21);
    }

    #[test]
    fn bands_cover_every_total_once() {
        for scale in Scale::ALL {
            let bands = scale.bands();
            assert_eq!(bands.first().map(|b| b.from), Some(0), "{}", scale.name());
            assert_eq!(bands.last().map(|b| b.to), Some(scale.max_total()), "{}", scale.name());
            for pair in bands.windows(2) {
                assert_eq!(pair[1].from, pair[0].to + 1, "{} gap or overlap", scale.name());
            }
            assert_eq!(scale.band(u8::MAX), None);
        }
    }

    #[test]
    fn scale_facts_match_the_published_scoring() {
        let facts: Vec<_> = Scale::ALL
            .into_iter()
            .map(|s| {
                (
                    s.items().len(),
                    s.answers().len(),
                    s.max_item(),
                    s.max_total(),
                    s.higher_is_better(),
                    s.reliable_change(),
                    s.caseness(),
                )
            })
            .collect();
        assert_eq!(
            facts,
            [
                (9, 4, 3, 27, false, 6, Some(10)),
                (7, 4, 3, 21, false, 4, Some(8)),
                (5, 5, 4, 20, true, 4, None)
            ]
        );
        for scale in Scale::ALL {
            let items = u8::try_from(scale.items().len()).unwrap();
            assert_eq!(items * scale.max_item(), scale.max_total(), "{}", scale.name());
        }
    }

    #[test]
    fn wording_is_the_standard_wording() {
        assert_eq!(
            Scale::Phq9.answers(),
            ["Not at all", "Several days", "More than half the days", "Nearly every day"]
        );
        assert_eq!(Scale::Gad7.answers(), Scale::Phq9.answers());
        assert_eq!(
            Scale::Phq9.stem(),
            "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
        );
        assert_eq!(
            Scale::Phq9.items()[8],
            "Thoughts that you would be better off dead or of hurting yourself in some way"
        );
        assert_eq!(Scale::Gad7.items()[0], "Feeling nervous, anxious, or on edge");
        assert_eq!(Scale::Wellbeing.answers().first(), Some(&"None of the time"));
        assert_eq!(Scale::Wellbeing.answers().last(), Some(&"All of the time"));
        assert_eq!(Scale::Wellbeing.items()[4], "I've known where to go for help when something went wrong");
    }

    #[test]
    fn codes_and_names() {
        let codes: Vec<_> = Scale::ALL.into_iter().map(Scale::code).collect();
        assert_eq!(codes, ["phq9", "gad7", "wellbeing"]);
        for scale in Scale::ALL {
            assert_eq!(Scale::from_code(scale.code()), Some(scale));
        }
        assert_eq!(Scale::from_code("PHQ-9"), None);
        assert_eq!(Scale::from_code(""), None);
        let names: Vec<_> = Scale::ALL.into_iter().map(Scale::name).collect();
        assert_eq!(names, ["PHQ-9 (depression)", "GAD-7 (anxiety)", "Wellbeing check"]);
    }

    #[test]
    fn refuses_too_few_answers() {
        let err = score(Scale::Phq9, &[0; 8]).unwrap_err();
        assert_eq!(err.field, "answers");
        assert_eq!(err.message, "Answer all 9 questions: only 8 have an answer.");
        let err = score(Scale::Gad7, &[]).unwrap_err();
        assert_eq!(err.message, "Answer all 7 questions: none has an answer.");
        let err = score(Scale::Wellbeing, &[2]).unwrap_err();
        assert_eq!(err.message, "Answer all 5 questions: only 1 has an answer.");
    }

    #[test]
    fn refuses_too_many_answers() {
        let err = score(Scale::Phq9, &[0; 10]).unwrap_err();
        assert_eq!(err.field, "answers");
        assert_eq!(err.message, "There are only 9 questions, but 10 answers were given.");
    }

    #[test]
    fn refuses_an_answer_out_of_range_naming_the_question() {
        let err = score(Scale::Phq9, &[0, 0, 4, 0, 0, 0, 0, 0, 0]).unwrap_err();
        assert_eq!(err.field, "answers.3");
        assert_eq!(err.message, "Question 3 must be between 0 and 3.");
        // The first bad answer is the one named.
        let err = score(Scale::Gad7, &[0, 0, 0, 0, 9, 0, 7]).unwrap_err();
        assert_eq!(err.field, "answers.5");
        // 4 is allowed on the wellbeing check, 5 is not.
        assert_eq!(score(Scale::Wellbeing, &[4, 0, 0, 0, 0]).unwrap().total, 4);
        let err = score(Scale::Wellbeing, &[0, 0, 0, 0, 5]).unwrap_err();
        assert_eq!(err.field, "answers.5");
        assert_eq!(err.message, "Question 5 must be between 0 and 4.");
    }

    #[test]
    fn refuses_a_total_above_the_maximum() {
        let err = score_total(Scale::Phq9, 28).unwrap_err();
        assert_eq!(err.field, "total");
        assert_eq!(err.message, "The total must be between 0 and 27.");
        assert!(score_total(Scale::Phq9, 27).is_ok());
    }

    #[test]
    fn item_9_above_0_is_flagged() {
        let mut answers = [0; 9];
        answers[8] = 1;
        let scored = score(Scale::Phq9, &answers).unwrap();
        assert!(scored.risk_item_flagged);
        assert_eq!(scored.total, 1);
        assert_eq!(
            Scale::Phq9.risk_warning(),
            Some("Answered item 9 (thoughts of self-harm) above 0: check risk today.")
        );
    }

    #[test]
    fn item_9_at_0_is_not_flagged_whatever_else_is_answered() {
        let scored = score(Scale::Phq9, &[3, 3, 3, 3, 3, 3, 3, 3, 0]).unwrap();
        assert!(!scored.risk_item_flagged);
        assert_eq!(scored.total, 24);
        // A typed total has no item answers to flag.
        assert!(!score_total(Scale::Phq9, 27).unwrap().risk_item_flagged);
    }

    #[test]
    fn only_phq9_has_a_risk_item() {
        assert!(!score(Scale::Gad7, &[3; 7]).unwrap().risk_item_flagged);
        assert!(!score(Scale::Wellbeing, &[4; 5]).unwrap().risk_item_flagged);
        assert_eq!(Scale::Gad7.risk_warning(), None);
        assert_eq!(Scale::Wellbeing.risk_warning(), None);
    }

    #[test]
    fn phq9_reliable_change_edges() {
        let p = progress(Scale::Phq9, 15, 10);
        assert_eq!((p.points, p.change), (-5, Change::NoReliableChange));
        assert_eq!(p.words, "Down 5 points since the baseline: no reliable change.");

        let p = progress(Scale::Phq9, 15, 9);
        assert_eq!((p.points, p.change), (-6, Change::ReliableImprovement));
        assert_eq!(p.words, "Down 6 points since the baseline: a reliable improvement.");

        let p = progress(Scale::Phq9, 9, 15);
        assert_eq!((p.points, p.change), (6, Change::ReliableDeterioration));
        assert_eq!(p.words, "Up 6 points since the baseline: a reliable worsening.");
        assert!(!p.recovered);

        let p = progress(Scale::Phq9, 10, 15);
        assert_eq!((p.points, p.change), (5, Change::NoReliableChange));
        assert_eq!(p.words, "Up 5 points since the baseline: no reliable change.");
    }

    #[test]
    fn gad7_reliable_change_edges() {
        assert_eq!(progress(Scale::Gad7, 12, 9).change, Change::NoReliableChange);
        assert_eq!(progress(Scale::Gad7, 12, 8).change, Change::ReliableImprovement);
        assert_eq!(progress(Scale::Gad7, 8, 12).change, Change::ReliableDeterioration);
        assert_eq!(progress(Scale::Gad7, 8, 11).change, Change::NoReliableChange);
    }

    #[test]
    fn wellbeing_reads_higher_as_better() {
        let p = progress(Scale::Wellbeing, 10, 14);
        assert_eq!((p.points, p.change), (4, Change::ReliableImprovement));
        assert_eq!(p.words, "Up 4 points since the baseline: a reliable improvement.");
        assert!(!p.recovered, "the wellbeing check has no caseness");

        let p = progress(Scale::Wellbeing, 14, 10);
        assert_eq!((p.points, p.change), (-4, Change::ReliableDeterioration));
        assert_eq!(p.words, "Down 4 points since the baseline: a reliable worsening.");

        assert_eq!(progress(Scale::Wellbeing, 10, 13).change, Change::NoReliableChange);
        assert_eq!(progress(Scale::Wellbeing, 0, 20).change, Change::ReliableImprovement);
        assert!(!progress(Scale::Wellbeing, 0, 20).recovered);
    }

    #[test]
    fn no_change_and_one_point() {
        let p = progress(Scale::Phq9, 12, 12);
        assert_eq!((p.points, p.change, p.recovered), (0, Change::NoReliableChange, false));
        assert_eq!(p.words, "No change since the baseline.");
        assert_eq!(progress(Scale::Gad7, 5, 4).words, "Down 1 point since the baseline: no reliable change.");
        assert_eq!(
            progress(Scale::Wellbeing, 4, 5).words,
            "Up 1 point since the baseline: no reliable change."
        );
    }

    #[test]
    fn recovery_needs_caseness_then_below_it_with_reliable_improvement() {
        // Recovered: from the clinical range to below it, by a reliable amount.
        assert!(progress(Scale::Phq9, 15, 9).recovered);
        assert!(progress(Scale::Phq9, 10, 4).recovered, "baseline exactly at caseness counts");
        assert!(progress(Scale::Gad7, 8, 4).recovered, "GAD-7 edges: 8 down to 4");
        // Later still at caseness.
        assert!(!progress(Scale::Phq9, 16, 10).recovered);
        assert!(!progress(Scale::Gad7, 12, 8).recovered);
        // Below caseness but not a reliable improvement.
        assert!(!progress(Scale::Phq9, 12, 7).recovered);
        assert!(!progress(Scale::Gad7, 10, 7).recovered);
        // Reliable improvement but the baseline was already below caseness.
        assert!(!progress(Scale::Phq9, 9, 2).recovered);
        assert!(!progress(Scale::Gad7, 7, 3).recovered);
        // Reliable improvement that stays in the clinical range.
        assert!(!progress(Scale::Phq9, 27, 12).recovered);
    }
}
