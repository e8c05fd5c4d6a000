//! Small-number suppression for external summaries.
//!
//! A count from 1 to 4 about people can identify them, so an external summary shows it as `<5`
//! (primary suppression). That alone is not enough: where parts add up to a total that is shown, one
//! hidden part can be worked out by subtraction. So the summary is seen as a set of *cells* (each
//! distinct quantity, by its key) and *equations* (a total equals the sum of its parts), including
//! quantities that are never shown but follow from two that are (those who were not seen after
//! release are the releases less those who were). The rule: no equation may leave exactly one
//! unknown that is sensitive. Where one would, the smallest other shown cell of that equation is
//! hidden too (`*`, secondary suppression), and this repeats until nothing changes, since hiding a
//! cell can open another equation. A rate is not shown when either of its counts is hidden.
//!
//! Kept apart from the computation, as a pure function on the summary, so that it can be tested on
//! its own with every shape of numbers (`tests/report.rs`).

use std::collections::BTreeMap;

use super::{Breakdown, Figure, MonthlySummary, Rate};

/// What the reader of an external summary knows of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Shown as its number.
    Shown,
    /// Shown as `<5`: a count from 1 to 4.
    Small,
    /// Shown as `*`: hidden so that a small count elsewhere cannot be worked out.
    Hidden,
    /// Never shown anywhere (a difference of two shown figures).
    Implicit,
}

/// The cells and equations of a table of counts.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// Each cell's value and state, by key.
    pub cells: BTreeMap<String, (u64, State)>,
    /// Each equation: a total and the parts that add up to it.
    pub equations: Vec<(String, Vec<String>)>,
}

impl Cells {
    /// A cell that is shown (unless it is small).
    pub fn shown(&mut self, key: &str, value: u64) {
        let state = if (1..=4).contains(&value) { State::Small } else { State::Shown };
        self.cells.entry(key.to_owned()).or_insert((value, state));
    }

    /// A cell that is never shown.
    pub fn implicit(&mut self, key: &str, value: u64) {
        self.cells.insert(key.to_owned(), (value, State::Implicit));
    }

    /// `total` is the sum of `parts`.
    pub fn equation(&mut self, total: &str, parts: &[String]) {
        self.equations.push((total.to_owned(), parts.to_vec()));
    }

    fn state(&self, key: &str) -> State {
        self.cells.get(key).map_or(State::Shown, |c| c.1)
    }

    fn value(&self, key: &str) -> u64 {
        self.cells.get(key).map_or(0, |c| c.0)
    }

    /// Whether a reader could work out `key` exactly from an equation in which it is the only unknown,
    /// and that would matter: it is hidden, or it is a never-shown count from 1 to 4.
    fn exposed(&self, key: &str) -> bool {
        match self.state(key) {
            State::Shown => false,
            State::Small | State::Hidden => true,
            State::Implicit => (1..=4).contains(&self.value(key)),
        }
    }

    /// Applies secondary suppression until no equation leaves one sensitive unknown.
    pub fn settle(&mut self) {
        loop {
            let mut changed = false;
            for (total, parts) in self.equations.clone() {
                let all: Vec<&String> = std::iter::once(&total).chain(parts.iter()).collect();
                let unknown: Vec<&String> =
                    all.iter().copied().filter(|k| self.state(k) != State::Shown).collect();
                if unknown.len() != 1 || !self.exposed(unknown[0]) {
                    continue;
                }
                // Hide the smallest shown part (a non-zero one if there is one), or else the total.
                let mut shown_parts: Vec<&String> =
                    parts.iter().filter(|k| self.state(k) == State::Shown && *k != unknown[0]).collect();
                shown_parts.sort_by_key(|k| (self.value(k) == 0, self.value(k), (*k).clone()));
                let pick = shown_parts
                    .first()
                    .copied()
                    .cloned()
                    .or_else(|| (self.state(&total) == State::Shown).then(|| total.clone()));
                if let Some(k) = pick {
                    if let Some(c) = self.cells.get_mut(&k) {
                        c.1 = State::Hidden;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The equations in which exactly one cell is unknown to a reader and that cell matters (none,
    /// after [`Cells::settle`]).
    pub fn leaks(&self) -> Vec<String> {
        self.equations
            .iter()
            .filter_map(|(total, parts)| {
                let unknown: Vec<&String> = std::iter::once(total)
                    .chain(parts.iter())
                    .filter(|k| self.state(k) != State::Shown)
                    .collect();
                (unknown.len() == 1 && self.exposed(unknown[0])).then(|| unknown[0].clone())
            })
            .collect()
    }
}

fn add_breakdown(c: &mut Cells, b: &Breakdown) {
    c.shown(&b.total.key, b.total.value.unwrap_or(0));
    for p in &b.parts {
        c.shown(&p.figure.key, p.figure.value.unwrap_or(0));
    }
    let parts: Vec<String> = b.parts.iter().map(|p| p.figure.key.clone()).collect();
    c.equation(&b.total.key, &parts);
}

/// A rate's counts, and what is left of its denominator (never shown).
fn add_rate(c: &mut Cells, r: &Rate) {
    let (n, d) = (r.numerator.value.unwrap_or(0), r.denominator.value.unwrap_or(0));
    c.shown(&r.numerator.key, n);
    c.shown(&r.denominator.key, d);
    let rest = format!("{}~not~{}", r.denominator.key, r.numerator.key);
    c.implicit(&rest, d.saturating_sub(n));
    c.equation(&r.denominator.key, &[r.numerator.key.clone(), rest]);
}

/// The cells and equations of a summary with exact numbers.
pub fn cells_of(s: &MonthlySummary) -> Cells {
    let mut c = Cells::default();
    c.shown(&s.clients.active.key, s.clients.active.value.unwrap_or(0));
    c.shown(&s.clients.new.key, s.clients.new.value.unwrap_or(0));
    c.shown(&s.clients.reopened.key, s.clients.reopened.value.unwrap_or(0));
    let opened = s.clients.new.value.unwrap_or(0) + s.clients.reopened.value.unwrap_or(0);
    c.implicit("clients.opened", opened);
    c.equation("clients.opened", &[s.clients.new.key.clone(), s.clients.reopened.key.clone()]);
    add_breakdown(&mut c, &s.clients.closed);
    add_breakdown(&mut c, &s.contacts.by_kind);
    let a = &s.appointments;
    add_breakdown(&mut c, &a.by_outcome);
    for r in [&a.attendance, &a.accompanied, &a.unaccompanied].into_iter().chain(a.by_accompaniment.iter()) {
        add_rate(&mut c, r);
    }
    // Accompanied is caseworker plus peer mentor; all is accompanied plus alone; both for attended and
    // for attended-or-missed.
    for what in ["attended", "attended_or_dna"] {
        let k = |x: &str| format!("appointments.{what}.{x}");
        c.equation(&k("accompanied"), &[k("caseworker"), k("peer_mentor")]);
        c.equation(&format!("appointments.{what}"), &[k("accompanied"), k("none")]);
    }
    add_breakdown(&mut c, &a.dna_reasons);
    add_breakdown(&mut c, &s.referrals.made);
    for f in
        [&s.referrals.accepted, &s.referrals.declined, &s.referrals.first_appointments, &s.gp_registrations]
    {
        c.shown(&f.key, f.value.unwrap_or(0));
    }
    add_rate(&mut c, &s.releases.seen_within_14_days);
    add_rate(&mut c, &s.releases.contact_within_2_days);
    c.shown(&s.mentoring.active_links.key, s.mentoring.active_links.value.unwrap_or(0));
    c.shown(
        &s.mentoring.accompanied_appointments.key,
        s.mentoring.accompanied_appointments.value.unwrap_or(0),
    );
    for r in [&s.outcomes.phq9, &s.outcomes.gad7, &s.outcomes.wellbeing] {
        add_rate(&mut c, r);
    }
    for b in [&s.equality.gender, &s.equality.ethnic_group, &s.equality.age_band, &s.equality.disability] {
        add_breakdown(&mut c, b);
    }
    for t in &s.trend {
        c.shown(&t.active_clients.key, t.active_clients.value.unwrap_or(0));
        c.shown(&t.referrals_made.key, t.referrals_made.value.unwrap_or(0));
        for r in [&t.accompanied, &t.unaccompanied, &t.seen_within_14_days] {
            add_rate(&mut c, r);
        }
    }
    c
}

/// Every count in a summary, to be marked.
fn figures_mut(s: &mut MonthlySummary) -> Vec<&mut Figure> {
    let mut out: Vec<&mut Figure> = vec![&mut s.clients.active, &mut s.clients.new, &mut s.clients.reopened];
    fn bd<'a>(b: &'a mut Breakdown, out: &mut Vec<&'a mut Figure>) {
        out.push(&mut b.total);
        for p in &mut b.parts {
            out.push(&mut p.figure);
        }
    }
    fn rt<'a>(r: &'a mut Rate, out: &mut Vec<&'a mut Figure>) {
        out.push(&mut r.numerator);
        out.push(&mut r.denominator);
    }
    bd(&mut s.clients.closed, &mut out);
    bd(&mut s.contacts.by_kind, &mut out);
    let a = &mut s.appointments;
    bd(&mut a.by_outcome, &mut out);
    rt(&mut a.attendance, &mut out);
    rt(&mut a.accompanied, &mut out);
    rt(&mut a.unaccompanied, &mut out);
    for r in &mut a.by_accompaniment {
        rt(r, &mut out);
    }
    out.push(&mut a.awaiting_outcome);
    bd(&mut a.dna_reasons, &mut out);
    bd(&mut s.referrals.made, &mut out);
    out.push(&mut s.referrals.accepted);
    out.push(&mut s.referrals.declined);
    out.push(&mut s.referrals.first_appointments);
    out.push(&mut s.gp_registrations);
    out.push(&mut s.releases.releases);
    rt(&mut s.releases.seen_within_14_days, &mut out);
    rt(&mut s.releases.contact_within_2_days, &mut out);
    out.push(&mut s.mentoring.active_links);
    out.push(&mut s.mentoring.accompanied_appointments);
    rt(&mut s.outcomes.phq9, &mut out);
    rt(&mut s.outcomes.gad7, &mut out);
    rt(&mut s.outcomes.wellbeing, &mut out);
    bd(&mut s.equality.gender, &mut out);
    bd(&mut s.equality.ethnic_group, &mut out);
    bd(&mut s.equality.age_band, &mut out);
    bd(&mut s.equality.disability, &mut out);
    for t in &mut s.trend {
        out.push(&mut t.active_clients);
        out.push(&mut t.referrals_made);
        rt(&mut t.accompanied, &mut out);
        rt(&mut t.unaccompanied, &mut out);
        rt(&mut t.seen_within_14_days, &mut out);
    }
    out
}

/// Every rate in a summary.
fn rates_mut(s: &mut MonthlySummary) -> Vec<&mut Rate> {
    let a = &mut s.appointments;
    let mut out: Vec<&mut Rate> = vec![&mut a.attendance, &mut a.accompanied, &mut a.unaccompanied];
    out.extend(a.by_accompaniment.iter_mut());
    out.push(&mut s.releases.seen_within_14_days);
    out.push(&mut s.releases.contact_within_2_days);
    for t in &mut s.trend {
        out.push(&mut t.accompanied);
        out.push(&mut t.unaccompanied);
        out.push(&mut t.seen_within_14_days);
    }
    out
}

/// Turns a summary with exact numbers into an external one.
pub fn suppress(s: &mut MonthlySummary) {
    let mut cells = cells_of(s);
    cells.settle();
    s.audience = super::Audience::External;
    for f in figures_mut(s) {
        match cells.state(&f.key) {
            State::Shown | State::Implicit => {}
            State::Small => {
                f.value = None;
                f.hidden = "<5".into();
            }
            State::Hidden => {
                f.value = None;
                f.hidden = "*".into();
            }
        }
    }
    for r in rates_mut(s) {
        if r.numerator.value.is_none() || r.denominator.value.is_none() {
            r.percent = None;
        }
    }
    if s.referrals.first_appointments.value.is_none() {
        s.referrals.median_days_to_first_appointment = None;
    }
}
