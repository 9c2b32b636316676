//! Filesystem helpers whose errors always name the path they were about.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Reads a file as bytes; the error names the file.
pub fn read(path: &Path, shown_as: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|error| io_error(shown_as, "cannot read", &error))
}

/// Reads a file as UTF-8 text; a file that is not UTF-8 is an error that
/// names it. A leading byte-order mark is dropped.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let bytes = read(path, shown_as)?;
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
}
