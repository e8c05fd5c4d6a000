//! Outcome measures: a questionnaire (PHQ-9, GAD-7, the wellbeing check) completed with a person, at
//! a baseline and then at reviews.
//!
//! Scoring and bands live in [`crate::scales`], which knows nothing of the database; this module
//! stores what was answered and the total, refuses answers outside a scale's range, and reads each
//! person's measures as a series per scale. The earliest of a scale is the baseline; each later one
//! is read against it, the right way round for the scale (lower is better for PHQ-9 and GAD-7,
//! higher for the wellbeing check), with "reliable" meaning a change at least the scale's
//! reliable-change threshold.
//!
//! Which questionnaires an organisation uses is its own choice (a manager's setting that syncs):
//! only those are offered for new readings, and readings already taken always stay readable.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::{ClosedSet, MeasureScale};
use crate::ids::{ClientId, MeasureId, UserId};
use crate::model::appointments::check_client;
use crate::model::{Stored, fields_impl, query_all, record};
use crate::scales::{self, Scale};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result};

record! {
    /// A completed questionnaire.
    MeasureFields, MeasurePatch {
        /// Whose.
        client_id: ClientId,
        /// Which questionnaire.
        scale: MeasureScale,
        /// When it was completed.
        taken_on: Date,
        /// The answer to each question, in order, when they were recorded one by one.
        answers: Option<Vec<u8>>,
        /// The total score.
        total: u8,
        /// Who recorded it.
        recorded_by: UserId,
    }
}
fields_impl!(MeasureFields, MeasurePatch, Entity::Measure, MeasureId);

/// A stored measure.
pub type Measure = Stored<MeasureId, MeasureFields>;

/// What a person fills in: the answers one by one, or only the total from a paper form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewMeasure {
    /// Whose.
    pub client_id: ClientId,
    /// Which questionnaire.
    pub scale: MeasureScale,
    /// When it was completed.
    pub taken_on: Date,
    /// The answers, one per question; leave empty to give only the total.
    #[serde(default)]
    pub answers: Option<Vec<u8>>,
    /// The total, when there are no answers.
    #[serde(default)]
    pub total: Option<u8>,
}

/// The scoring rules of a stored questionnaire kind.
pub(crate) fn scale_of(s: MeasureScale) -> Scale {
    match s {
        MeasureScale::Phq9 => Scale::Phq9,
        MeasureScale::Gad7 => Scale::Gad7,
        MeasureScale::Wellbeing => Scale::Wellbeing,
    }
}

fn scored(f: &MeasureFields) -> Result<scales::Scored> {
    let scale = scale_of(f.scale);
    let r = match &f.answers {
        Some(a) => scales::score(scale, a),
        None => scales::score_total(scale, f.total),
    };
    r.map_err(|e| Error::invalid(e.field, e.message))
}

impl MeasureFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        if self.taken_on > today {
            return Err(Error::invalid("taken_on", "A questionnaire cannot be dated in the future."));
        }
        let s = scored(self)?;
        self.total = s.total;
        Ok(())
    }
}

/// One measure as the record shows it: its band and how it compares with the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MeasureReading {
    /// The measure.
    pub measure: Measure,
    /// Its severity band in words ("moderate").
    pub band: String,
    /// Whether it is the baseline (the first of its scale for this person).
    pub baseline: bool,
    /// Points since the baseline (later minus baseline); none for the baseline itself.
    pub change: Option<i16>,
    /// The change in words ("Down 7 points since the baseline: a reliable improvement.").
    pub change_words: Option<String>,
    /// Whether the change is a reliable improvement.
    pub reliable_improvement: bool,
    /// A warning to act on today (PHQ-9's question 9 answered above 0).
    pub warning: Option<String>,
}

/// A person's measures of one scale, baseline first.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MeasureSeries {
    /// Which questionnaire.
    pub scale: MeasureScale,
    /// Its highest possible total.
    pub max_total: u8,
    /// Whether a higher score is better (the wellbeing check) or worse (PHQ-9, GAD-7).
    pub higher_is_better: bool,
    /// The readings, oldest (the baseline) first.
    pub readings: Vec<MeasureReading>,
}

/// A questionnaire's questions and answer labels, for the form.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ScaleForm {
    /// Which questionnaire.
    pub scale: MeasureScale,
    /// Its name.
    pub name: String,
    /// What the questions are about ("Over the last 2 weeks…").
    pub stem: String,
    /// The questions.
    pub items: Vec<String>,
    /// The answer labels, for 0, 1, 2…
    pub answers: Vec<String>,
    /// The highest possible total.
    pub max_total: u8,
    /// Whether the organisation uses it (only those are offered for a new reading).
    pub offered: bool,
}

impl Reader<'_> {
    /// The questionnaires the organisation uses (all of them until a manager chooses).
    pub fn offered_scales(&self) -> Result<Vec<MeasureScale>> {
        let raw: Option<String> =
            self.conn()?
                .query_row("SELECT scales FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
        Ok(match raw {
            None => MeasureScale::ALL.to_vec(),
            Some(s) => {
                let codes: Vec<String> = serde_json::from_str(&s)?;
                MeasureScale::ALL.iter().copied().filter(|m| codes.iter().any(|c| c == m.code())).collect()
            }
        })
    }

    /// Every questionnaire the app knows, with its questions and whether the organisation uses it.
    pub fn scale_forms(&self) -> Result<Vec<ScaleForm>> {
        let offered = self.offered_scales()?;
        Ok(MeasureScale::ALL
            .iter()
            .map(|s| {
                let sc = scale_of(*s);
                ScaleForm {
                    scale: *s,
                    name: sc.name().to_owned(),
                    stem: sc.stem().to_owned(),
                    items: sc.items().iter().map(|x| (*x).to_owned()).collect(),
                    answers: sc.answers().iter().map(|x| (*x).to_owned()).collect(),
                    max_total: sc.max_total(),
                    offered: offered.contains(s),
                }
            })
            .collect())
    }

    /// A person's measures, one series per scale, each oldest first.
    pub fn measures(&self, client: ClientId) -> Result<Vec<MeasureSeries>> {
        crate::authz::read(self.actor, Entity::Measure)?;
        let sql = format!(
            "SELECT {} FROM measures WHERE client_id = :c AND archived_at IS NULL ORDER BY taken_on, created_at, id",
            select_list(Entity::Measure)
        );
        let all: Vec<Measure> = query_all(self, Entity::Measure, &sql, &[(":c", &client)])?;
        let mut out = Vec::new();
        for s in MeasureScale::ALL {
            let sc = scale_of(*s);
            let of: Vec<&Measure> = all.iter().filter(|m| m.fields.scale == *s).collect();
            let Some(first) = of.first() else { continue };
            let base = first.fields.total;
            let readings = of
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let band = sc.band(m.fields.total).map(|b| b.label.to_owned()).unwrap_or_default();
                    let flagged = scored(&m.fields).map(|x| x.risk_item_flagged).unwrap_or(false);
                    let warning = if flagged { sc.risk_warning().map(str::to_owned) } else { None };
                    if i == 0 {
                        return MeasureReading {
                            measure: (*m).clone(),
                            band,
                            baseline: true,
                            change: None,
                            change_words: None,
                            reliable_improvement: false,
                            warning,
                        };
                    }
                    let p = scales::progress(sc, base, m.fields.total);
                    MeasureReading {
                        measure: (*m).clone(),
                        band,
                        baseline: false,
                        change: Some(p.points),
                        change_words: Some(p.words),
                        reliable_improvement: p.change == scales::Change::ReliableImprovement,
                        warning,
                    }
                })
                .collect();
            out.push(MeasureSeries {
                scale: *s,
                max_total: sc.max_total(),
                higher_is_better: sc.higher_is_better(),
                readings,
            });
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// Chooses the questionnaires the organisation uses (managers). Readings already taken stay.
    pub fn set_offered_scales(&mut self, scales: &[MeasureScale]) -> Result<()> {
        crate::authz::write(self.actor, Entity::Organisation)?;
        let codes: Vec<serde_json::Value> = MeasureScale::ALL
            .iter()
            .filter(|m| scales.contains(m))
            .map(|m| serde_json::Value::from(m.code()))
            .collect();
        let detail = format!(
            "questionnaires: {}",
            if codes.is_empty() {
                "none".to_owned()
            } else {
                serde_json::Value::Array(codes.clone()).to_string()
            }
        );
        self.set_organisation_setting("scales", serde_json::Value::Array(codes), &detail)
    }

    /// Records a completed questionnaire: the answers are scored here, or a total from a paper form
    /// is checked against the scale's range.
    pub fn record_measure(&mut self, n: NewMeasure) -> Result<Measure> {
        if !self.reader().offered_scales()?.contains(&n.scale) {
            return Err(Error::invalid(
                "scale",
                format!(
                    "Your organisation does not use the {}. A manager can turn it on in Settings.",
                    n.scale.label()
                ),
            ));
        }
        let total = match (&n.answers, n.total) {
            (Some(_), _) => 0,
            (None, Some(t)) => t,
            (None, None) => {
                return Err(Error::invalid("answers", "Answer every question, or enter the total score."));
            }
        };
        self.insert(MeasureFields {
            client_id: n.client_id,
            scale: n.scale,
            taken_on: n.taken_on,
            answers: n.answers,
            total,
            recorded_by: self.actor.user_id,
        })
    }
}
