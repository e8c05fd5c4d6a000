//! The commands the page may call: one module per aggregate, each command a few lines over core.

pub mod appointments;
pub mod calendar;
pub mod care;
pub mod clients;
pub mod mentors;
pub mod people;
pub mod reference;
pub mod referrals;
pub mod reports;
pub mod session;
pub mod sync;
pub mod today;
pub mod work;
