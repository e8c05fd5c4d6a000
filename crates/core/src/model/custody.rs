//! Custody episodes: remand, sentence or recall, with the establishment and release dates.
//!
//! The client's justice status, establishment and release dates follow the episodes: going into
//! custody, moving between prisons and being released each change the episode and the client in one
//! transaction, so the record never says one thing while the episodes say another. A person has at
//! most one episode at a time: a new one may not overlap another.
//!
//! Recording a release opens the 14-day pathway: one dated task per step the person needs, each
//! saying which release it follows. Going back inside (a recall or a remand) pauses the steps still
//! open by setting them aside; the next release makes them again with new dates, and leaves out the
//! steps already done after the release before. The steps are told apart by their titles, which
//! begin with the step's name.

use crate::entity::{Entity, select_list};
use crate::enums::{CustodyKind, JusticeStatus, SupportNeed, TaskKind};
use crate::ids::{ClientId, CustodyId};
use crate::model::appointments::check_client;
use crate::model::clients::ClientPatch;
use crate::model::tasks::TaskFields;
use crate::model::tasks::TaskFilter;
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, date_words};
use crate::validate::{self, MAX_SHORT};
use crate::{Error, Result};

/// What is known at a release.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReleaseDetails {
    /// The day of release.
    pub on: Date,
    /// Their status afterwards (on licence, released with no supervision, …).
    pub status_after: JusticeStatus,
    /// Where they went to live, if known; it becomes their address.
    pub released_to: Option<String>,
    /// When their licence or supervision ends, if known.
    pub licence_end: Option<Date>,
}

record! {
    /// A custody episode.
    CustodyFields, CustodyPatch {
        /// Whose.
        client_id: ClientId,
        /// Remand, sentence or recall.
        kind: CustodyKind,
        /// Prison.
        establishment: Option<String>,
        /// Into custody.
        started_on: Date,
        /// Expected release.
        expected_release_on: Option<Date>,
        /// Actual release.
        released_on: Option<Date>,
    }
}
fields_impl!(CustodyFields, CustodyPatch, Entity::CustodyEpisode, CustodyId);

/// A stored custody episode.
pub type Custody = Stored<CustodyId, CustodyFields>;

impl CustodyFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        validate::opt_text("establishment", &mut self.establishment, MAX_SHORT, false)?;
        if self.started_on > today {
            return Err(Error::invalid("started_on", "The start of custody cannot be in the future."));
        }
        if let Some(e) = self.expected_release_on {
            validate::not_before("expected_release_on", e, self.started_on, "custody started")?;
        }
        if let Some(rel) = self.released_on {
            validate::not_before("released_on", rel, self.started_on, "custody started")?;
            if rel > today {
                return Err(Error::invalid(
                    "released_on",
                    "A release that has not happened yet is an expected release date.",
                ));
            }
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// A client's custody episodes, newest first.
    pub fn custody_episodes(&self, client: ClientId) -> Result<Vec<Custody>> {
        crate::authz::read(self.actor, Entity::CustodyEpisode)?;
        let sql = format!(
            "SELECT {} FROM custody_episodes WHERE client_id = :c AND archived_at IS NULL ORDER BY started_on DESC, id DESC",
            select_list(Entity::CustodyEpisode)
        );
        query_all(self, Entity::CustodyEpisode, &sql, &[(":c", &client)])
    }
}

/// One step of the 14-day pathway after release.
/// One step of the 14-day pathway after the latest release.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct PathwayStep {
    /// The step in words ("Registered with a GP").
    pub name: String,
    /// Its task (to tick off from the record or Today).
    pub task: crate::model::tasks::Task,
    /// Whether it is past its due date and not done.
    pub overdue: bool,
}

/// The 14 days after a person's latest release, and how far the pathway has got.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct Pathway {
    /// The release.
    pub released_on: Date,
    /// Which of the 14 days today is (1 on the day of release), or none once they are over.
    pub day: Option<u32>,
    /// The steps, in the order they fall due.
    pub steps: Vec<PathwayStep>,
    /// How many steps are done.
    pub done: u32,
}

impl Reader<'_> {
    /// The pathway after the latest release, while the person is out (none if they have never been
    /// released or are back inside). Steps done after an earlier release and not made again count as
    /// done.
    pub fn pathway(&self, client: ClientId, today: Date) -> Result<Option<Pathway>> {
        let episodes = self.custody_episodes(client)?;
        let Some(latest) = episodes.first() else { return Ok(None) };
        let Some(released_on) = latest.fields.released_on else { return Ok(None) };
        let since = episodes.iter().skip(1).filter_map(|e| e.fields.released_on).max().unwrap_or(released_on);
        let filter = TaskFilter { client_id: Some(client), include_done: true, ..Default::default() };
        let tasks = self.task_items(&filter, crate::model::Page { offset: 0, limit: 500 })?;
        let mut steps: Vec<PathwayStep> = Vec::new();
        for step in &PATHWAY {
            let latest_task = tasks
                .iter()
                .filter(|t| t.fields.kind == TaskKind::ReleaseWindow && t.fields.due_on >= since)
                .filter(|t| t.fields.title.starts_with(step.name))
                .max_by_key(|t| (t.fields.due_on, t.id));
            if let Some(t) = latest_task {
                steps.push(PathwayStep {
                    name: step.name.to_owned(),
                    overdue: t.fields.done_at.is_none() && t.fields.due_on < today,
                    task: t.clone(),
                });
            }
        }
        steps.sort_by_key(|s| (s.task.fields.due_on, s.task.fields.done_at.is_some()));
        let done =
            u32::try_from(steps.iter().filter(|s| s.task.fields.done_at.is_some()).count()).unwrap_or(0);
        let day = u32::try_from((today - released_on).num_days() + 1).ok().filter(|d| (1..=14).contains(d));
        Ok(Some(Pathway { released_on, day, steps, done }))
    }
}

struct Step {
    /// The task's title begins with this.
    name: &'static str,
    /// Due this many days after the release.
    days: u64,
    /// Whether the person needs it, from their support needs.
    needed: fn(&[SupportNeed]) -> bool,
}

fn always(_: &[SupportNeed]) -> bool {
    true
}
fn drugs(n: &[SupportNeed]) -> bool {
    n.contains(&SupportNeed::Drugs)
}
fn drugs_or_alcohol(n: &[SupportNeed]) -> bool {
    n.contains(&SupportNeed::Drugs) || n.contains(&SupportNeed::Alcohol)
}
fn medication(n: &[SupportNeed]) -> bool {
    n.iter()
        .any(|x| matches!(x, SupportNeed::Drugs | SupportNeed::MentalHealth | SupportNeed::LongTermCondition))
}

/// The pathway, in the order it is shown.
const PATHWAY: [Step; 6] = [
    Step { name: "Naloxone offered", days: 0, needed: drugs },
    Step { name: "Medication and opioid substitution carried on", days: 1, needed: medication },
    Step { name: "Somewhere to live tonight and next week", days: 1, needed: always },
    Step { name: "Support contact within 2 days (met at the gate)", days: 2, needed: always },
    Step { name: "First drug and alcohol appointment", days: 5, needed: drugs_or_alcohol },
    Step { name: "Registered with a GP", days: 7, needed: always },
];

impl Tx<'_> {
    /// The client's episodes other than `except`, as (start, release).
    fn episodes_of(&self, client: ClientId, except: Option<CustodyId>) -> Result<Vec<(Date, Option<Date>)>> {
        Ok(self
            .reader()
            .custody_episodes(client)?
            .into_iter()
            .filter(|c| Some(c.id) != except)
            .map(|c| (c.fields.started_on, c.fields.released_on))
            .collect())
    }

    /// Records a custody episode: a remand, a sentence or a recall (and, if still inside, the client's
    /// status, prison and expected release). Refuses one that overlaps another of theirs.
    pub fn add_custody(&mut self, fields: CustodyFields) -> Result<Custody> {
        for (start, end) in self.episodes_of(fields.client_id, None)? {
            match end {
                None => {
                    return Err(Error::invalid(
                        "started_on",
                        format!(
                            "They are already in custody (since {}). Record that release first, or a move between prisons.",
                            date_words(start)
                        ),
                    ));
                }
                Some(end) if fields.started_on < end && fields.released_on.is_none_or(|r| r > start) => {
                    return Err(Error::invalid(
                        "started_on",
                        format!(
                            "This overlaps their time in custody from {} to {}.",
                            date_words(start),
                            date_words(end)
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        let inside = fields.released_on.is_none();
        let c = self.insert(fields)?;
        if inside {
            // Back inside: the pathway's open steps wait for the next release.
            for t in self.pathway_tasks(c.fields.client_id, false)? {
                self.archive_record::<TaskFields>(t.id)?;
            }
            self.update::<crate::model::clients::ClientFields>(
                c.fields.client_id,
                ClientPatch {
                    justice_status: Some(JusticeStatus::InCustody),
                    establishment: Some(c.fields.establishment.clone()),
                    expected_release_date: Some(c.fields.expected_release_on),
                    ..Default::default()
                },
            )?;
        }
        Ok(c)
    }

    /// A move between prisons (or a new expected release date) during an episode; the client's record
    /// follows.
    pub fn move_establishment(
        &mut self,
        id: CustodyId,
        establishment: String,
        expected_release_on: Option<Date>,
    ) -> Result<Custody> {
        let cur = self.reader().get::<CustodyFields>(id)?;
        if cur.fields.released_on.is_some() {
            return Err(Error::invalid(
                "establishment",
                "This time in custody has ended: they were released.",
            ));
        }
        let mut establishment = Some(establishment);
        validate::opt_text("establishment", &mut establishment, MAX_SHORT, false)?;
        if establishment.is_none() {
            return Err(Error::invalid("establishment", "Enter the prison they moved to."));
        }
        let c = self.update::<CustodyFields>(
            id,
            CustodyPatch {
                establishment: Some(establishment),
                expected_release_on: Some(expected_release_on),
                ..Default::default()
            },
        )?;
        self.update::<crate::model::clients::ClientFields>(
            c.fields.client_id,
            ClientPatch {
                establishment: Some(c.fields.establishment.clone()),
                expected_release_date: Some(c.fields.expected_release_on),
                ..Default::default()
            },
        )?;
        Ok(c)
    }

    /// Records a release: the custody episode closes, the client's status, release date, licence end
    /// and (if given) address follow, and the 14-day window after release becomes a task for their
    /// caseworker.
    pub fn record_release(&mut self, id: CustodyId, details: ReleaseDetails) -> Result<Custody> {
        let ReleaseDetails { on, status_after, mut released_to, licence_end } = details;
        if status_after == JusticeStatus::InCustody {
            return Err(Error::invalid("status_after", "Choose the person's status after release."));
        }
        let cur = self.reader().get::<CustodyFields>(id)?;
        if let Some(done) = cur.fields.released_on {
            return Err(Error::invalid(
                "on",
                format!("Their release on {} is already recorded.", date_words(done)),
            ));
        }
        validate::not_before("on", on, cur.fields.started_on, "they went into custody")?;
        validate::opt_text("released_to", &mut released_to, 500, false)?;
        if let Some(end) = licence_end {
            validate::not_before("licence_end", end, on, "the release")?;
        }
        let c = self.update::<CustodyFields>(
            id,
            CustodyPatch { released_on: Some(Some(on)), ..Default::default() },
        )?;
        let client = self.update::<crate::model::clients::ClientFields>(
            c.fields.client_id,
            ClientPatch {
                actual_release_date: Some(Some(on)),
                expected_release_date: Some(None),
                justice_status: Some(status_after),
                establishment: Some(None),
                licence_end_date: licence_end.map(Some),
                address: released_to.map(Some),
                ..Default::default()
            },
        )?;
        // The pathway: each step they need, less those done since the release before this one.
        let previous = self
            .reader()
            .custody_episodes(c.fields.client_id)?
            .into_iter()
            .filter(|k| k.id != id && k.fields.started_on <= cur.fields.started_on)
            .filter_map(|k| k.fields.released_on)
            .max();
        let done: Vec<String> = match previous {
            Some(since) => self
                .pathway_tasks(c.fields.client_id, true)?
                .into_iter()
                .filter(|t| t.fields.done_at.is_some() && t.fields.due_on >= since)
                .map(|t| t.fields.title)
                .collect(),
            None => Vec::new(),
        };
        self.open_pathway(&client, on, &done)?;
        Ok(c)
    }

    /// Makes the pathway's dated steps after a release on `on`, leaving out the steps in `done`.
    pub(crate) fn open_pathway(
        &mut self,
        client: &crate::model::clients::Client,
        on: Date,
        done: &[String],
    ) -> Result<()> {
        for step in PATHWAY.iter().filter(|s| (s.needed)(&client.fields.support_needs)) {
            if done.iter().any(|t| t.starts_with(step.name)) {
                continue;
            }
            self.insert(TaskFields {
                client_id: Some(client.id),
                assignee_id: client.fields.caseworker_id,
                kind: TaskKind::ReleaseWindow,
                title: format!("{}: released on {}", step.name, date_words(on)),
                due_on: on.checked_add_days(chrono::Days::new(step.days)).unwrap_or(on),
                done_at: None,
                appointment_id: None,
                referral_id: None,
            })?;
        }
        Ok(())
    }

    /// The client's pathway tasks (open ones, or all).
    fn pathway_tasks(&self, client: ClientId, include_done: bool) -> Result<Vec<crate::model::tasks::Task>> {
        let filter = TaskFilter { client_id: Some(client), include_done, ..Default::default() };
        let page = crate::model::Page { offset: 0, limit: 500 };
        Ok(self
            .reader()
            .tasks(&filter, page)?
            .items
            .into_iter()
            .filter(|t| t.fields.kind == TaskKind::ReleaseWindow)
            .collect())
    }
}
