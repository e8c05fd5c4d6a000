//! Every file Throughcare writes that holds personal data or keys is written here, and only here.
//!
//! Two promises, kept in one place so no writer can forget them: the file is readable by its owner
//! only (0600) from the moment it exists, never widened afterwards, whatever the umask; and it appears
//! under its real name whole or not at all (written to a hidden name beside it, flushed to disk, then
//! renamed over, and the folder flushed so the rename survives a power cut). The command line and the
//! app both call these; a test lists the mode of every file a day's work leaves behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Opens a new file readable and writable by its owner only; fails if `path` exists.
pub fn create_new_private(path: &Path) -> io::Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// A folder only its owner may list or enter (an export's or a subject access request's).
pub fn private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The hidden name a file is written under until it is whole: `.name.part` in the same folder, so a
/// rename never crosses file systems and a file manager does not show a half-written file.
pub(crate) fn part_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".part");
    path.with_file_name(name)
}

/// A file being written privately under a hidden name; [`PrivateFile::commit`] puts it in place.
/// Dropped without committing, it removes itself, so an error part-way leaves nothing behind.
#[derive(Debug)]
pub struct PrivateFile {
    file: Option<io::BufWriter<fs::File>>,
    part: PathBuf,
    path: PathBuf,
}

impl PrivateFile {
    /// Starts writing `path`. A piece left by an earlier attempt that was cut short is replaced.
    pub fn create(path: &Path) -> io::Result<PrivateFile> {
        if path.file_name().is_none() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "no file name"));
        }
        let part = part_path(path);
        let _ = fs::remove_file(&part);
        let file = create_new_private(&part)?;
        Ok(PrivateFile { file: Some(io::BufWriter::new(file)), part, path: path.to_path_buf() })
    }

    /// Flushes the file to disk and gives it its real name, replacing any file there.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(file) = self.file.take() else {
            return Err(io::Error::other("already committed"));
        };
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&self.part, &self.path)?;
        sync_dir(&self.path);
        Ok(())
    }
}

impl Write for PrivateFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.part);
        }
    }
}

/// Writes `bytes` to `path` privately and whole or not at all, replacing any file there.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = PrivateFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Flushes a folder's list of names, so a rename into it survives a power cut. Best effort: not every
/// file system lets a folder be opened for this.
pub fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0)
    }

    #[test]
    fn a_written_file_is_private_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.tcsync");
        fs::write(&p, b"old, readable by all").unwrap();
        write_private(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        #[cfg(unix)]
        assert_eq!(mode(&p), 0o600, "a replaced file takes the private mode, not the old one");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no piece is left beside it: {names:?}");
    }

    #[test]
    fn an_abandoned_file_leaves_nothing_and_keeps_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.csv");
        fs::write(&p, b"last month").unwrap();
        {
            let mut f = PrivateFile::create(&p).unwrap();
            f.write_all(b"half of this month").unwrap();
            // Dropped: an error part-way through.
        }
        assert_eq!(fs::read(&p).unwrap(), b"last month");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn private_whatever_the_umask_allows() {
        // The mode is set at creation, not widened by a permissive umask: 0600 is the most a file gets.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        let f = create_new_private(&p).unwrap();
        drop(f);
        assert_eq!(mode(&p) & 0o077, 0);
        private_dir(&dir.path().join("sar")).unwrap();
        assert_eq!(mode(&dir.path().join("sar")), 0o700);
    }
}
