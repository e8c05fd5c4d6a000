//! Clients and their episodes of support.
//!
//! A client is created with an open episode. Closing the episode (with a reason) and opening a new one
//! later keeps the history, which the monthly figures count. Search runs over an FTS5 index of names,
//! preferred name and identifiers with accents folded and prefix matching, so that typing "siob" finds
//! Siobhán and "a12" finds prison number A1234BC, instantly at 100,000 clients.

use chrono::Datelike;
use rusqlite::ToSql;
use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::*;
use crate::ids::{ClientId, EpisodeId, TeamId, UserId};
use crate::model::{Page, Paged, Stored, count, decode, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, today_london};
use crate::validate::{self, MAX_NAME, MAX_SHORT};
use crate::{Error, Result};

record! {
    /// Everything recorded about a client.
    #[derive(Default)]
    ClientFields, ClientPatch {
        /// First or given name (a person with one name may use either name field).
        given_name: Option<String>,
        /// Family name or surname.
        family_name: Option<String>,
        /// The name they like to be called.
        preferred_name: Option<String>,
        /// Date of birth, if known.
        date_of_birth: Option<Date>,
        /// Gender.
        gender: Option<Gender>,
        /// Ethnicity (2021 census categories).
        ethnicity: Option<Ethnicity>,
        /// Whether they consider themselves disabled.
        disability: Option<Disability>,
        /// Pronouns.
        pronouns: Option<String>,
        /// Phone number.
        phone: Option<String>,
        /// Email address.
        email: Option<String>,
        /// Address.
        address: Option<String>,
        /// Postcode.
        postcode: Option<String>,
        /// NHS number (10 digits).
        nhs_number: Option<String>,
        /// Prison number (A1234BC).
        prison_number: Option<String>,
        /// nDelius case reference number (X123456).
        crn: Option<String>,
        /// Justice status.
        justice_status: JusticeStatus,
        /// Prison or hospital, when inside.
        establishment: Option<String>,
        /// Expected release date.
        expected_release_date: Option<Date>,
        /// Actual release date.
        actual_release_date: Option<Date>,
        /// End of licence or order.
        licence_end_date: Option<Date>,
        /// GP registration status.
        gp_status: GpStatus,
        /// GP practice.
        gp_practice: Option<String>,
        /// Date registered with the GP.
        gp_registered_on: Option<Date>,
        /// Date the GP status last changed.
        gp_status_changed_on: Option<Date>,
        /// Support needs.
        support_needs: Vec<SupportNeed>,
        /// Risk flags.
        risk_flags: Vec<RiskFlag>,
        /// Agreed to their data being stored.
        consent_store: Option<bool>,
        /// Agreed to sharing with health services.
        consent_share_health: Option<bool>,
        /// Agreed to sharing with probation.
        consent_share_probation: Option<bool>,
        /// When consent was given.
        consent_on: Option<Date>,
        /// How consent was recorded.
        consent_method: Option<ConsentMethod>,
        /// When consent was withdrawn.
        consent_withdrawn_on: Option<Date>,
        /// Assigned caseworker.
        caseworker_id: Option<UserId>,
        /// Team.
        team_id: Option<TeamId>,
        /// What anyone going with the person must know: access, communication, who should go.
        accompaniment_needs: Option<String>,
    }
}
fields_impl!(ClientFields, ClientPatch, Entity::Client, ClientId);

/// A stored client.
pub type Client = Stored<ClientId, ClientFields>;

record! {
    /// An episode of support.
    EpisodeFields, EpisodePatch {
        /// Whose.
        client_id: ClientId,
        /// Opened.
        opened_on: Date,
        /// Closed.
        closed_on: Option<Date>,
        /// Why it closed.
        close_reason: Option<CloseReason>,
    }
}
fields_impl!(EpisodeFields, EpisodePatch, Entity::Episode, EpisodeId);

/// A stored episode.
pub type Episode = Stored<EpisodeId, EpisodeFields>;

fn check_postcode(v: &mut Option<String>) -> Result<()> {
    if let Some(s) = v.take() {
        let compact: String =
            s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if compact.is_empty() {
            return Ok(());
        }
        let b = compact.as_bytes();
        let ok = (5..=7).contains(&b.len())
            && b.iter().all(u8::is_ascii_alphanumeric)
            && b[0].is_ascii_alphabetic()
            && b[b.len() - 3].is_ascii_digit()
            && b[b.len() - 2..].iter().all(u8::is_ascii_alphabetic);
        if !ok {
            return Err(Error::invalid("postcode", "This does not look like a UK postcode, like SW1A 1AA."));
        }
        let (out, inw) = compact.split_at(compact.len() - 3);
        *v = Some(format!("{out} {inw}"));
    }
    Ok(())
}

fn check_phone(field: &str, v: &mut Option<String>) -> Result<()> {
    validate::opt_text(field, v, 30, false)?;
    if let Some(s) = v {
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if digits < 6 || !s.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) {
            return Err(Error::invalid(field, "A phone number has digits and may have spaces, +, ( ) or -."));
        }
    }
    Ok(())
}

fn check_email(field: &str, v: &mut Option<String>) -> Result<()> {
    validate::opt_text(field, v, 200, false)?;
    if let Some(s) = v {
        let ok = s.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !s.contains(' '));
        if !ok {
            return Err(Error::invalid(
                field,
                "This does not look like an email address, like name@example.org.",
            ));
        }
    }
    Ok(())
}

fn not_future(field: &str, d: Option<Date>, today: Date, what: &str) -> Result<()> {
    if d.is_some_and(|d| d > today) {
        return Err(Error::invalid(field, format!("{what} cannot be in the future.")));
    }
    Ok(())
}

pub(crate) fn check_user(r: &Reader<'_>, field: &str, id: Option<UserId>) -> Result<()> {
    if let Some(id) = id {
        if !r.exists_live("users", &id.to_string())? {
            return Err(Error::invalid(field, "That person is not a current user of this app."));
        }
    }
    Ok(())
}

pub(crate) fn check_team(r: &Reader<'_>, id: Option<TeamId>) -> Result<()> {
    if let Some(id) = id {
        if !r.exists_live("teams", &id.to_string())? {
            return Err(Error::invalid("team_id", "That team was not found."));
        }
    }
    Ok(())
}

/// The name to show from its parts: preferred name (or given name) and family name.
pub(crate) fn display_name(preferred: Option<&str>, given: Option<&str>, family: Option<&str>) -> String {
    match (preferred.or(given), family) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(f), None) => f.to_owned(),
        (None, Some(l)) => l.to_owned(),
        (None, None) => String::new(),
    }
}

impl ClientFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        validate::opt_text("given_name", &mut self.given_name, MAX_NAME, false)?;
        validate::opt_text("family_name", &mut self.family_name, MAX_NAME, false)?;
        validate::opt_text("preferred_name", &mut self.preferred_name, MAX_NAME, false)?;
        if self.given_name.is_none() && self.family_name.is_none() {
            return Err(Error::invalid(
                "given_name",
                "A name is needed: a first name, a last name, or the one name they use.",
            ));
        }
        validate::opt_text("pronouns", &mut self.pronouns, 50, false)?;
        check_phone("phone", &mut self.phone)?;
        check_email("email", &mut self.email)?;
        validate::opt_text("address", &mut self.address, 500, false)?;
        check_postcode(&mut self.postcode)?;
        if let Some(n) = self.nhs_number.take() {
            self.nhs_number =
                if n.trim().is_empty() { None } else { Some(validate::nhs_number("nhs_number", &n)?) };
        }
        if let Some(n) = self.prison_number.take() {
            self.prison_number =
                if n.trim().is_empty() { None } else { Some(validate::prison_number("prison_number", &n)?) };
        }
        if let Some(n) = self.crn.take() {
            self.crn = if n.trim().is_empty() { None } else { Some(validate::crn("crn", &n)?) };
        }
        if let Some(born) = self.date_of_birth {
            validate::date_of_birth("date_of_birth", born, today)?;
            for (field, d, what) in [
                ("expected_release_date", self.expected_release_date, "Expected release"),
                ("actual_release_date", self.actual_release_date, "Release"),
                ("licence_end_date", self.licence_end_date, "The end of a licence or order"),
                ("gp_registered_on", self.gp_registered_on, "GP registration"),
                ("consent_on", self.consent_on, "Consent"),
            ] {
                if let Some(d) = d {
                    if d < born {
                        return Err(Error::invalid(
                            field,
                            format!("{what} cannot be before the date of birth."),
                        ));
                    }
                }
            }
        }
        not_future("actual_release_date", self.actual_release_date, today, "An actual release date")?;
        not_future("gp_registered_on", self.gp_registered_on, today, "The GP registration date")?;
        not_future(
            "gp_status_changed_on",
            self.gp_status_changed_on,
            today,
            "The date the GP status changed",
        )?;
        not_future("consent_on", self.consent_on, today, "The consent date")?;
        not_future(
            "consent_withdrawn_on",
            self.consent_withdrawn_on,
            today,
            "The date consent was withdrawn",
        )?;
        if let (Some(end), Some(rel)) = (self.licence_end_date, self.actual_release_date) {
            validate::not_before("licence_end_date", end, rel, "the release date")?;
        }
        if let (Some(w), Some(c)) = (self.consent_withdrawn_on, self.consent_on) {
            validate::not_before("consent_withdrawn_on", w, c, "consent was given")?;
        }
        validate::opt_text("establishment", &mut self.establishment, MAX_SHORT, false)?;
        validate::opt_text("gp_practice", &mut self.gp_practice, MAX_SHORT, false)?;
        validate::opt_text("accompaniment_needs", &mut self.accompaniment_needs, 1000, true)?;
        self.support_needs.sort();
        self.support_needs.dedup();
        self.risk_flags.sort();
        self.risk_flags.dedup();
        if self.consent_store == Some(false) {
            self.check_minimum()?;
        }
        check_user(r, "caseworker_id", self.caseworker_id)?;
        check_team(r, self.team_id)?;
        Ok(())
    }

    /// Without consent to store, only the minimum is kept: names, justice status, risk flags (for
    /// safety), consent itself and who holds the case.
    fn check_minimum(&self) -> Result<()> {
        let extra: [(&str, bool); 19] = [
            ("date_of_birth", self.date_of_birth.is_some()),
            ("gender", self.gender.is_some()),
            ("ethnicity", self.ethnicity.is_some()),
            ("disability", self.disability.is_some()),
            ("phone", self.phone.is_some()),
            ("email", self.email.is_some()),
            ("address", self.address.is_some()),
            ("postcode", self.postcode.is_some()),
            ("nhs_number", self.nhs_number.is_some()),
            ("prison_number", self.prison_number.is_some()),
            ("crn", self.crn.is_some()),
            ("establishment", self.establishment.is_some()),
            ("expected_release_date", self.expected_release_date.is_some()),
            ("actual_release_date", self.actual_release_date.is_some()),
            ("licence_end_date", self.licence_end_date.is_some()),
            ("gp_practice", self.gp_practice.is_some()),
            ("support_needs", !self.support_needs.is_empty()),
            ("pronouns", self.pronouns.is_some()),
            ("accompaniment_needs", self.accompaniment_needs.is_some()),
        ];
        if let Some((field, _)) = extra.iter().find(|(_, set)| *set) {
            return Err(Error::invalid(
                *field,
                "This cannot be kept: the person has not agreed to their data being stored. Only their name and risk flags can be.",
            ));
        }
        Ok(())
    }

    /// The name to show: preferred name (or given name) and family name.
    pub fn display_name(&self) -> String {
        display_name(self.preferred_name.as_deref(), self.given_name.as_deref(), self.family_name.as_deref())
    }

    /// Age on a date, if the date of birth is known.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        self.date_of_birth.map(|b| crate::time::years_between(b, on)).filter(|_| on.year() > 0)
    }
}

impl EpisodeFields {
    fn check_fields(&mut self, _r: &Reader<'_>, today: Date) -> Result<()> {
        not_future("opened_on", Some(self.opened_on), today, "The date support started")?;
        match (self.closed_on, self.close_reason) {
            (Some(c), Some(_)) => {
                validate::not_before("closed_on", c, self.opened_on, "support started")?;
                not_future("closed_on", Some(c), today, "The closing date")?;
            }
            (None, None) => {}
            (Some(_), None) => return Err(Error::invalid("close_reason", "Say why support ended.")),
            (None, Some(_)) => return Err(Error::invalid("closed_on", "Give the date support ended.")),
        }
        Ok(())
    }
}

/// Which clients to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ClientFilter {
    /// Search text over names and identifiers.
    pub query: Option<String>,
    /// Only clients whose episode is open (true) or closed (false).
    pub open: Option<bool>,
    /// Only this justice status.
    pub justice_status: Option<JusticeStatus>,
    /// Only clients with this need.
    pub need: Option<SupportNeed>,
    /// Only this caseworker's clients.
    pub caseworker_id: Option<UserId>,
    /// Include archived records.
    pub include_archived: bool,
    /// Order.
    pub sort: ClientSort,
}

/// How to order a client list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ClientSort {
    /// Family name, then given name (or best match first when searching).
    #[default]
    Name,
    /// Most recently added first.
    Newest,
    /// Soonest expected release first.
    Release,
}

/// A client in a list, with whether their support is open.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ClientRow {
    /// The client.
    #[serde(flatten)]
    pub client: Client,
    /// Whether an episode of support is open.
    pub open: bool,
}

pub use crate::search::fts_query;

impl Reader<'_> {
    /// One client.
    pub fn client(&self, id: ClientId) -> Result<Client> {
        self.get::<ClientFields>(id)
    }

    /// A client's episodes of support, newest first.
    pub fn episodes(&self, client: ClientId) -> Result<Vec<Episode>> {
        crate::authz::read(self.actor, Entity::Episode)?;
        let sql = format!(
            "SELECT {} FROM episodes WHERE client_id = :c AND archived_at IS NULL ORDER BY opened_on DESC, id DESC",
            select_list(Entity::Episode)
        );
        query_all(self, Entity::Episode, &sql, &[(":c", &client)])
    }

    /// Clients matching a filter, a page at a time.
    pub fn clients(&self, filter: &ClientFilter, page: Page) -> Result<Paged<ClientRow>> {
        self.client_rows(filter, page, true)
    }

    /// The list, and how many match in all when `with_total` (a search as someone types needs only
    /// the first few, and counting every match of one letter is most of its cost).
    fn client_rows(&self, filter: &ClientFilter, page: Page, with_total: bool) -> Result<Paged<ClientRow>> {
        crate::authz::read(self.actor, Entity::Client)?;
        let mut from = String::from("clients c");
        let mut wh: Vec<&str> = Vec::new();
        let mut params: Vec<(&str, Box<dyn ToSql>)> = Vec::new();
        // Someone who may not see identifiers searches names only.
        let names_only = !crate::classes::visible_to(self.actor.role, crate::classes::FieldClass::Identifier);
        let fts = filter
            .query
            .as_deref()
            .and_then(|q| if names_only { crate::search::fts_query_names(q) } else { fts_query(q) });
        let searching = fts.is_some();
        // One or two letters match a good part of everyone: ranking them all costs more the more
        // people there are, and says little. The newest records come first instead, found straight
        // from the index however many match.
        let short = filter.query.as_deref().is_some_and(crate::search::is_short);
        if let Some(q) = fts {
            // The text search runs first and the scope filters its matches (CROSS JOIN keeps that
            // order): the other way round would run the search once per client in scope.
            from = "client_search s CROSS JOIN clients c ON c.rid = s.rowid".into();
            wh.push("client_search MATCH :q");
            // For a short scope (a caseload among a million people) most matches of a few letters
            // are someone else's: test each against the scope's own list of rows before reading the
            // client (`+` keeps SQLite from handing that list to the search as lookups one by one).
            if self.scope_is_short()? {
                wh.push("+s.rowid IN (SELECT rid FROM clients)");
            }
            params.push((":q", Box::new(q)));
        }
        if !filter.include_archived {
            wh.push("c.archived_at IS NULL");
        }
        // Whether their support is open: an open episode, kept on the client (migration 0013).
        let open_sql = "c.support_open";
        match filter.open {
            Some(true) => wh.push("c.support_open = 1"),
            Some(false) => wh.push("c.support_open = 0"),
            None => {}
        }
        if let Some(s) = filter.justice_status {
            wh.push("c.justice_status = :status");
            params.push((":status", Box::new(s.code())));
        }
        if let Some(n) = filter.need {
            wh.push("EXISTS (SELECT 1 FROM json_each(c.support_needs) WHERE value = :need)");
            params.push((":need", Box::new(n.code())));
        }
        if let Some(cw) = filter.caseworker_id {
            wh.push("c.caseworker_id = :cw");
            params.push((":cw", Box::new(cw)));
        }
        let where_sql = if wh.is_empty() { String::new() } else { format!("WHERE {}", wh.join(" AND ")) };
        let order = match (filter.sort, searching) {
            (ClientSort::Name, true) if short => "ORDER BY s.rowid DESC",
            (ClientSort::Name, true) => {
                "ORDER BY s.rank, coalesce(c.family_name, c.given_name) COLLATE NOCASE, c.given_name COLLATE NOCASE"
            }
            (ClientSort::Name, false) => {
                "ORDER BY coalesce(c.family_name, c.given_name) COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id"
            }
            (ClientSort::Newest, _) => "ORDER BY c.id DESC",
            (ClientSort::Release, _) => {
                "ORDER BY c.expected_release_date IS NULL, c.expected_release_date, c.id"
            }
        };
        let refs: Vec<(&str, &dyn ToSql)> = params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        let total = if with_total {
            count(self, &format!("SELECT count(*) FROM {from} {where_sql}"), &refs)?
        } else {
            0
        };
        let cols: Vec<String> = select_list(Entity::Client).split(", ").map(|c| format!("c.{c}")).collect();
        let sql = format!(
            "SELECT {}, {open_sql} FROM {from} {where_sql} {order} {limit}",
            cols.join(", "),
            limit = page.sql()
        );
        let offset = page.offset();
        let mut refs = refs;
        refs.push((":offset", &offset));
        let mut stmt = self.conn()?.prepare_cached(&sql)?;
        let mut rows = stmt.query(refs.as_slice())?;
        let mut items = Vec::new();
        let n = Entity::Client.columns().len() + 1;
        while let Some(row) = rows.next()? {
            items.push(ClientRow { client: decode(Entity::Client, row)?, open: row.get(n)? });
        }
        let total = if with_total { total } else { items.len() as u64 };
        Ok(Paged { items, total, page })
    }

    /// The best matches for what a person typed (names, preferred name, NHS or prison number, CRN),
    /// as they type: the first `limit`, without counting the rest.
    pub fn search_clients(&self, query: &str, limit: u32) -> Result<Vec<ClientRow>> {
        let filter = ClientFilter { query: Some(query.to_owned()), ..ClientFilter::default() };
        if fts_query(query).is_none() {
            return Ok(Vec::new());
        }
        Ok(self.client_rows(&filter, Page { offset: 0, limit }, false)?.items)
    }
}

impl Tx<'_> {
    /// Adds a client and opens their first episode of support (today unless `opened_on` is given).
    /// With no caseworker named, the caseworker or manager adding them holds the case.
    /// A caseworker adds clients to their own caseload; a manager can put them on anyone's.
    pub fn create_client(&mut self, mut fields: ClientFields, opened_on: Option<Date>) -> Result<Client> {
        if fields.caseworker_id.is_none() && matches!(self.actor.role, Role::Caseworker | Role::Manager) {
            fields.caseworker_id = Some(self.actor.user_id);
        }
        if self.actor.role == Role::Caseworker && fields.caseworker_id != Some(self.actor.user_id) {
            return Err(Error::invalid(
                "caseworker_id",
                "You can add people to your own caseload. A manager can put them on someone else's.",
            ));
        }
        let client = self.insert(fields)?;
        let opened_on = opened_on.unwrap_or_else(|| self.now().london_date());
        self.insert(EpisodeFields { client_id: client.id, opened_on, closed_on: None, close_reason: None })
            .map_err(|e| match e {
            Error::Validation { message, .. } => Error::invalid("opened_on", message),
            e => e,
        })?;
        Ok(client)
    }

    /// Changes a client's fields. Moving a client to another caseload is a manager's decision. The
    /// justice status, prison and expected release follow custody episodes: "in custody" comes only
    /// from recording one, and while one is open they change only through a move or a release.
    pub fn update_client(&mut self, id: ClientId, patch: ClientPatch) -> Result<Client> {
        if patch.justice_status.is_some()
            || patch.establishment.is_some()
            || patch.expected_release_date.is_some()
        {
            let cur = self.reader().client(id)?.fields;
            let inside = self.reader().custody_episodes(id)?.iter().any(|k| k.fields.released_on.is_none());
            let changes = |field: &'static str, differs: bool| if differs { Some(field) } else { None };
            let changed = [
                changes("justice_status", patch.justice_status.is_some_and(|s| s != cur.justice_status)),
                changes(
                    "establishment",
                    patch.establishment.as_ref().is_some_and(|e| *e != cur.establishment),
                ),
                changes(
                    "expected_release_date",
                    patch.expected_release_date.is_some_and(|d| d != cur.expected_release_date),
                ),
            ];
            if inside && let Some(field) = changed.into_iter().flatten().next() {
                return Err(Error::invalid(
                    field,
                    "This follows their time in custody: record a move between prisons or their release instead.",
                ));
            }
            if !inside && patch.justice_status == Some(JusticeStatus::InCustody) && changed[0].is_some() {
                return Err(Error::invalid(
                    "justice_status",
                    "Record that they went into custody (remand, sentence or recall) instead: the status follows it.",
                ));
            }
        }
        if self.actor.role != Role::Manager && (patch.caseworker_id.is_some() || patch.team_id.is_some()) {
            let cur = self.reader().client(id)?;
            let moves = patch.caseworker_id.is_some_and(|c| c != cur.fields.caseworker_id)
                || patch.team_id.is_some_and(|t| t != cur.fields.team_id);
            if moves {
                return Err(Error::invalid(
                    "caseworker_id",
                    "Only a manager can move a client to another caseworker or team.",
                ));
            }
        }
        self.update::<ClientFields>(id, patch)
    }

    /// Archives a client (kept, but out of lists and figures).
    pub fn archive_client(&mut self, id: ClientId) -> Result<()> {
        self.archive_record::<ClientFields>(id)
    }

    /// Closes the client's open episode of support.
    pub fn close_episode(&mut self, client: ClientId, on: Date, reason: CloseReason) -> Result<Episode> {
        crate::authz::write(self.actor, Entity::Episode)?;
        self.reader().client(client)?;
        let open = self.reader().episodes(client)?.into_iter().find(|e| e.fields.closed_on.is_none());
        let Some(open) = open else {
            return Err(Error::invalid("closed_on", "This client's support is already closed."));
        };
        self.update::<EpisodeFields>(
            open.id,
            EpisodePatch {
                closed_on: Some(Some(on)),
                close_reason: Some(Some(reason)),
                ..Default::default()
            },
        )
    }

    /// Opens a new episode of support for a client whose support had closed.
    pub fn reopen_episode(&mut self, client: ClientId, on: Date) -> Result<Episode> {
        self.reader().client(client)?;
        let episodes = self.reader().episodes(client)?;
        if episodes.iter().any(|e| e.fields.closed_on.is_none()) {
            return Err(Error::invalid("opened_on", "This client's support is already open."));
        }
        if let Some(last) = episodes.iter().filter_map(|e| e.fields.closed_on).max() {
            validate::not_before("opened_on", on, last, "the day their last support ended")?;
        }
        self.insert(EpisodeFields { client_id: client, opened_on: on, closed_on: None, close_reason: None })
    }
}

/// Today in London; here so callers outside a transaction agree with it.
pub fn today() -> Date {
    today_london()
}
