//! Referrals to outside services, each with a dated history of its status.
//!
//! A referral moves `draft → sent → acknowledged → accepted | declined → first appointment →
//! completed | closed (no engagement)`. Every move is a `referral_event` with the date it happened,
//! so waits (sent to first appointment) can be measured; the referral's `status` is the latest step.
//! Moves are checked against the lifecycle and must not go back in time.
//!
//! A sent referral that has had no answer for 14 days needs chasing. The chase is made as a task when
//! the referral is sent, due 14 days later, rather than by a sweep that looks for old referrals: a
//! sweep run on two offline laptops would make two chases, where the task made with the send travels
//! with it. An answer (any step past "sent") sets the open chase aside; a chase ticked off while the
//! referral still waits makes the next one, 14 days on.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::*;
use crate::ids::{ClientId, ReferralEventId, ReferralId, ServiceId, UserId};
use crate::model::appointments::check_client;
use crate::model::tasks::TaskFields;
use crate::model::{Page, Paged, Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::validate::{self, MAX_SHORT};
use crate::{Error, Result};

/// Days without an answer after which a sent referral is chased.
pub const CHASE_AFTER_DAYS: u64 = 14;

record! {
    /// A referral.
    ReferralFields, ReferralPatch {
        /// Who is referred.
        client_id: ClientId,
        /// To what kind of service.
        service_type: ServiceType,
        /// The service, when it is in the directory.
        service_id: Option<ServiceId>,
        /// Provider, in words.
        provider: Option<String>,
        /// Why.
        reason: Option<String>,
        /// The latest step.
        status: ReferralStatus,
        /// Who made it.
        made_by: UserId,
    }
}
fields_impl!(ReferralFields, ReferralPatch, Entity::Referral, ReferralId);

/// A stored referral.
pub type Referral = Stored<ReferralId, ReferralFields>;

record! {
    /// One dated step of a referral.
    ReferralEventFields, ReferralEventPatch {
        /// Which referral.
        referral_id: ReferralId,
        /// The status it moved to.
        status: ReferralStatus,
        /// When it happened.
        happened_on: Date,
        /// Who recorded it.
        recorded_by: UserId,
    }
}
fields_impl!(ReferralEventFields, ReferralEventPatch, Entity::ReferralEvent, ReferralEventId);

/// A stored referral step.
pub type ReferralEvent = Stored<ReferralEventId, ReferralEventFields>;

impl ReferralFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        validate::opt_text("provider", &mut self.provider, MAX_SHORT, false)?;
        validate::opt_text("reason", &mut self.reason, 2000, true)?;
        if let Some(id) = self.service_id {
            if count(r, "SELECT count(*) FROM services WHERE id = :id", &[(":id", &id)])? == 0 {
                return Err(Error::invalid("service_id", "That service is not in the directory."));
            }
        }
        Ok(())
    }
}

impl ReferralEventFields {
    fn check_fields(&mut self, _r: &Reader<'_>, today: Date) -> Result<()> {
        if self.happened_on > today {
            return Err(Error::invalid("happened_on", "A step of a referral cannot be dated in the future."));
        }
        Ok(())
    }
}

/// What a person fills in to make a referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewReferral {
    /// Who is referred.
    pub client_id: ClientId,
    /// To what kind of service.
    pub service_type: ServiceType,
    /// The service, when it is in the directory.
    #[serde(default)]
    pub service_id: Option<ServiceId>,
    /// Provider, in words.
    #[serde(default)]
    pub provider: Option<String>,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// `draft` to finish later or `sent` when it has gone.
    pub status: ReferralStatus,
    /// The date of that first step.
    pub on: Date,
}

/// A referral with its key dates, for lists.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ReferralRow {
    /// The referral.
    #[serde(flatten)]
    pub referral: Referral,
    /// When it was sent.
    pub sent_on: Option<Date>,
    /// When it last moved.
    pub last_step_on: Date,
    /// The client's name as shown.
    pub client_name: String,
    /// The statuses it may move to next (empty once finished), so screens offer only those.
    pub next_statuses: Vec<ReferralStatus>,
}

/// Which referrals to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ReferralFilter {
    /// One client's.
    pub client_id: Option<ClientId>,
    /// In this status.
    pub status: Option<ReferralStatus>,
    /// Only those not finished whose last step is older than this many days (before `today`).
    pub waiting_days: Option<u32>,
    /// The date "waiting" is counted to.
    pub today: Option<Date>,
}

impl Reader<'_> {
    /// One referral.
    pub fn referral(&self, id: ReferralId) -> Result<Referral> {
        self.get::<ReferralFields>(id)
    }

    /// A referral's steps, oldest first.
    pub fn referral_events(&self, id: ReferralId) -> Result<Vec<ReferralEvent>> {
        crate::authz::read(self.actor, Entity::ReferralEvent)?;
        let sql = format!(
            "SELECT {} FROM referral_events WHERE referral_id = :r AND archived_at IS NULL ORDER BY happened_on, id",
            select_list(Entity::ReferralEvent)
        );
        query_all(self, Entity::ReferralEvent, &sql, &[(":r", &id)])
    }

    /// Referrals matching a filter: those still under way first, longest-waiting first, then the
    /// finished ones (declined, completed, closed), so the list opens on the work still to chase.
    pub fn referrals(&self, f: &ReferralFilter, page: Page) -> Result<Paged<ReferralRow>> {
        crate::authz::read(self.actor, Entity::Referral)?;
        // Kept on the referral by the database (migrations 0013 and 0015), so the waiting filter and
        // the order come from an index rather than from every referral's steps.
        let last = "r.last_step_on";
        let sent = "r.sent_on";
        let cutoff = match (f.waiting_days, f.today) {
            (Some(d), Some(t)) => t.checked_sub_days(chrono::Days::new(u64::from(d))),
            (Some(d), None) => crate::time::today_london().checked_sub_days(chrono::Days::new(u64::from(d))),
            _ => None,
        };
        let mut w = Where::default();
        w.always("r.archived_at IS NULL")
            .when("r.client_id = :c", ":c", f.client_id)
            .when("r.status = :s", ":s", f.status.map(|s| s.code()))
            .when(
                &format!(
                    "r.status NOT IN ('declined', 'completed', 'closed_no_engagement') AND {last} < :cutoff"
                ),
                ":cutoff",
                cutoff,
            );
        let total = count(self, &format!("SELECT count(*) FROM referrals r {}", w.sql()), &w.params(&[]))?;
        let cols: Vec<String> = select_list(Entity::Referral).split(", ").map(|c| format!("r.{c}")).collect();
        let sql = format!(
            "SELECT {}, {sent}, {last} FROM referrals r {} ORDER BY r.status IN ('declined', 'completed', 'closed_no_engagement'), {last}, r.id {limit}",
            cols.join(", "),
            w.sql(),
            limit = page.sql()
        );
        let offset = page.offset();
        let p = w.params(&[(":offset", &offset)]);
        let mut stmt = self.conn()?.prepare_cached(&sql)?;
        let mut rows = stmt.query(p.as_slice())?;
        let n = Entity::Referral.columns().len() + 1;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            let last: Option<Date> = row.get(n + 1)?;
            items.push(ReferralRow {
                referral: crate::model::decode(Entity::Referral, row)?,
                sent_on: row.get(n)?,
                last_step_on: last.ok_or_else(|| Error::Corrupt("a referral has no steps".into()))?,
                client_name: String::new(),
                next_statuses: Vec::new(),
            });
        }
        drop(rows);
        drop(stmt);
        for item in &mut items {
            item.client_name = self.client(item.referral.fields.client_id)?.fields.display_name();
            item.next_statuses = item.referral.fields.status.next().to_vec();
        }
        Ok(Paged { items, total, page })
    }
}

impl Tx<'_> {
    /// Makes a referral, as a draft or already sent.
    pub fn make_referral(&mut self, n: NewReferral) -> Result<Referral> {
        if !matches!(n.status, ReferralStatus::Draft | ReferralStatus::Sent) {
            return Err(Error::invalid("status", "A new referral is either a draft or sent."));
        }
        if n.status == ReferralStatus::Sent {
            self.may_send(n.client_id, n.service_type)?;
        }
        let referral = self.insert(ReferralFields {
            client_id: n.client_id,
            service_type: n.service_type,
            service_id: n.service_id,
            provider: n.provider,
            reason: n.reason,
            status: n.status,
            made_by: self.actor.user_id,
        })?;
        self.insert(ReferralEventFields {
            referral_id: referral.id,
            status: n.status,
            happened_on: n.on,
            recorded_by: self.actor.user_id,
        })
        .map_err(|e| match e {
            Error::Validation { message, .. } => Error::invalid("on", message),
            e => e,
        })?;
        if n.status == ReferralStatus::Sent {
            self.make_chase(&referral, n.on)?;
        }
        Ok(referral)
    }

    /// Refuses to send a referral that shares the person's details where they have said no.
    fn may_send(&self, client: ClientId, service: ServiceType) -> Result<()> {
        let Some(purpose) = crate::model::consents::needed_to_refer(service) else { return Ok(()) };
        let c = self.reader().client(client).map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid("client_id", "That client was not found."),
            e => e,
        })?;
        crate::model::consents::require_sharing(&c.fields, purpose, "this referral")
    }

    /// The task to chase a sent referral if nothing is heard in 14 days.
    pub(crate) fn make_chase(&mut self, referral: &Referral, from: Date) -> Result<()> {
        let client = self.reader().client(referral.fields.client_id)?;
        let to = match &referral.fields.provider {
            Some(p) => p.clone(),
            None => referral.fields.service_type.label().to_string(),
        };
        self.insert(TaskFields {
            client_id: Some(referral.fields.client_id),
            assignee_id: client.fields.caseworker_id.or(Some(referral.fields.made_by)),
            kind: TaskKind::ReferralChase,
            title: format!("Chase the referral to {to}"),
            due_on: from.checked_add_days(chrono::Days::new(CHASE_AFTER_DAYS)).unwrap_or(from),
            done_at: None,
            appointment_id: None,
            referral_id: Some(referral.id),
        })?;
        Ok(())
    }

    /// Moves a referral to its next status, dated.
    pub fn move_referral(&mut self, id: ReferralId, to: ReferralStatus, on: Date) -> Result<Referral> {
        let cur = self.reader().referral(id)?;
        if !cur.fields.status.next().contains(&to) {
            let allowed: Vec<&str> = cur.fields.status.next().iter().map(|s| s.label()).collect();
            let msg = if allowed.is_empty() {
                format!(
                    "This referral is {}, so it cannot move any further.",
                    cur.fields.status.label().to_lowercase()
                )
            } else {
                format!(
                    "A referral that is {} can move to: {}.",
                    cur.fields.status.label().to_lowercase(),
                    allowed.join(", ").to_lowercase()
                )
            };
            return Err(Error::invalid("status", msg));
        }
        if let Some(last) = self.reader().referral_events(id)?.last() {
            validate::not_before("on", on, last.fields.happened_on, "the referral's last step")?;
        }
        if to == ReferralStatus::Sent {
            self.may_send(cur.fields.client_id, cur.fields.service_type)?;
        }
        self.insert(ReferralEventFields {
            referral_id: id,
            status: to,
            happened_on: on,
            recorded_by: self.actor.user_id,
        })
        .map_err(|e| match e {
            Error::Validation { message, .. } => Error::invalid("on", message),
            e => e,
        })?;
        let moved =
            self.update::<ReferralFields>(id, ReferralPatch { status: Some(to), ..Default::default() })?;
        if to == ReferralStatus::Sent {
            self.make_chase(&moved, on)?;
        } else {
            // An answer: nothing left to chase.
            for t in self.open_chases(id)? {
                self.archive_record::<TaskFields>(t)?;
            }
        }
        Ok(moved)
    }

    /// The chase tasks of a referral not yet done.
    fn open_chases(&self, id: ReferralId) -> Result<Vec<crate::ids::TaskId>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id FROM main.tasks WHERE referral_id = :r AND kind = 'referral_chase'
               AND done_at IS NULL AND archived_at IS NULL",
        )?;
        let ids = st.query_map(rusqlite::named_params! {":r": id}, |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Changes a referral's details (not its status: use [`Tx::move_referral`]).
    pub fn update_referral(&mut self, id: ReferralId, patch: ReferralPatch) -> Result<Referral> {
        if patch.status.is_some() {
            return Err(Error::invalid(
                "status",
                "Move a referral on with its own action, so the date is kept.",
            ));
        }
        if patch.client_id.is_some() || patch.made_by.is_some() {
            return Err(Error::invalid(
                "client_id",
                "A referral cannot be moved to another person; make a new one.",
            ));
        }
        self.update::<ReferralFields>(id, patch)
    }
}
