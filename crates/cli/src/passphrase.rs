//! Where the passphrase comes from: `--passphrase-file`, then `THROUGHCARE_PASSPHRASE`, then a hidden
//! prompt when a person is at a terminal. It is never echoed, logged or put on the command line.

use std::io::IsTerminal;
use std::path::Path;

use crate::commands::CliError;

fn from_file(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Message(format!("The passphrase file {} cannot be read: {e}.", path.display()))
    })?;
    let line = text.lines().next().unwrap_or("").to_owned();
    if line.is_empty() {
        return Err(CliError::Message(format!("The passphrase file {} is empty.", path.display())));
    }
    Ok(line)
}

/// The passphrase for an existing database.
pub fn existing(file: Option<&Path>, prompt: &str) -> Result<String, CliError> {
    if let Some(f) = file {
        return from_file(f);
    }
    if let Ok(p) = std::env::var("THROUGHCARE_PASSPHRASE")
        && !p.is_empty()
    {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| CliError::Message(format!("The passphrase could not be read: {e}.")));
    }
    Err(CliError::Usage(
        "No passphrase given. Use --passphrase-file FILE or set THROUGHCARE_PASSPHRASE, or run this at a terminal.".into(),
    ))
}

/// A new passphrase: at a terminal it is asked for twice, after a warning.
pub fn new(file: Option<&Path>) -> Result<String, CliError> {
    if file.is_some()
        || std::env::var("THROUGHCARE_PASSPHRASE").is_ok_and(|p| !p.is_empty())
        || !std::io::stdin().is_terminal()
    {
        return existing(file, "");
    }
    twice("Choose a passphrase for this database")
}

/// Someone else's new passphrase, or your next one: `--new-passphrase-file`, then
/// `THROUGHCARE_NEW_PASSPHRASE`, then asked twice at a terminal (typed by the person it is for).
pub fn new_for(file: Option<&Path>, whose: &str) -> Result<String, CliError> {
    if let Some(f) = file {
        return from_file(f);
    }
    if let Ok(p) = std::env::var("THROUGHCARE_NEW_PASSPHRASE")
        && !p.is_empty()
    {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return twice(&format!("Choose {whose}"));
    }
    Err(CliError::Usage(
        "No new passphrase given. Use --new-passphrase-file FILE or set THROUGHCARE_NEW_PASSPHRASE, or run this at a terminal.".into(),
    ))
}

fn twice(what: &str) -> Result<String, CliError> {
    eprintln!(
        "{what}: at least 12 characters; three or four unrelated words work well (no need for symbols)."
    );
    eprintln!("Nobody can recover the data if it is lost, so write it down and keep it somewhere safe.");
    let first = existing(None, "Passphrase: ")?;
    let second = existing(None, "Type it again: ")?;
    if first != second {
        return Err(CliError::Message("The two passphrases are different. Nothing was changed.".into()));
    }
    Ok(first)
}
