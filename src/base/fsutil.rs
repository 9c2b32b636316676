//! Filesystem helpers whose errors always name the path they were about.

use std::path::Path;

use crate::base::diagnostic::Diagnostic;

/// The largest text file Beacon reads (a page, a YAML file, a template).
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a file as bytes; the error names the file. Only regular files are
/// read: a symbolic link, FIFO or device is an error (it could block for
/// ever, or reach outside the site).
pub fn read(path: &Path, shown_as: &Path) -> Result<Vec<u8>, Diagnostic> {
    let (file, len) = open_regular(path, shown_as)?;
    read_open(file, len, shown_as)
}

/// The first `len` bytes of a regular file (fewer when it is shorter),
/// opened the way [`read`] opens one: `None` for a link, FIFO, device or
/// a file that cannot be read.
pub fn read_start(path: &Path, len: u64) -> Option<Vec<u8>> {
    let (file, file_len) = open_regular(path, path).ok()?;
    read_open(file, file_len.min(len), path).ok()
}

/// A regular file's bytes, opened the way [`read`] opens one, when it
/// holds at most `max` bytes; `None` otherwise (a link, FIFO, device,
/// larger or unreadable file).
pub fn read_at_most(path: &Path, max: u64) -> Option<Vec<u8>> {
    let (file, len) = open_regular(path, path).ok()?;
    (len <= max).then(|| read_open(file, len, path).ok())?
}

/// True for a regular file (not a symbolic link, FIFO or device): the one
/// test build, check, watch and serve all use for a site's files.
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
}

/// A regular file opened for reading, with its length: one `open` that
/// neither follows a link nor waits on a FIFO, and one `fstat` of what it
/// opened, so a file is looked up once however it is read.
fn open_regular(path: &Path, shown_as: &Path) -> Result<(std::fs::File, u64), Diagnostic> {
    let not_regular = || {
        Diagnostic::error(shown_as, "this is not a regular file")
            .with_hint("Beacon reads only ordinary files: not symbolic links, FIFOs or devices")
    };
    let file = open_no_follow(path).map_err(|error| match is_link_error(&error) {
        true => not_regular(),
        false => io_error(shown_as, "cannot read", &error),
    })?;
    let metadata = file
        .metadata()
        .map_err(|error| io_error(shown_as, "cannot read", &error))?;
    if !metadata.file_type().is_file() {
        return Err(not_regular());
    }
    Ok((file, metadata.len()))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Without `O_NOFOLLOW`, the link test first (a race the Unix build closes).
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// True when an open failed because the path is a symbolic link.
fn is_link_error(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    return error.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return error.kind() == std::io::ErrorKind::Other;
}

/// Reads an open file of `len` bytes (no more: one that grows meanwhile
/// is read as it was when looked at; and no second `fstat`, which
/// `File::read_to_end` would make to size its buffer).
fn read_open(file: std::fs::File, len: u64, shown_as: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 30));
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(shown_as, "cannot read", &error))?;
    Ok(bytes)
}

/// Reads a file as UTF-8 text; a file that is not UTF-8, or that still has
/// git conflict markers in it, is one error that names it (at the marker),
/// instead of a cascade of confusing errors from what follows. A leading
/// byte-order mark is dropped.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let text = read_text_as_is(path, shown_as)?;
    match conflict_marker(&text) {
        Some(line) => Err(conflict_error(shown_as, line)),
        None => Ok(text),
    }
}

/// The 1-based line of the first git conflict marker (`<<<<<<< `), when
/// the text also has the `=======` and `>>>>>>> ` lines that complete it.
pub fn conflict_marker(text: &str) -> Option<usize> {
    let mut start = None;
    let mut middle = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if start.is_none() && (line == "<<<<<<<" || line.starts_with("<<<<<<< ")) {
            start = Some(index + 1);
        } else if start.is_some() && line == "=======" {
            middle = true;
        } else if middle && (line == ">>>>>>>" || line.starts_with(">>>>>>> ")) {
            return start;
        }
    }
    None
}

/// The error for a file with conflict markers.
pub fn conflict_error(shown_as: &Path, line: usize) -> Diagnostic {
    Diagnostic::error(shown_as, "this file still has git conflict markers")
        .at(line, 1)
        .with_hint("finish the merge: keep the lines you want between <<<<<<<, ======= and >>>>>>>, and delete the marker lines")
}

/// Reads a regular file of at most [`MAX_TEXT_BYTES`] as UTF-8 text,
/// conflict markers and all (to quote it in a diagnostic).
pub fn read_text_as_is(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let (file, len) = open_regular(path, shown_as)?;
    if len > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            shown_as,
            format!(
                "this file is larger than {} MiB",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
        )
        .with_hint("split it into smaller pages or files"));
    }
    let bytes = read_open(file, len, shown_as)?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let line = 1 + error.as_bytes()[..error.utf8_error().valid_up_to()]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        Diagnostic::error(shown_as, "this file is not valid UTF-8 text")
            .at(line, 0)
            .with_hint("save it as UTF-8 in your editor")
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Writes a file, creating its parent folders; the error names the file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|error| io_error(path, "cannot write", &error))
}

/// Writes a new file, creating its parent folders, and returns its
/// modification time as written (from the open file: no second look-up
/// of the path), or `None` when the system cannot say.
pub fn write_stamped(path: &Path, bytes: &[u8]) -> Result<Option<i128>, Diagnostic> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let cannot = |error: std::io::Error| io_error(path, "cannot write", &error);
    let mut file = std::fs::File::create(path).map_err(cannot)?;
    file.write_all(bytes).map_err(cannot)?;
    Ok(file.metadata().ok().map(|meta| stamp(&meta).1))
}

/// Writes a file by writing a temporary sibling and renaming it into place,
/// so an interrupted write leaves the old file or the new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The process and a counter: two threads writing one file never
    // share a temporary file.
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let count = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = path.with_file_name(format!(".{name}.tmp-{}-{count}", std::process::id()));
    write(&temp, bytes)?;
    rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Creates a folder and its parents; the error names the folder.
pub fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|error| io_error(path, "cannot create folder", &error))
}

/// Removes a folder and everything in it, if it exists.
pub fn remove_dir_all(path: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error(path, "cannot remove folder", &error))
        }
        _ => Ok(()),
    }
}

/// Renames a file or folder; the error names both paths.
pub fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(from, to).map_err(|error| {
        io_error(
            from,
            &format!("cannot move it to {}:", to.display()),
            &error,
        )
    })
}

/// An I/O error as a diagnostic naming the path.
pub fn io_error(path: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what} {}: {error}", path.display()))
        .as_transient(is_transient(error))
}

/// True when an I/O error says the machine is short of something for now
/// (file handles, memory, disk space) or the call was interrupted, rather
/// than that the site is wrong: worth trying the build again.
pub fn is_transient(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    const ENFILE: i32 = 23;
    const EMFILE: i32 = 24;
    matches!(error.raw_os_error(), Some(ENFILE | EMFILE))
        || matches!(
            error.kind(),
            ErrorKind::Interrupted
                | ErrorKind::WouldBlock
                | ErrorKind::TimedOut
                | ErrorKind::OutOfMemory
                | ErrorKind::StorageFull
                | ErrorKind::ResourceBusy
                | ErrorKind::QuotaExceeded
        )
}

/// A file's length and modification time, as an entry records them.
pub fn stamp(meta: &std::fs::Metadata) -> (u64, i128) {
    let mtime =
        meta.modified()
            .ok()
            .map_or(0, |time| match time.duration_since(std::time::UNIX_EPOCH) {
                Ok(after) => after.as_nanos() as i128,
                Err(before) => -(before.duration().as_nanos() as i128),
            });
    (meta.len(), mtime)
}

/// The length and modification time of the regular file at `path`; `None`
/// for a missing file, a folder or a link.
pub fn stamp_of(path: &Path) -> Option<(u64, i128)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    meta.file_type().is_file().then(|| stamp(&meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_at_most_refuses_a_larger_file_a_link_and_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(read_at_most(&file, 5).as_deref(), Some(&b"12345"[..]));
        assert_eq!(read_at_most(&file, 4), None);
        #[cfg(unix)]
        {
            let link = dir.path().join("l");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(read_at_most(&link, 100), None);
            let fifo = dir.path().join("p");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(made.success());
            assert_eq!(read_at_most(&fifo, 100), None);
        }
    }

    #[test]
    fn running_out_of_handles_or_space_is_transient_and_a_missing_file_is_not() {
        let out_of_handles = std::io::Error::from_raw_os_error(24);
        let diagnostic = io_error(Path::new("public/x.html"), "cannot write", &out_of_handles);
        assert!(diagnostic.transient, "{diagnostic}");
        assert!(is_transient(&std::io::Error::from(
            std::io::ErrorKind::StorageFull
        )));
        assert!(!is_transient(&std::io::Error::from(
            std::io::ErrorKind::NotFound
        )));
        assert!(
            !io_error(
                Path::new("a.md"),
                "cannot read",
                &std::io::Error::from(std::io::ErrorKind::InvalidData)
            )
            .transient
        );
    }

    #[test]
    fn conflict_markers_are_found_only_when_complete() {
        let text = "a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> upstream\n";
        assert_eq!(conflict_marker(text), Some(2));
        assert_eq!(
            conflict_marker("Title\n=======\n"),
            None,
            "a setext heading"
        );
        assert_eq!(conflict_marker("<<<<<<< x\nno end\n"), None);
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_of_a_sane_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("site.yaml");
        std::os::unix::fs::symlink("/etc/hostname", &link).unwrap();
        let error = read_text(&link, Path::new("site.yaml")).unwrap_err();
        assert_eq!(error.message, "this is not a regular file");
        let big = dir.path().join("big.md");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_TEXT_BYTES + 1).unwrap();
        let error = read_text(&big, Path::new("content/big.md")).unwrap_err();
        assert_eq!(error.message, "this file is larger than 16 MiB");
        // A FIFO is refused without waiting for a writer; a link to
        // nothing and a folder are refused too; a missing file says so.
        let fifo = dir.path().join("fifo.md");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        for path in [&fifo, &dangling, &dir.path().to_path_buf()] {
            let error = read(path, Path::new("content/x.md")).unwrap_err();
            assert_eq!(
                error.message,
                "this is not a regular file",
                "{}",
                path.display()
            );
        }
        let error = read(
            &dir.path().join("missing.md"),
            Path::new("content/missing.md"),
        )
        .unwrap_err();
        assert!(
            error.message.starts_with("cannot read"),
            "{}",
            error.message
        );
        let page = dir.path().join("page.md");
        std::fs::write(&page, "\u{feff}# Title\n").unwrap();
        assert_eq!(
            read_text(&page, Path::new("content/page.md")).unwrap(),
            "# Title\n"
        );
        assert_eq!(
            read_start(&page, 4).as_deref(),
            Some("\u{feff}#".as_bytes())
        );
        assert_eq!(read_start(&fifo, 6), None, "a FIFO is not waited on");
        assert_eq!(read_start(&dangling, 6), None);
        let written = dir.path().join("new/index.html");
        let mtime = write_stamped(&written, b"<p>x</p>").unwrap();
        assert_eq!(mtime, stamp_of(&written).map(|(_, mtime)| mtime));
        assert_eq!(std::fs::read(&written).unwrap(), b"<p>x</p>");
    }
}
