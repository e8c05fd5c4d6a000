//! The service directory: local services people are referred or taken to.
//!
//! Managers keep it; everyone picks from it when they refer or book. A service that stops taking
//! people is closed on a date rather than deleted, so the referrals and appointments that name it
//! still read, and the wait it kept people waiting still counts. The wait shown per service is the
//! median from a referral being sent to its first appointment, over the referrals that got one.

use crate::entity::{Entity, select_list};
use crate::enums::ServiceType;
use crate::ids::ServiceId;
use crate::model::{Stored, Where, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Result, validate};

record! {
    /// A service in the directory.
    ServiceFields, ServicePatch {
        /// Name.
        name: String,
        /// Kind.
        service_type: ServiceType,
        /// Address.
        address: Option<String>,
        /// Phone.
        phone: Option<String>,
        /// Email.
        email: Option<String>,
        /// Area covered.
        area: Option<String>,
        /// How to refer, opening times, anything useful.
        notes: Option<String>,
        /// How to refer (a form, an email address, self-referral).
        referral_route: Option<String>,
        /// The day it stopped taking people; none while it is open.
        closed_on: Option<Date>,
    }
}
fields_impl!(ServiceFields, ServicePatch, Entity::Service, ServiceId);

/// A stored service.
pub type Service = Stored<ServiceId, ServiceFields>;

impl ServiceFields {
    fn check_fields(&mut self, _r: &Reader<'_>, _today: Date) -> Result<()> {
        self.name = validate::required_text("name", "The service's name", &self.name, 200)?;
        validate::opt_text("address", &mut self.address, 500, true)?;
        validate::opt_text("phone", &mut self.phone, 200, false)?;
        validate::opt_text("email", &mut self.email, 200, false)?;
        validate::opt_text("area", &mut self.area, 200, false)?;
        validate::opt_text("notes", &mut self.notes, 10_000, true)?;
        validate::opt_text("referral_route", &mut self.referral_route, 2000, true)?;
        if let Some(e) = &self.email
            && !e.contains('@')
        {
            return Err(crate::Error::invalid(
                "email",
                "An email address has an @ in it, like referrals@example.nhs.uk.",
            ));
        }
        Ok(())
    }
}

/// The common kinds every directory starts with; each organisation fills in its local details.
pub const STARTER_DIRECTORY: &[(&str, ServiceType)] = &[
    ("GP registration (any local practice)", ServiceType::GpRegistration),
    ("Community mental health team", ServiceType::MentalHealth),
    ("NHS Talking Therapies", ServiceType::TalkingTherapies),
    ("Drug and alcohol service", ServiceType::DrugAlcohol),
    ("Sexual health clinic", ServiceType::SexualHealth),
    ("NHS dentist", ServiceType::Dental),
    ("Maternity service", ServiceType::Maternity),
    ("RECONNECT care after custody", ServiceType::Reconnect),
    ("Liaison and Diversion", ServiceType::LiaisonDiversion),
    ("Council housing options", ServiceType::Housing),
    ("Jobcentre Plus and benefits advice", ServiceType::Benefits),
];

/// A service as the directory screen lists it, with how long people wait for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ServiceRow {
    /// The service.
    pub service: Service,
    /// Median days from a referral being sent to its first appointment, when any referral got one.
    pub median_wait_days: Option<f64>,
    /// How many referrals the median is over.
    pub waits_counted: u32,
    /// Referrals sent and not yet at a first appointment or closed.
    pub waiting_now: u32,
}

/// The median of a sorted list.
fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let mid = |i: usize| sorted[i] as f64;
    Some(if n % 2 == 1 { mid(n / 2) } else { (mid(n / 2 - 1) + mid(n / 2)) / 2.0 })
}

/// The days of first appointments a service's median wait is taken over.
pub const WAITS_OVER_DAYS: u64 = 365;

impl Reader<'_> {
    /// The whole directory (closed services too, open ones first), each with its median wait over
    /// the referrals that reached a first appointment in the 12 months to `today` (a wait now, not
    /// years ago, and a read that grows with a year's referrals rather than with all of them) and
    /// how many wait now. Only referrals the reader may see count.
    pub fn service_directory(&self, today: Date) -> Result<Vec<ServiceRow>> {
        let services = self.services_all()?;
        let mut waits: std::collections::HashMap<String, Vec<i64>> = std::collections::HashMap::new();
        let mut waiting: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        if crate::scope::can_see(self.actor.role, Entity::Referral) {
            let conn = self.conn()?;
            let from = today.checked_sub_days(chrono::Days::new(WAITS_OVER_DAYS)).unwrap_or(today);
            // Both read only indexes (migration 0015): the dates are kept on each referral.
            let mut st = conn.prepare_cached(
                "SELECT service_id, sent_on, first_appointment_on FROM referrals
                 WHERE first_appointment_on IS NOT NULL AND archived_at IS NULL AND first_appointment_on >= :from
                   AND first_appointment_on <= :today AND service_id IS NOT NULL AND sent_on IS NOT NULL",
            )?;
            let mut rows = st.query(rusqlite::named_params! {":from": from, ":today": today})?;
            while let Some(row) = rows.next()? {
                let (service, sent, first): (String, Date, Date) =
                    (row.get::<_, crate::ids::IdText>(0)?.0, row.get(1)?, row.get(2)?);
                waits.entry(service).or_default().push((first - sent).num_days());
            }
            // Sent and not yet at a first appointment or closed. With no statistics SQLite takes a
            // status for a sharp filter and reads every waiting referral in the organisation to
            // count a caseload's; `likelihood` tells it a status matches many, so a caseload's
            // referrals are looked up person by person (2.7 s to 1 ms at a million clients).
            // A manager's are everyone's, kept per service by the database ([`crate::kept`]).
            if let Some(kept) = crate::kept::waiting_by_service(self)? {
                waiting.extend(kept);
            } else {
                let mut st = conn.prepare_cached(
                    "SELECT service_id, count(*) FROM referrals
                     WHERE likelihood(status IN ('sent', 'acknowledged', 'accepted'), 0.5) AND archived_at IS NULL AND service_id IS NOT NULL
                     GROUP BY service_id",
                )?;
                let mut rows = st.query([])?;
                while let Some(row) = rows.next()? {
                    waiting.insert(row.get::<_, crate::ids::IdText>(0)?.0, row.get(1)?);
                }
            }
        }
        Ok(services
            .into_iter()
            .map(|service| {
                let key = service.id.to_string();
                let mut w = waits.remove(&key).unwrap_or_default();
                w.sort_unstable();
                ServiceRow {
                    median_wait_days: median(&w),
                    waits_counted: u32::try_from(w.len()).unwrap_or(u32::MAX),
                    waiting_now: waiting.get(&key).copied().unwrap_or(0),
                    service,
                }
            })
            .collect())
    }

    fn services_all(&self) -> Result<Vec<Service>> {
        crate::authz::read(self.actor, Entity::Service)?;
        let sql = format!(
            "SELECT {} FROM services WHERE archived_at IS NULL ORDER BY closed_on IS NOT NULL, name COLLATE NOCASE",
            select_list(Entity::Service)
        );
        query_all(self, Entity::Service, &sql, &[])
    }

    /// The open services, by name, optionally of one kind: what referral and booking forms offer.
    pub fn services(&self, kind: Option<ServiceType>) -> Result<Vec<Service>> {
        crate::authz::read(self.actor, Entity::Service)?;
        let mut w = Where::default();
        w.always("archived_at IS NULL AND closed_on IS NULL").when(
            "service_type = :k",
            ":k",
            kind.map(crate::enums::ClosedSet::code),
        );
        let sql = format!(
            "SELECT {} FROM services {} ORDER BY name COLLATE NOCASE",
            select_list(Entity::Service),
            w.sql()
        );
        query_all(self, Entity::Service, &sql, &w.params(&[]))
    }
}

impl Tx<'_> {
    /// Adds a service (managers only).
    pub fn add_service(&mut self, fields: ServiceFields) -> Result<Service> {
        self.insert(fields)
    }

    /// Changes a service (managers only); closing it is setting `closed_on`.
    pub fn update_service(&mut self, id: ServiceId, patch: ServicePatch) -> Result<Service> {
        if patch.closed_on.flatten().is_some_and(|d| d > self.now().london_date()) {
            return Err(crate::Error::invalid(
                "closed_on",
                "A service can be closed from today, not a day to come.",
            ));
        }
        self.update::<ServiceFields>(id, patch)
    }

    /// Adds the starter directory (done once, when a database is created).
    pub fn add_starter_directory(&mut self) -> Result<Vec<Service>> {
        STARTER_DIRECTORY
            .iter()
            .map(|(name, kind)| {
                self.insert(ServiceFields {
                    name: (*name).into(),
                    service_type: *kind,
                    address: None,
                    phone: None,
                    email: None,
                    area: None,
                    notes: None,
                    referral_route: None,
                    closed_on: None,
                })
            })
            .collect()
    }
}
