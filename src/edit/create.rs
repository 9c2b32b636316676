//! A new page from the editor: a title, its main R and its audiences give
//! a proposed file (`content/<r>/<title as a slug>.md`) in the shape of the
//! example's pages, checked before anything is written (a title that makes
//! no address, a file or address already taken), and created as a draft
//! without ever replacing a file that appeared meanwhile. A missing
//! translation is made the same way, from its original's front matter.

use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::load::config::R;
use crate::load::content::{slugify, CONTENT_DIR};

use super::form::PageForm;
use super::front_matter::{PageText, Value};
use super::{file_on_disk, Snapshot};

/// What the new-page form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPage {
    /// The page's title.
    pub title: String,
    /// Its summary.
    pub description: String,
    /// Its main R's key.
    pub r: String,
    /// Its audiences' keys.
    pub audiences: Vec<String>,
}

fn push(problems: &mut Vec<FieldError>, field: &'static str, message: &str) {
    problems.push(FieldError {
        field,
        message: message.to_string(),
    });
}

/// A problem with the new-page form, on one of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// `title`, `description`, `r` or `audiences`.
    pub field: &'static str,
    /// What to do, GOV.UK style ("Enter a title").
    pub message: String,
}

impl NewPage {
    /// The form as posted.
    pub fn from_post(pairs: &[(String, String)]) -> NewPage {
        let mut page = NewPage::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => page.title = value.trim().to_string(),
                "description" => page.description = value.trim().to_string(),
                "r" => page.r = value.clone(),
                "audiences" => page.audiences.push(value.clone()),
                _ => {}
            }
        }
        page
    }

    /// The file the page would be, relative to the site.
    pub fn proposed_source(&self) -> PathBuf {
        Path::new(CONTENT_DIR)
            .join(&self.r)
            .join(format!("{}.md", slugify(&self.title)))
    }

    /// Every problem with the form, checked against the site as it is.
    pub fn problems(&self, snapshot: &Snapshot, site_dir: &Path) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let slug = slugify(&self.title);
        if self.title.is_empty() {
            push(&mut problems, "title", "Enter a title");
        } else if slug.trim_matches('-').is_empty() {
            push(
                &mut problems,
                "title",
                "Enter a title with letters or numbers in it: they make its web address",
            );
        }
        if self.description.is_empty() {
            push(&mut problems, "description", "Enter a summary of the page");
        }
        if !R::ALL.iter().any(|r| r.key() == self.r) {
            push(
                &mut problems,
                "r",
                "Choose which of the three Rs the page is about",
            );
        }
        let known = |key: &String| {
            snapshot
                .config
                .as_ref()
                .is_some_and(|config| config.audiences.iter().any(|a| &a.key == key))
        };
        if !self.audiences.iter().all(known) {
            push(
                &mut problems,
                "audiences",
                "Choose only audiences from the list",
            );
        }
        if problems.is_empty() {
            let url = format!("{}/{slug}/", self.r);
            let taken = site_dir.join(self.proposed_source()).exists()
                || snapshot.pages.iter().any(|entry| entry.page.url == url);
            if taken {
                let message = format!("A page called \"{}\" is already in this part of the site: choose a different title", self.title);
                push(&mut problems, "title", &message);
            }
        }
        problems
    }

    /// The new file's text: the example pages' keys, a draft.
    pub fn text(&self, today: &str) -> String {
        let mut text = String::from("---\n");
        let mut key = |name: &str, value: Value| {
            text.push_str(&format!("{name}: {}\n", value.to_yaml()));
        };
        key("title", Value::Text(self.title.clone()));
        key("description", Value::Text(self.description.clone()));
        key("rs", Value::List(vec![self.r.clone()]));
        if !self.audiences.is_empty() {
            key("audiences", Value::List(self.audiences.clone()));
        }
        key("date", Value::Text(today.to_string()));
        key("draft", Value::Flag(true));
        text.push_str(
            "---\n\nWrite the page here. Start with what the reader most needs to know.\n",
        );
        text
    }

    /// Creates the file, never replacing one ([`create_new`]). Returns its
    /// path relative to the site.
    pub fn create(&self, site_dir: &Path, today: &str) -> Result<PathBuf, Diagnostic> {
        let source = self.proposed_source();
        create_new(site_dir, &source, self.text(today).as_bytes())?;
        Ok(source)
    }
}

/// A name as an id or file stem: lower case, letters, digits and single
/// hyphens, none at either end (`Poster 2 (final)` → `poster-2-final`);
/// empty when it has no letter or digit.
pub fn hyphenated(name: &str) -> String {
    slugify(name)
        .chars()
        .map(|c| if c == '.' || c == '_' { '-' } else { c })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// Writes a new file inside `content/`, never replacing one: written
/// beside it first, then linked into place (which fails if the name was
/// taken meanwhile).
pub fn create_new(site_dir: &Path, source: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = file_on_disk(site_dir, source)?;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| fsutil::io_error(source, "cannot create the folder of", &error))?;
    }
    let temp = path.with_file_name(format!(".new-page-{}.tmp", std::process::id()));
    fsutil::write(&temp, bytes)?;
    let linked = std::fs::hard_link(&temp, &path);
    let _ = std::fs::remove_file(&temp);
    linked.map_err(|error| fsutil::io_error(source, "cannot create", &error))
}

/// A new translation's text, made from its original's: the title and
/// summary to translate, a draft (so it is not published half done), and
/// the original's text to write over.
pub fn translation_text(original: &PageText) -> String {
    let form = PageForm::from_text(original);
    let mut text = String::from("---\n");
    for (key, value) in [
        ("title", Value::Text(form.title)),
        ("description", Value::Text(form.description)),
        ("draft", Value::Flag(true)),
    ] {
        text.push_str(&format!("{key}: {}\n", value.to_yaml()));
    }
    text.push_str("---\n");
    text.push_str(original.body());
    text
}

/// Creates the translation into `code` of the page whose file is
/// `source`, beside it (`signs.md` → `signs.cy.md`). Returns its path.
pub fn create_translation(
    site_dir: &Path,
    source: &Path,
    code: &str,
    original: &PageText,
) -> Result<PathBuf, Diagnostic> {
    let translated = PathBuf::from(crate::load::content::translation_name(source, code));
    create_new(site_dir, &translated, translation_text(original).as_bytes())?;
    Ok(translated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> NewPage {
        NewPage {
            title: "Signs at the school gate".into(),
            description: "What parents may notice.".into(),
            r: "recognise".into(),
            audiences: vec!["parents".into()],
        }
    }

    #[test]
    fn the_file_is_proposed_from_the_r_and_the_title() {
        assert_eq!(
            page().proposed_source(),
            Path::new("content/recognise/signs-at-the-school-gate.md")
        );
        let text = page().text("2026-12-03");
        assert_eq!(text, "---\ntitle: Signs at the school gate\ndescription: What parents may notice.\nrs: [recognise]\naudiences: [parents]\ndate: 2026-12-03\ndraft: true\n---\n\nWrite the page here. Start with what the reader most needs to know.\n");
    }

    #[test]
    fn a_translation_starts_as_a_draft_from_its_original_s_title_summary_and_text() {
        let original = PageText::parse(
            "---\ntitle: Signs\ndescription: What to look for.\nrs: [recognise]\n---\n\nThe signs.\n",
            Path::new("content/recognise/signs.md"),
        )
        .unwrap();
        assert_eq!(
            translation_text(&original),
            "---\ntitle: Signs\ndescription: What to look for.\ndraft: true\n---\n\nThe signs.\n"
        );
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/recognise")).unwrap();
        let source = Path::new("content/recognise/signs.md");
        let made = create_translation(site.path(), source, "cy", &original).unwrap();
        assert_eq!(made, Path::new("content/recognise/signs.cy.md"));
        assert!(create_translation(site.path(), source, "cy", &original).is_err());
    }

    #[test]
    fn a_page_is_never_created_over_another() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/recognise")).unwrap();
        let created = page().create(site.path(), "2026-12-03").unwrap();
        let before = std::fs::read(site.path().join(&created)).unwrap();
        let again = NewPage {
            description: "Other words.".into(),
            ..page()
        };
        assert!(again.create(site.path(), "2026-12-03").is_err());
        assert_eq!(std::fs::read(site.path().join(&created)).unwrap(), before);
        let leftovers = std::fs::read_dir(site.path().join("content/recognise")).unwrap();
        assert_eq!(leftovers.count(), 1, "no temporary file is left behind");
    }
}
