//! Pictures and documents uploaded from the editor: put beside the page
//! they are for, under a safe name made from the file's own (never a path
//! the browser sent), never over a file already there. A picture needs
//! what it shows before it is saved, and must be the kind of image its
//! name says; a document (PDF, Word, OpenDocument …) gets the sidecar
//! `name.pdf.yaml` with its title and, when the editor confirms it was
//! checked against GOV.UK's guidance, the date of that check. Either way
//! the answer is the Markdown that puts it on the page.

use std::path::{Path, PathBuf};

use super::create::{create_new, hyphenated, FieldError};
use super::front_matter::Value;
use crate::base::diagnostic::Diagnostic;
use crate::load::downloads;

/// The largest file the editor accepts, in bytes (10 MiB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Picture types by extension, with the bytes each file starts with.
const IMAGES: [(&str, &[u8]); 5] = [
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", b"\xff\xd8\xff"),
    ("jpeg", b"\xff\xd8\xff"),
    ("gif", b"GIF8"),
    ("webp", b"RIFF"),
];

/// What the upload form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upload {
    /// The file's name as the browser sent it (only its last part is used).
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// What a picture shows.
    pub alt: String,
    /// What to call a document.
    pub title: String,
    /// The editor confirms the document was checked for accessibility.
    pub checked: bool,
}

/// What an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A picture, shown on the page.
    Image,
    /// A document visitors download.
    Document,
}

/// A saved upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Its file, relative to the site.
    pub source: PathBuf,
    /// The Markdown that puts it on the page.
    pub markdown: String,
    /// A picture or a document.
    pub kind: Kind,
}

impl Upload {
    /// The safe name it is saved under: the last part of the sent name,
    /// lower case, letters, digits and hyphens (`Poster 2 (final).PNG` →
    /// `poster-2-final.png`).
    pub fn safe_name(&self) -> Option<String> {
        let last = self.file_name.rsplit(['/', '\\']).next()?;
        let (stem, extension) = last.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        let stem = hyphenated(stem);
        let stem = if stem.is_empty() { "upload" } else { &stem };
        let known = extension.chars().all(|c| c.is_ascii_alphanumeric());
        known.then(|| format!("{stem}.{extension}"))
    }

    /// What it is, by its name.
    pub fn kind(&self) -> Option<Kind> {
        let name = self.safe_name()?;
        let extension = name.rsplit_once('.')?.1;
        if IMAGES.iter().any(|(ext, _)| *ext == extension) {
            Some(Kind::Image)
        } else if downloads::is_unchecked_document(&name) {
            Some(Kind::Document)
        } else {
            None
        }
    }

    /// Each problem on its field (`file`, `alt`).
    pub fn problems(&self) -> Vec<FieldError> {
        let problem = |field: &'static str, message: &str| FieldError {
            field,
            message: message.to_string(),
        };
        if self.bytes.is_empty() {
            return vec![problem("file", "Choose a file to upload")];
        }
        if self.bytes.len() > MAX_UPLOAD_BYTES {
            return vec![problem(
                "file",
                "The file is larger than 10 MB: make it smaller first",
            )];
        }
        let mut problems = Vec::new();
        match self.kind() {
            None => problems.push(problem("file", "The file must be a picture (PNG, JPEG, GIF or WebP) or a document (PDF, Word, OpenDocument, Excel, PowerPoint, RTF or EPUB)")),
            Some(Kind::Image) if !self.looks_like_its_name() => problems.push(problem("file", "The file is not the kind of picture its name says: save it again as PNG or JPEG")),
            Some(Kind::Image) if self.alt.trim().is_empty() => problems.push(problem("alt", "Say what the picture shows, for people who cannot see it")),
            _ => {}
        }
        problems
    }

    /// True when a picture's bytes start the way its type's files do.
    fn looks_like_its_name(&self) -> bool {
        let Some(name) = self.safe_name() else {
            return false;
        };
        let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
        let webp = extension != "webp" || self.bytes.get(8..12) == Some(b"WEBP".as_slice());
        IMAGES
            .iter()
            .any(|(ext, magic)| *ext == extension && self.bytes.starts_with(magic))
            && webp
    }

    /// Saves it beside the page whose file is `page_source` (a document
    /// with its sidecar), never over a file there. Call only when it has
    /// no [`Upload::problems`].
    pub fn save(
        &self,
        site_dir: &Path,
        page_source: &Path,
        today: &str,
    ) -> Result<Saved, Diagnostic> {
        let (Some(name), Some(kind)) = (self.safe_name(), self.kind()) else {
            return Err(Diagnostic::error(
                page_source,
                "this file cannot be uploaded",
            ));
        };
        let folder = page_source.parent().unwrap_or(Path::new(""));
        let source = folder.join(&name);
        create_new(site_dir, &source, &self.bytes)?;
        let markdown = match kind {
            Kind::Image => format!("![{}]({name})", link_text(&self.alt)),
            Kind::Document => {
                let sidecar = folder.join(format!("{name}.yaml"));
                let text = self.sidecar(today);
                let written = match text.is_empty() {
                    true => Ok(()),
                    false => create_new(site_dir, &sidecar, text.as_bytes()),
                };
                if let Err(error) = written {
                    let _ = std::fs::remove_file(site_dir.join(&source));
                    return Err(error);
                }
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(stem, _)| stem);
                let words = if self.title.trim().is_empty() {
                    stem
                } else {
                    self.title.trim()
                };
                format!("[{}]({name})", link_text(words))
            }
        };
        Ok(Saved {
            source,
            markdown,
            kind,
        })
    }

    /// A document's sidecar: its title, and the day it was checked when
    /// the editor says it was (empty: no sidecar is written, and the build
    /// says the document is still to be checked).
    pub fn sidecar(&self, today: &str) -> String {
        let mut text = String::new();
        if !self.title.trim().is_empty() {
            text.push_str(&format!(
                "title: {}\n",
                Value::Text(self.title.trim().to_string()).to_yaml()
            ));
        }
        if self.checked {
            text.push_str(&format!("accessibility_checked: {today}\n"));
        }
        text
    }
}

/// Words for a Markdown link or image: on one line, without brackets.
fn link_text(words: &str) -> String {
    words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['[', ']'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n rest of the picture";

    fn upload(name: &str, bytes: &[u8]) -> Upload {
        Upload {
            file_name: name.into(),
            bytes: bytes.to_vec(),
            ..Upload::default()
        }
    }

    #[test]
    fn a_name_is_made_safe_from_its_last_part_only() {
        for (sent, safe) in [
            ("Poster 2 (final).PNG", Some("poster-2-final.png")),
            ("../../etc/passwd.pdf", Some("passwd.pdf")),
            ("C:\\Users\\me\\Leaflet_v2.docx", Some("leaflet-v2.docx")),
            ("....pdf", Some("upload.pdf")),
            ("no-extension", None),
            ("x.p/df", None),
        ] {
            assert_eq!(upload(sent, PNG).safe_name().as_deref(), safe, "{sent}");
        }
    }

    #[test]
    fn a_picture_needs_its_description_and_its_own_kind_of_bytes() {
        let picture = upload("poster.png", PNG);
        let fields: Vec<&str> = picture.problems().iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["alt"]);
        let described = Upload {
            alt: "A poster".into(),
            ..picture.clone()
        };
        assert!(described.problems().is_empty());
        let renamed = Upload {
            file_name: "poster.jpg".into(),
            ..described.clone()
        };
        assert_eq!(renamed.problems()[0].field, "file");
        for bad in [
            upload("page.html", b"<script>"),
            upload("x.svg", b"<svg/>"),
            upload("x.png", b""),
        ] {
            assert_eq!(bad.problems()[0].field, "file", "{}", bad.file_name);
        }
        let huge = upload("big.pdf", &vec![0; MAX_UPLOAD_BYTES + 1]);
        assert!(huge.problems()[0].message.contains("10 MB"));
    }

    #[test]
    fn a_document_is_saved_beside_its_page_with_its_sidecar_never_over_a_file() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/react")).unwrap();
        let page = Path::new("content/react/report.md");
        let leaflet = Upload {
            title: "Signs: a leaflet [for parents]".into(),
            checked: true,
            ..upload("Leaflet.PDF", b"%PDF-1.7")
        };
        assert!(leaflet.problems().is_empty());
        let saved = leaflet.save(site.path(), page, "2026-12-04").unwrap();
        assert_eq!(saved.source, Path::new("content/react/leaflet.pdf"));
        assert_eq!(
            saved.markdown,
            "[Signs: a leaflet for parents](leaflet.pdf)"
        );
        let sidecar =
            std::fs::read_to_string(site.path().join("content/react/leaflet.pdf.yaml")).unwrap();
        assert_eq!(
            sidecar,
            "title: \"Signs: a leaflet [for parents]\"\naccessibility_checked: 2026-12-04\n"
        );
        assert!(
            leaflet.save(site.path(), page, "2026-12-04").is_err(),
            "never over a file"
        );
        assert_eq!(
            std::fs::read(site.path().join("content/react/leaflet.pdf")).unwrap(),
            b"%PDF-1.7"
        );
        let unchecked = Upload {
            checked: false,
            title: String::new(),
            ..leaflet
        };
        assert_eq!(unchecked.sidecar("2026-12-04"), "");
    }
}
