//! Sync: offline devices exchange their work in files and always agree.
//!
//! The record tables are projections of the op log ([`crate::store`]), so syncing is moving ops. A
//! device writes the ops another has not seen into a bundle ([`bundle`]: a signed, compressed,
//! encrypted file), the other checks and applies them in one transaction ([`exchange`]), and every
//! record an incoming op touched is projected again from all of its ops ([`merge`]). Because that
//! projection depends only on the set of ops, never on the order they came in, every device that has
//! the same ops has the same records and the same conflicts. New devices join with an invitation file
//! ([`invite`]); people settle concurrent edits with [`conflicts`].

pub mod authority;
pub mod bundle;
pub mod conflicts;
pub mod exchange;
pub mod invite;
pub mod keys;
pub mod merge;
pub mod origin;
pub mod share;
pub mod trust;

pub use bundle::{Encryption, Header, Range, WireOp};
pub use conflicts::{ConflictSide, ConflictView, Keep};
pub use exchange::{BundlePreview, DeviceSummary, ExportTarget, ImportReport, KnownDevice, Progress};
pub use invite::{Invitation, InviteCost, InviteUser, NewInvite};
