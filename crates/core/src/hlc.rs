//! Hybrid logical clock.
//!
//! A stamp is wall-clock milliseconds, a counter for events within the same millisecond (or while the
//! wall clock lags a stamp already seen), and the device id as a final tie-break, so no two devices
//! ever produce the same stamp. Its text form is fixed-width, so text order is clock order; the op log
//! stores the 28-byte form (big-endian milliseconds and counter, then the device), whose byte order is
//! the same order in a third of the space.

use std::fmt;
use std::str::FromStr;

use crate::ids::DeviceId;
use crate::{Error, Result};

/// One HLC stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch.
    pub wall_ms: u64,
    /// Logical counter.
    pub counter: u32,
    /// Device that made the stamp.
    pub device: DeviceId,
}

impl Hlc {
    /// The smallest stamp of a device.
    pub fn zero(device: DeviceId) -> Self {
        Hlc { wall_ms: 0, counter: 0, device }
    }

    /// The next stamp for a local event, given the last stamp and the wall clock now.
    pub fn tick(last: Hlc, now_ms: u64) -> Hlc {
        if now_ms > last.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0, device: last.device }
        } else {
            Hlc { wall_ms: last.wall_ms, counter: last.counter.saturating_add(1), device: last.device }
        }
    }

    /// The next local stamp after seeing a remote one.
    pub fn receive(last: Hlc, remote: Hlc, now_ms: u64) -> Hlc {
        let wall = now_ms.max(last.wall_ms).max(remote.wall_ms);
        let counter = if wall == last.wall_ms && wall == remote.wall_ms {
            last.counter.max(remote.counter).saturating_add(1)
        } else if wall == last.wall_ms {
            last.counter.saturating_add(1)
        } else if wall == remote.wall_ms {
            remote.counter.saturating_add(1)
        } else {
            0
        };
        Hlc { wall_ms: wall, counter, device: last.device }
    }
}

impl Hlc {
    /// The stored form: milliseconds (8 bytes) and counter (4 bytes) big-endian, then the device.
    pub fn to_bytes(&self) -> [u8; 28] {
        let mut b = [0u8; 28];
        b[..8].copy_from_slice(&self.wall_ms.to_be_bytes());
        b[8..12].copy_from_slice(&self.counter.to_be_bytes());
        b[12..].copy_from_slice(self.device.0.as_bytes());
        b
    }

    /// Reads the stored form.
    pub fn from_bytes(b: &[u8]) -> Result<Hlc> {
        let bad = || Error::Corrupt(format!("a clock stamp of {} bytes", b.len()));
        let wall: [u8; 8] = b.get(..8).and_then(|s| s.try_into().ok()).ok_or_else(bad)?;
        let counter: [u8; 4] = b.get(8..12).and_then(|s| s.try_into().ok()).ok_or_else(bad)?;
        let device = b.get(12..).filter(|d| d.len() == 16).ok_or_else(bad)?;
        Ok(Hlc {
            wall_ms: u64::from_be_bytes(wall),
            counter: u32::from_be_bytes(counter),
            device: DeviceId(uuid::Uuid::from_slice(device).map_err(|_| bad())?),
        })
    }

    /// Parses the text form, which must be exactly the form this program writes (a stamp that
    /// arrives in a sync file is stored in byte form and must read back as the same text).
    pub fn parse_canonical(s: &str) -> Result<Hlc> {
        let h: Hlc = s.parse()?;
        if h.to_string() != s {
            return Err(Error::Corrupt(format!("'{s}' is not a clock stamp in its usual form")));
        }
        Ok(h)
    }
}

impl rusqlite::types::ToSql for Hlc {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.to_bytes().to_vec()))
    }
}

impl rusqlite::types::FromSql for Hlc {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        Hlc::from_bytes(value.as_blob()?).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

/// Milliseconds since the Unix epoch now.
pub fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:010}-{}", self.wall_ms, self.counter, self.device)
    }
}

impl FromStr for Hlc {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::Corrupt(format!("'{s}' is not a clock stamp"));
        let (wall, rest) = s.split_once('-').ok_or_else(bad)?;
        let (counter, device) = rest.split_once('-').ok_or_else(bad)?;
        if wall.len() != 15 || counter.len() != 10 {
            return Err(bad());
        }
        Ok(Hlc {
            wall_ms: wall.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            device: device.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tick_never_goes_backwards_when_the_wall_clock_does() {
        let d = DeviceId::new();
        let a = Hlc::tick(Hlc::zero(d), 1_000);
        let b = Hlc::tick(a, 500);
        assert!(b > a);
        assert_eq!(b.wall_ms, 1_000);
    }

    proptest! {
        #[test]
        fn text_order_is_clock_order(a in 0u64..10_000_000_000_000, ac in 0u32..1000, b in 0u64..10_000_000_000_000, bc in 0u32..1000) {
            let d = DeviceId::new();
            let x = Hlc { wall_ms: a, counter: ac, device: d };
            let y = Hlc { wall_ms: b, counter: bc, device: d };
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
            prop_assert_eq!(x.to_string().parse::<Hlc>().unwrap(), x);
            prop_assert_eq!(x.to_bytes().cmp(&y.to_bytes()), x.cmp(&y));
            prop_assert_eq!(Hlc::from_bytes(&x.to_bytes()).unwrap(), x);
            prop_assert_eq!(Hlc::parse_canonical(&x.to_string()).unwrap(), x);
        }

        #[test]
        fn receive_is_after_both(l in 0u64..1_000_000, lc in 0u32..100, r in 0u64..1_000_000, rc in 0u32..100, now in 0u64..1_000_000) {
            let last = Hlc { wall_ms: l, counter: lc, device: DeviceId::new() };
            let remote = Hlc { wall_ms: r, counter: rc, device: DeviceId::new() };
            let next = Hlc::receive(last, remote, now);
            prop_assert!((next.wall_ms, next.counter) > (last.wall_ms, last.counter));
            prop_assert!((next.wall_ms, next.counter) > (remote.wall_ms, remote.counter));
        }
    }
}
