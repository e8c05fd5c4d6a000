//! Locking when nobody is there: after the organisation's idle minutes, when the computer sleeps, and
//! when its screen locks.
//!
//! A thread looks every 20 seconds. It locks after the idle limit, and also when the wall clock has run
//! on well beyond the monotonic clock since its last look, which is what a suspended computer looks
//! like on every platform. On Linux it also listens on D-Bus for logind's "about to sleep" and "lock
//! this session" and for the desktop's screensaver turning on; where there is no bus (a bare test
//! machine) that part is simply absent. Each lock drops the session, which closes the database and
//! zeroes its key, and tells the page, which clears itself.

use std::time::{Duration, Instant, SystemTime};

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// How often the idle check runs.
const TICK: Duration = Duration::from_secs(20);

/// Whether the gap between two looks means the computer was asleep: the wall clock moved on more
/// than a minute beyond what the monotonic clock (which stops during sleep) saw.
pub fn slept(wall: Duration, monotonic: Duration) -> bool {
    wall.saturating_sub(monotonic) > Duration::from_secs(60)
}

fn lock(app: &AppHandle) {
    if app.state::<AppState>().lock_now() {
        let _ = app.emit("locked", ());
    }
}

/// Starts the watchers.
pub fn start(app: &AppHandle) {
    let handle = app.clone();
    std::thread::spawn(move || {
        let (mut wall, mut mono) = (SystemTime::now(), Instant::now());
        loop {
            std::thread::sleep(TICK);
            let w = SystemTime::now().duration_since(wall).unwrap_or_default();
            let m = mono.elapsed();
            (wall, mono) = (SystemTime::now(), Instant::now());
            if slept(w, m) {
                lock(&handle);
            } else if handle.state::<AppState>().lock_if_idle() {
                let _ = handle.emit("locked", ());
            }
        }
    });
    #[cfg(target_os = "linux")]
    linux::listen(app);
}

#[cfg(target_os = "linux")]
mod linux {
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    use tauri::AppHandle;

    /// Listens on one bus for signals whose first argument is `true` (or that have none), locking the
    /// app on each. Gives up quietly when the bus is not there.
    fn on_bus(app: &AppHandle, system: bool, signals: &'static [(&'static str, &'static str, bool)]) {
        let app = app.clone();
        std::thread::spawn(move || {
            let conn = if system { Connection::new_system() } else { Connection::new_session() };
            let Ok(conn) = conn else { return };
            for (interface, member, has_flag) in signals {
                let app = app.clone();
                let rule = MatchRule::new_signal(*interface, *member);
                let added = if *has_flag {
                    conn.add_match(rule, move |(on,): (bool,), _, _| {
                        if on {
                            super::lock(&app);
                        }
                        true
                    })
                } else {
                    conn.add_match(rule, move |(): (), _, _| {
                        super::lock(&app);
                        true
                    })
                };
                if added.is_err() {
                    return;
                }
            }
            while conn.process(std::time::Duration::from_secs(3600)).is_ok() {}
        });
    }

    pub fn listen(app: &AppHandle) {
        // logind: the computer is about to sleep (true), and "lock this session" (lid closed, Super+L).
        on_bus(
            app,
            true,
            &[
                ("org.freedesktop.login1.Manager", "PrepareForSleep", true),
                ("org.freedesktop.login1.Session", "Lock", false),
            ],
        );
        // The desktop's screensaver or lock screen came on.
        on_bus(
            app,
            false,
            &[
                ("org.freedesktop.ScreenSaver", "ActiveChanged", true),
                ("org.gnome.ScreenSaver", "ActiveChanged", true),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jump_of_the_wall_clock_beyond_the_monotonic_one_is_sleep() {
        let s = Duration::from_secs;
        assert!(!slept(s(20), s(20)));
        assert!(!slept(s(75), s(20)), "a minute's drift or a small clock change is not sleep");
        assert!(slept(s(20 + 600), s(20)), "ten minutes asleep");
        assert!(!slept(s(0), s(20)), "a clock put back is not sleep");
    }
}
