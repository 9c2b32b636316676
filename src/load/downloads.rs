//! Files visitors download (leaflets, posters, forms): what type each is
//! and how big, shown after the link text the GOV.UK way ("PDF, 1.2 MB"),
//! and the documents Beacon cannot check for accessibility.
//!
//! A document may have a sidecar beside it, `leaflet.pdf.yaml`, which is
//! never published:
//!
//! ```yaml
//! title: "Signs of exploitation: a leaflet for parents"
//! accessibility_checked: 2026-11-20   # checked against GOV.UK's guidance
//! ```
//!
//! The type labels are the format names GOV.UK uses, the same in every
//! language; sizes use 1,024-byte kilobytes, as GOV.UK does.

use std::path::Path;

use serde::Deserialize;

use crate::base::date::Date;
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::base::yaml::Source;
use crate::load::layers::Layers;

/// GOV.UK's guidance on publishing accessible documents.
pub const GUIDANCE: &str = "https://www.gov.uk/guidance/publishing-accessible-documents";

/// The type label, media type and whether Beacon can check it, by file
/// extension (lower case).
const KINDS: [(&str, &str, &str, bool); 17] = [
    ("pdf", "PDF", "application/pdf", false),
    ("doc", "DOC", "application/msword", false),
    (
        "docx",
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        false,
    ),
    (
        "odt",
        "ODT",
        "application/vnd.oasis.opendocument.text",
        false,
    ),
    (
        "ods",
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
        false,
    ),
    (
        "odp",
        "ODP",
        "application/vnd.oasis.opendocument.presentation",
        false,
    ),
    ("xls", "XLS", "application/vnd.ms-excel", false),
    (
        "xlsx",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        false,
    ),
    ("ppt", "PPT", "application/vnd.ms-powerpoint", false),
    (
        "pptx",
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        false,
    ),
    ("rtf", "RTF", "application/rtf", false),
    ("epub", "EPUB", "application/epub+zip", false),
    ("csv", "CSV", "text/csv", true),
    ("zip", "ZIP", "application/zip", true),
    ("png", "PNG", "image/png", true),
    ("jpg", "JPEG", "image/jpeg", true),
    ("jpeg", "JPEG", "image/jpeg", true),
];

/// What a download link says about its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file, relative to `content/`.
    pub rel: String,
    /// The format, e.g. `PDF`.
    pub kind: &'static str,
    /// The media type for the link's `type` attribute.
    pub media_type: &'static str,
    /// The size, e.g. `1.2 MB`.
    pub size: String,
}

impl Label {
    /// `PDF, 1.2 MB`.
    pub fn text(&self) -> String {
        format!("{}, {}", self.kind, self.size)
    }
}

fn kind_of(rel: &str) -> Option<&'static (&'static str, &'static str, &'static str, bool)> {
    let extension = Path::new(rel).extension()?.to_str()?.to_ascii_lowercase();
    KINDS.iter().find(|(ext, ..)| *ext == extension)
}

/// The label for a file in `content/` that visitors download, when its
/// type is one Beacon knows and its size can be read.
pub fn label(rel: &str, path: &Path) -> Option<Label> {
    let (_, kind, media_type, _) = kind_of(rel)?;
    let size = std::fs::symlink_metadata(path).ok()?.len();
    Some(Label {
        rel: rel.to_string(),
        kind,
        media_type,
        size: size_text(size),
    })
}

/// A size the GOV.UK way: `340 KB`, `1.2 MB` (never "0 KB").
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let kilobytes = bytes as f64 / KB;
    if kilobytes < 1000.0 {
        format!("{} KB", kilobytes.ceil().max(1.0))
    } else {
        let megabytes = kilobytes / KB;
        format!("{:.1} MB", (megabytes * 10.0).ceil() / 10.0)
    }
}

/// True for documents Beacon cannot check (PDF and office formats).
pub fn is_unchecked_document(rel: &str) -> bool {
    kind_of(rel).is_some_and(|(.., checkable)| !checkable)
}

/// True for a sidecar's file name (`leaflet.pdf.yaml`): never published.
pub fn is_sidecar(name: &str) -> bool {
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"));
    stem.is_some_and(|stem| kind_of(stem).is_some())
}

/// True for a file whose change changes how links and lists describe it:
/// a download, or a download's sidecar.
pub fn is_labelled(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    is_sidecar(&name) || kind_of(&name).is_some()
}

/// A document's sidecar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// What to call the document in lists (default: from its file name).
    pub title: Option<String>,
    /// When someone checked it against GOV.UK's guidance (`YYYY-MM-DD`).
    pub accessibility_checked: Option<String>,
}

/// Reads the sidecar of the document at `rel` (relative to `content/`), if
/// it has one; a sidecar that cannot be read or parsed is an error at it.
pub fn sidecar(layers: &Layers, rel: &str) -> Result<Option<Sidecar>, Diagnostic> {
    let found = ["yaml", "yml"]
        .iter()
        .find_map(|ext| layers.find(&format!("content/{rel}.{ext}")));
    let Some((path, shown)) = found else {
        return match ["yaml", "yml"]
            .iter()
            .find_map(|ext| layers.link_at(&format!("content/{rel}.{ext}")))
        {
            Some(link) => Err(Diagnostic::error(
                &link,
                format!("{} is a link, which Beacon does not follow", link.display()),
            )
            .with_hint("put the sidecar file itself beside the document: a build reads nothing outside the site")),
            None => Ok(None),
        };
    };
    let text = fsutil::read_text(&path, &shown)?;
    let sidecar: Sidecar = Source::file(&text, &shown).parse()?;
    if let Some(date) = &sidecar.accessibility_checked {
        if Date::parse(date).is_none() {
            return Err(Diagnostic::error(
                &shown,
                format!("accessibility_checked \"{date}\" is not a date"),
            )
            .with_hint("write the date it was checked as YYYY-MM-DD"));
        }
    }
    Ok(Some(sidecar))
}

/// True when `rel` is a file visitors download (a document or a poster),
/// so it may have a sidecar.
pub fn is_download(rel: &str) -> bool {
    kind_of(rel).is_some()
}

/// What a download is called in lists: its sidecar's `title`, else its
/// file name without the extension, dashes and underscores as spaces, the
/// first letter capitalised (`leaflet-for-parents.pdf`: "Leaflet for
/// parents").
pub fn title(rel: &str, sidecar: Option<&Sidecar>) -> String {
    if let Some(title) = sidecar.and_then(|s| s.title.clone()) {
        return title;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_govuk_way() {
        assert_eq!(size_text(0), "1 KB");
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(340 * 1024), "340 KB");
        assert_eq!(size_text(340 * 1024 + 1), "341 KB");
        assert_eq!(size_text(1_258_291), "1.2 MB");
        assert_eq!(size_text(1_258_292), "1.3 MB", "never rounded down");
    }

    #[test]
    fn documents_posters_and_sidecars_are_told_apart() {
        assert!(is_unchecked_document("guides/leaflet.PDF"));
        assert!(is_unchecked_document("forms/referral.docx"));
        assert!(!is_unchecked_document("posters/a3.png"));
        assert!(!is_unchecked_document("data/services.csv"));
        assert!(is_sidecar("leaflet.pdf.yaml"));
        assert!(is_sidecar("leaflet.pdf.yml"));
        assert!(!is_sidecar("national.yaml"));
        assert!(!is_sidecar("leaflet.pdf"));
    }

    #[test]
    fn a_download_is_called_by_its_sidecar_title_or_its_file_name() {
        let rel = "guides/leaflet-for_parents.pdf";
        assert_eq!(title(rel, None), "Leaflet for parents");
        let sidecar = Sidecar {
            title: Some("The leaflet".into()),
            accessibility_checked: None,
        };
        assert_eq!(title(rel, Some(&sidecar)), "The leaflet");
    }

    #[test]
    fn a_label_has_the_type_media_type_and_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leaflet.pdf");
        std::fs::write(&path, vec![0u8; 2048]).unwrap();
        let leaflet = label("guides/leaflet.pdf", &path).unwrap();
        assert_eq!(leaflet.text(), "PDF, 2 KB");
        assert_eq!(leaflet.media_type, "application/pdf");
        assert_eq!(
            label("guides/notes.txt", &path),
            None,
            "not a download type"
        );
    }
}
