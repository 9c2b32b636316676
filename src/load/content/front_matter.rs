//! A page's front matter: the raw mirror of the YAML
//! (`deny_unknown_fields`) and its validation into a [`Page`], each problem
//! an error at its line; a translation's front matter takes what it does not
//! set from its original.

use serde::Deserialize;

use super::{slugify, Page, PageImage, PageKind, Reference, STANDALONE_PAGES};
use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::base::yaml::Source;
use crate::load::config::{Config, R};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub rs: Option<Vec<String>>,
    pub audiences: Option<Vec<String>>,
    pub signposts: Option<Vec<String>>,
    pub weight: Option<i64>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: Option<bool>,
    pub slug: Option<String>,
    pub review_by: Option<String>,
    pub standalone: Option<bool>,
    pub example: Option<bool>,
    pub downloads: Option<bool>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
}

pub(super) struct FrontMatter<'a> {
    pub yaml: Source<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FrontMatter<'_> {
    fn error_at(&mut self, pos: Pos, message: String, hint: String) {
        self.diagnostics.push(
            Diagnostic::error(self.yaml.path, message)
                .at_pos(pos)
                .with_hint(hint),
        );
    }

    fn required(&mut self, value: Option<String>, key: &str, hint: &str) -> String {
        match value {
            Some(value) if !value.trim().is_empty() => value,
            Some(_) => {
                let pos = self.yaml.key_pos(&[key]);
                self.error_at(pos, format!("\"{key}\" is empty"), hint.to_string());
                String::new()
            }
            None => {
                self.error_at(
                    Pos::new(1, 1),
                    format!("missing required key \"{key}\" in the front matter"),
                    hint.to_string(),
                );
                String::new()
            }
        }
    }

    /// The page's Rs: required on a page unless it stands alone; a
    /// standalone page tagged with Rs is an error at `standalone`.
    fn page_rs(
        &mut self,
        raw: Option<Vec<String>>,
        kind: PageKind,
        standalone: bool,
        rel: &str,
    ) -> Vec<R> {
        match kind {
            PageKind::Page if standalone && raw.is_some() => {
                let pos = self.yaml.key_pos(&["standalone"]);
                self.error_at(
                    pos,
                    "a page cannot be both `standalone: true` and tagged with `rs:`".into(),
                    "remove `rs:` to keep the page out of the hubs, or remove `standalone: true`"
                        .into(),
                );
                Vec::new()
            }
            PageKind::Page if raw.is_some() || !(standalone || STANDALONE_PAGES.contains(&rel)) => {
                self.rs(raw)
            }
            _ => Vec::new(),
        }
    }

    /// `downloads: true`, which only a folder's `_index.md` may say.
    fn downloads(&mut self, raw: Option<bool>, kind: PageKind) -> bool {
        let downloads = raw.unwrap_or(false);
        if downloads && kind != PageKind::Section {
            let pos = self.yaml.key_pos(&["downloads"]);
            self.error_at(
                pos,
                "only a folder's `_index.md` can list the downloads in its folder".into(),
                "move `downloads: true` to the `_index.md` of the folder that holds the files"
                    .into(),
            );
        }
        downloads && kind == PageKind::Section
    }

    pub fn page(
        &mut self,
        raw: RawFrontMatter,
        kind: PageKind,
        rel: &str,
        config: &Config,
    ) -> Page {
        let title = self.required(raw.title, "title", "add `title: A short, clear title`");
        let description = self.required(
            raw.description,
            "description",
            "add `description: One sentence that says what the page is for`",
        );
        let standalone = raw.standalone.unwrap_or(false);
        let rs = self.page_rs(raw.rs, kind, standalone, rel);
        let url = self.url(rel, kind, raw.slug.as_deref());
        let downloads = self.downloads(raw.downloads, kind);
        Page {
            source: self.yaml.path.to_path_buf(),
            rel: rel.to_string(),
            kind,
            url,
            title,
            description,
            rs,
            audiences: self.audiences(raw.audiences, config),
            signposts: self.references(raw.signposts.unwrap_or_default(), "signposts"),
            weight: raw.weight.unwrap_or(0),
            date: self.date(raw.date, "date"),
            updated: self.date(raw.updated, "updated"),
            review_by_pos: raw
                .review_by
                .is_some()
                .then(|| self.yaml.key_pos(&["review_by"])),
            review_by: self.date(raw.review_by, "review_by"),
            draft: raw.draft.unwrap_or(false),
            body: String::new(),
            body_line: 0,
            standalone,
            example: raw.example.unwrap_or(false),
            slug: raw.slug,
            downloads,
            image: self.image(raw.image, raw.image_alt),
        }
    }

    /// `image:` with its required `image_alt:` (whether the file exists is
    /// checked where the page's links are, in `render::social`).
    fn image(&mut self, image: Option<String>, alt: Option<String>) -> Option<PageImage> {
        let alt_hint = "add `image_alt:` saying what the image shows, for people who cannot see it";
        let Some(path) = image else {
            if alt.is_some() {
                let pos = self.yaml.key_pos(&["image_alt"]);
                self.error_at(
                    pos,
                    "`image_alt` without `image`".into(),
                    "add `image: share.png` (an image beside the page), or remove `image_alt`"
                        .into(),
                );
            }
            return None;
        };
        let pos = self.yaml.key_pos(&["image"]);
        if path.trim().is_empty() {
            self.error_at(
                pos,
                "\"image\" is empty".into(),
                "name an image beside the page, like `image: share.png`, or remove `image:`".into(),
            );
            return None;
        }
        match alt.map(|alt| alt.trim().to_string()) {
            Some(alt) if !alt.is_empty() => Some(PageImage {
                path: path.trim().to_string(),
                alt,
                pos: Some(pos),
            }),
            Some(_) => {
                let pos = self.yaml.key_pos(&["image_alt"]);
                self.error_at(pos, "\"image_alt\" is empty".into(), alt_hint.into());
                None
            }
            None => {
                self.error_at(pos, "`image` needs `image_alt`".into(), alt_hint.into());
                None
            }
        }
    }

    /// A translation: a title and a description of its own; everything
    /// else it does not set comes from the original. Its URL is worked out
    /// once every translation is loaded (folder slugs rename folders).
    pub fn translation(&mut self, raw: RawFrontMatter, base: &Page, config: &Config) -> Page {
        let title = self.required(raw.title, "title", "add `title:` in this language");
        let description = self.required(
            raw.description,
            "description",
            "add `description:` in this language",
        );
        if let Some(slug) = &raw.slug {
            self.check_slug(slug);
        }
        let rs = match raw.rs {
            Some(rs) => self.rs(Some(rs)),
            None => base.rs.clone(),
        };
        let audiences = match raw.audiences {
            Some(audiences) => self.audiences(Some(audiences), config),
            None => base.audiences.clone(),
        };
        let signposts = match raw.signposts {
            Some(ids) => self.references(ids, "signposts"),
            None => base.signposts.clone(),
        };
        // Its own `image:` (with its own alt text), else its original's,
        // with the alt text translated when it gives `image_alt:` alone.
        let image = match (&raw.image, &raw.image_alt, &base.image) {
            (None, Some(alt), Some(original)) if !alt.trim().is_empty() => Some(PageImage {
                alt: alt.trim().to_string(),
                pos: None,
                ..original.clone()
            }),
            (None, None, Some(original)) => Some(PageImage {
                pos: None,
                ..original.clone()
            }),
            _ => self.image(raw.image, raw.image_alt),
        };
        Page {
            source: self.yaml.path.to_path_buf(),
            title,
            description,
            rs,
            audiences,
            signposts,
            weight: raw.weight.unwrap_or(base.weight),
            date: self.date(raw.date, "date").or(base.date),
            updated: self.date(raw.updated, "updated").or(base.updated),
            review_by_pos: raw
                .review_by
                .is_some()
                .then(|| self.yaml.key_pos(&["review_by"])),
            review_by: self.date(raw.review_by, "review_by").or(base.review_by),
            draft: raw.draft.unwrap_or(base.draft),
            standalone: raw.standalone.unwrap_or(base.standalone),
            example: raw.example.unwrap_or(base.example),
            slug: raw.slug,
            image,
            ..base.clone()
        }
    }

    fn rs(&mut self, raw: Option<Vec<String>>) -> Vec<R> {
        let hint = "add `rs: [realise]` (one or more of realise, recognise, react)";
        let Some(names) = raw else {
            self.error_at(
                Pos::new(1, 1),
                "missing required key \"rs\" in the front matter".into(),
                hint.into(),
            );
            return Vec::new();
        };
        if names.is_empty() {
            let pos = self.yaml.key_pos(&["rs"]);
            self.error_at(
                pos,
                "\"rs\" is empty: a page needs at least one R".into(),
                hint.into(),
            );
        }
        let mut rs = Vec::new();
        for name in names {
            match R::from_key(&name) {
                Some(r) if !rs.contains(&r) => rs.push(r),
                Some(_) => {}
                None => {
                    let pos = self.yaml.value_pos(&["rs"], &name);
                    let keys = R::ALL.map(R::key);
                    let hint = match did_you_mean(&name, keys) {
                        Some(close) => format!("did you mean \"{close}\"?"),
                        None => "the three Rs are realise, recognise and react".into(),
                    };
                    self.error_at(pos, format!("unknown R \"{name}\""), hint);
                }
            }
        }
        rs
    }

    fn audiences(&mut self, raw: Option<Vec<String>>, config: &Config) -> Vec<String> {
        let all = || config.audiences.iter().map(|a| a.key.clone()).collect();
        let Some(names) = raw else {
            return all();
        };
        let mut keys: Vec<String> = Vec::new();
        for name in names {
            if config.audience(&name).is_some() {
                if !keys.contains(&name) {
                    keys.push(name);
                }
                continue;
            }
            let pos = self.yaml.value_pos(&["audiences"], &name);
            let known = config.audiences.iter().map(|a| a.key.as_str());
            let hint = match did_you_mean(&name, known) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => {
                    let list: Vec<&str> = config.audiences.iter().map(|a| a.key.as_str()).collect();
                    format!("audiences in site.yaml: {}", list.join(", "))
                }
            };
            self.error_at(pos, format!("unknown audience \"{name}\""), hint);
        }
        if keys.is_empty() {
            all()
        } else {
            keys
        }
    }

    fn references(&mut self, ids: Vec<String>, key: &str) -> Vec<Reference> {
        ids.into_iter()
            .map(|id| Reference {
                pos: self.yaml.value_pos(&[key], &id),
                id,
            })
            .collect()
    }

    fn date(&mut self, value: Option<String>, key: &str) -> Option<Date> {
        let text = value?;
        let date = Date::parse(&text);
        if date.is_none() {
            let pos = self.yaml.key_pos(&[key]);
            self.error_at(
                pos,
                format!("\"{text}\" is not a date"),
                "write dates as YYYY-MM-DD, for example 2026-11-28".into(),
            );
        }
        date
    }

    /// The page's URL relative to the root: folders and file stem, slugified,
    /// with `slug:` replacing the last segment.
    fn url(&mut self, rel: &str, kind: PageKind, slug: Option<&str>) -> String {
        let mut segments: Vec<String> = rel.split('/').map(slugify).collect();
        let last = segments.pop().unwrap_or_default();
        let stem = last.trim_end_matches(".md").to_string();
        if kind == PageKind::Page && stem != "index" {
            segments.push(stem);
        }
        if let Some(slug) = slug {
            self.check_slug(slug);
            match segments.last_mut() {
                Some(segment) if kind == PageKind::Page => *segment = slug.to_string(),
                _ => segments.push(slug.to_string()),
            }
        }
        segments.iter().map(|s| format!("{s}/")).collect()
    }

    fn check_slug(&mut self, slug: &str) {
        let escapes = slug.contains('/')
            || slug.contains('\\')
            || slug.split('.').all(str::is_empty)
            || slug.starts_with('.');
        let safe = slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if escapes || !safe || slug.is_empty() {
            let pos = self.yaml.key_pos(&["slug"]);
            let message = if escapes {
                format!(
                    "slug \"{slug}\" would put the page outside its folder or the output folder"
                )
            } else {
                format!("slug \"{slug}\" is not URL-safe")
            };
            self.error_at(
                pos,
                message,
                "a slug is one URL segment: letters, digits and hyphens, like `spotting-the-signs`"
                    .into(),
            );
        }
    }
}
