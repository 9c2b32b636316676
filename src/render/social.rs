//! What each page shares on social networks: its Open Graph and Twitter
//! card image, chosen in this order:
//!
//! 1. the page's own `image:` (with `image_alt:`), resolved and checked
//!    like an image in its Markdown (a hub or the home page takes its
//!    `_index.md`'s);
//! 2. with `social_cards: pages`, a card drawn for the content page with its
//!    title (an explicit opt-in, so it wins over `social_image:`);
//! 3. `social_image:` from site.yaml, which replaces the generated default
//!    cards;
//! 4. a generated default card: one per R hub, one per audience page, one
//!    for get-help and one for home. A content page shares its first R's
//!    card; pages with no R and the other generated pages (staying safe
//!    online, accessibility, have your say, 404) share the home card.
//!
//! Every language has its own cards, with its own words, under its URL
//! prefix (`cy/cards/…`). A card's file name ends in the hash of what it
//! shows ([`crate::render::cards::Card::key`]), so a changed card gets a new URL
//! (social networks cache images by URL) and a card already in the output
//! under its name is kept instead of drawn again.

use std::path::Path;

use super::links::PageLinks;
use super::Renderer;
use crate::base::diagnostic::{Diagnostic, Pos};
use crate::load::config::{Config, SocialCards, CONFIG_FILE, R};
use crate::load::content::{Content, Page};
use crate::markdown::{Rendered, SharedImage};
use crate::render::cards::{self, Card, Logo, Pair, Style};

/// How a site's cards look and what replaces them: built once per build.
#[derive(Debug, Clone)]
pub struct Sharing {
    /// The colours and logo every card is drawn with.
    pub style: Style,
    /// `social_image:` resolved (the same file in every language).
    pub image: Option<SharedImage>,
    /// The organisation logo's width and height (its header or, for an
    /// SVG, the size the cards drew it at), when known: every `<img>` of it
    /// carries them, so the header does not move when it loads.
    pub logo_size: Option<(u32, u32)>,
}

impl Sharing {
    /// Reads the logo and `social_image:`; problems with either are
    /// diagnostics at their key in site.yaml.
    pub fn load(config: &Config, content: &Content) -> (Sharing, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let (palette, pair) = cards::palette(&config.brand);
        if pair != Pair::OnPrimary {
            diagnostics.push(contrast_warning(config, pair));
        }
        let logo_asset = config
            .logo
            .as_deref()
            .and_then(|logo| content.assets.iter().find(|asset| asset.rel == logo));
        let logo = config.logo.as_deref().and_then(|logo| {
            let asset = logo_asset?;
            match read_logo(config, logo, &asset.path) {
                Ok(logo) => logo,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            }
        });
        let image = config.social_image.as_ref().and_then(|image| {
            let asset = content.assets.iter().find(|asset| asset.rel == image.path);
            match asset {
                Some(asset) => Some(SharedImage {
                    target: image.path.clone(),
                    size: image_size(&asset.path),
                }),
                None => {
                    let diagnostic = Diagnostic::error(
                        CONFIG_FILE,
                        format!("social_image \"{}\" is not a file in content/", image.path),
                    )
                    .with_hint(format!(
                        "put the image at content/{}, or correct the path (it is relative to content/)",
                        image.path
                    ));
                    diagnostics.push(located(config, &["social_image"], diagnostic));
                    None
                }
            }
        });
        let logo_size = logo
            .as_ref()
            .map(Logo::size)
            .or_else(|| logo_asset.and_then(|asset| image_size(&asset.path)));
        let sharing = Sharing {
            style: Style { palette, logo },
            image,
            logo_size,
        };
        (sharing, diagnostics)
    }
}

/// A diagnostic moved to where `key_path` is written in site.yaml.
fn located(config: &Config, key_path: &[&str], diagnostic: Diagnostic) -> Diagnostic {
    let (path, pos) = key_position(config, key_path);
    Diagnostic { path, ..diagnostic }.at_pos(pos)
}

/// The file (site.yaml or one it layers over) and position of a key.
fn key_position(config: &Config, key_path: &[&str]) -> (std::path::PathBuf, Pos) {
    let (path, pos) = config.locate(key_path);
    if path.as_os_str().is_empty() {
        (CONFIG_FILE.into(), pos)
    } else {
        (path, pos)
    }
}

/// The logo for the cards: `Ok(None)` (with no error) for a file the
/// cards cannot draw but a browser can show (a JPEG), an error for an SVG
/// or PNG that cannot be read.
fn read_logo(config: &Config, name: &str, path: &Path) -> Result<Option<Logo>, Diagnostic> {
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".svg") || lower.ends_with(".png")) {
        return Ok(None);
    }
    let key = ["organisation", "logo"];
    let bytes = crate::base::fsutil::read(path, path).map_err(|d| located(config, &key, d))?;
    Logo::read(name, &bytes).map(Some).map_err(|refusal| {
        let message = format!(
            "organisation.logo \"{name}\" cannot be drawn on the social cards: {}",
            refusal.why
        );
        let fix = refusal
            .fix
            .unwrap_or("replace it with a plain SVG or PNG file (open it in a browser to check)");
        match refusal.at {
            // The fault is at a place in the logo: point there, and say
            // where site.yaml names the logo.
            Some((line, column)) => {
                let (config_path, pos) = key_position(config, &key);
                Diagnostic::error(path, message)
                    .at(line, column)
                    .with_hint(format!(
                        "{fix}; organisation.logo names this file at {}:{}:{}",
                        config_path.display(),
                        pos.line,
                        pos.column
                    ))
            }
            None => located(
                config,
                &key,
                Diagnostic::error(CONFIG_FILE, message).with_hint(fix),
            ),
        }
    })
}

/// The warning for a brand whose on_primary/primary pair is too faint
/// for the cards' text.
fn contrast_warning(config: &Config, pair: Pair) -> Diagnostic {
    let brand = &config.brand;
    let instead = match pair {
        Pair::TextOnBackground => format!(
            "brand.text {} on brand.background {}",
            brand.text.hex(),
            brand.background.hex()
        ),
        _ => "black on white".to_string(),
    };
    let diagnostic = Diagnostic::warning(
        CONFIG_FILE,
        format!(
            "the social cards' text cannot be brand.on_primary {} on brand.primary {} (contrast {}, below 4.5:1), so it is drawn in {instead}",
            brand.on_primary.hex(),
            brand.primary.hex(),
            crate::base::colour::format_ratio(crate::base::colour::contrast(brand.on_primary, brand.primary)),
        ),
    )
    .with_hint("choose brand.on_primary and brand.primary that contrast by at least 4.5:1");
    located(config, &["brand", "on_primary"], diagnostic)
}

/// The width and height in a PNG, JPEG, GIF or WebP file's header.
fn image_size(path: &Path) -> Option<(u32, u32)> {
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// Resolves a page's `image:` like an image in its Markdown, into
/// `rendered.shared_image`; a problem is an error at the `image:` line
/// (reported by the page that wrote it, not by translations that take it).
pub fn resolve_page_image(page: &Page, links: &PageLinks, rendered: &mut Rendered) {
    let Some(image) = &page.image else {
        return;
    };
    let error = |message: String, hint: String| {
        image.pos.map(|pos| {
            Diagnostic::error(&page.source, message)
                .at_pos(pos)
                .with_hint(hint)
        })
    };
    if !crate::base::media::is_shareable_image(image.path.split(['?', '#']).next().unwrap_or("")) {
        rendered.diagnostics.extend(error(
            format!(
                "image \"{}\" is not a PNG, JPEG, GIF or WebP image",
                image.path
            ),
            "social networks do not show SVG or other files: export a PNG, 1200×630 pixels is best"
                .into(),
        ));
        return;
    }
    match links.image_file(&image.path) {
        Ok((target, path)) => {
            rendered.shared_image = Some(SharedImage {
                size: path.and_then(image_size),
                target,
            })
        }
        Err(why) => {
            let message = if why.message.starts_with("broken link") {
                format!("image \"{}\" is not a file in this site", image.path)
            } else {
                why.message
            };
            let hint = why.hint.filter(|hint| hint.starts_with("did you mean")).unwrap_or_else(|| {
                "put the image beside the page and write its file name, like `image: share.png`, or its path from content/ after a `/`".into()
            });
            rendered.diagnostics.extend(error(message, hint));
        }
    }
}

/// A card a page shares: where it is written and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFile {
    /// Its path relative to the output root (`cards/realise-1a2b3c4d.png`).
    pub rel: String,
    /// What it shows.
    pub card: Card,
}

/// One language's cards: the generated defaults (none when
/// `social_image:` replaces them) and, with `social_cards: pages`, one per
/// content page.
#[derive(Debug, Default)]
pub struct Plan {
    home: Option<CardFile>,
    get_help: Option<CardFile>,
    hubs: [Option<CardFile>; 3],
    audiences: Vec<Option<CardFile>>,
    pages: Vec<Option<CardFile>>,
}

/// The image one page shares, as the templates see it (`meta.image` and
/// friends, docs/templates.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// Absolute URL.
    pub url: String,
    /// What it shows.
    pub alt: String,
    /// Width and height in pixels, when known.
    pub size: Option<(u32, u32)>,
}

/// Which image a job shares.
enum Choice<'a> {
    /// A page's own `image:`.
    Own(&'a SharedImage, &'a str),
    /// A card Beacon draws.
    Card(&'a CardFile),
    /// `social_image:`.
    Site(&'a SharedImage),
}

impl Renderer<'_> {
    /// This language's cards.
    pub(super) fn plan_cards(&self) -> Plan {
        let defaults = self.sharing.image.is_none();
        let default = |name: &str, card: Card| defaults.then(|| self.card_file(name, card));
        let rs_line = R::ALL
            .iter()
            .map(|&r| self.config.r_label(r).title.clone())
            .collect::<Vec<_>>()
            .join(" \u{b7} ");
        let home_heading = self
            .content
            .pages
            .iter()
            .find(|p| p.kind == crate::load::content::PageKind::Home)
            .map_or_else(|| self.config.title.clone(), |p| p.title.clone());
        let emergency = format!(
            "{} 999{}",
            self.string(
                "emergency_before",
                "If a child is in immediate danger, call"
            ),
            self.string("emergency_after", ".")
        );
        let pages = self.page_cards();
        Plan {
            home: default("home", self.card(&home_heading, Some(rs_line.clone()))),
            get_help: default(
                "get-help",
                self.card(&self.string("get_help_title", "Get help"), Some(emergency)),
            ),
            hubs: R::ALL.map(|r| {
                let label = self.config.r_label(r);
                default(
                    r.key(),
                    self.card(&self.hub_title(r), Some(label.summary.clone())),
                )
            }),
            audiences: (0..self.config.audiences.len())
                .map(|index| {
                    let key = &self.config.audiences[index].key;
                    default(
                        &format!("for-{key}"),
                        self.card(&self.audience_title(index), Some(rs_line.clone())),
                    )
                })
                .collect(),
            pages,
        }
    }

    /// With `social_cards: pages`, a card for each page that shares no
    /// image of its own (its first R as the summary).
    fn page_cards(&self) -> Vec<Option<CardFile>> {
        if self.config.social_cards != SocialCards::Pages {
            return Vec::new();
        }
        self.content
            .pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                let summary = page
                    .rs
                    .first()
                    .map(|&r| self.config.r_label(r).title.clone());
                let name = format!("page-{}", self.page_slug(page));
                (self.bodies[index].shared_image.is_none())
                    .then(|| self.card_file(&name, self.card(&page.title, summary)))
            })
            .collect()
    }

    fn card(&self, heading: &str, summary: Option<String>) -> Card {
        Card {
            site_title: self.config.title.clone(),
            heading: heading.to_string(),
            summary,
        }
    }

    fn card_file(&self, name: &str, card: Card) -> CardFile {
        CardFile {
            rel: format!(
                "{}cards/{name}-{}.png",
                self.urls.prefix,
                card.key(&self.sharing.style)
            ),
            card,
        }
    }

    /// A page's URL inside its language as one file-name segment.
    fn page_slug(&self, page: &Page) -> String {
        let inside = page
            .url
            .strip_prefix(self.urls.prefix.as_str())
            .unwrap_or(&page.url)
            .trim_matches('/');
        if inside.is_empty() {
            "index".into()
        } else {
            inside.replace('/', "-")
        }
    }

    /// The image a job shares (see the module's precedence).
    fn choice(&self, job: super::Job) -> Option<Choice<'_>> {
        use super::Job;
        let own_page = match job {
            Job::Home(index) => index,
            Job::Content(index) => Some(index),
            Job::Hub(r, _) => self.hub_intro(r),
            _ => None,
        };
        if let Some(index) = own_page {
            if let (Some(image), Some(page_image)) = (
                &self.bodies[index].shared_image,
                &self.content.pages[index].image,
            ) {
                return Some(Choice::Own(image, &page_image.alt));
            }
        }
        if let Job::Content(index) = job {
            if let Some(Some(card)) = self.social.pages.get(index) {
                return Some(Choice::Card(card));
            }
        }
        if let Some(image) = &self.sharing.image {
            return Some(Choice::Site(image));
        }
        let card = match job {
            Job::Hub(r, _) => self.social.hubs[r.index()].as_ref(),
            Job::Audience(index, _) => self.social.audiences.get(index).and_then(Option::as_ref),
            Job::GetHelp(_) => self.social.get_help.as_ref(),
            Job::Content(index) => match self.content.pages[index].rs.first() {
                Some(&r) => self.social.hubs[r.index()].as_ref(),
                None => self.social.home.as_ref(),
            },
            Job::Home(_)
            | Job::StayingSafe
            | Job::Accessibility
            | Job::HaveYourSay
            | Job::Search
            | Job::NotFound => self.social.home.as_ref(),
        };
        card.map(Choice::Card)
    }

    /// What a job shares, for its `<head>`.
    pub(super) fn shared(&self, job: super::Job) -> Option<Shared> {
        Some(match self.choice(job)? {
            Choice::Own(image, alt) => Shared {
                url: self.config.permalink(&image.target),
                alt: alt.to_string(),
                size: image.size,
            },
            Choice::Site(image) => Shared {
                url: self.config.permalink(&image.target),
                alt: self
                    .config
                    .social_image
                    .as_ref()
                    .map(|i| i.alt.clone())
                    .unwrap_or_default(),
                size: image.size,
            },
            Choice::Card(card) => Shared {
                url: self.config.permalink(&card.rel),
                alt: card_alt(&card.card),
                size: Some((cards::WIDTH, cards::HEIGHT)),
            },
        })
    }

    /// The cards these jobs share (each once), to draw.
    pub fn cards_for(&self, jobs: &[super::Job]) -> Vec<&CardFile> {
        let mut seen = std::collections::HashSet::new();
        jobs.iter()
            .filter_map(|&job| match self.choice(job)? {
                Choice::Card(card) => seen.insert(card.rel.as_str()).then_some(card),
                _ => None,
            })
            .collect()
    }
}

/// A card's alt text: its words in reading order.
pub fn card_alt(card: &Card) -> String {
    let mut parts = Vec::new();
    if card.site_title != card.heading {
        parts.push(card.site_title.as_str());
    }
    parts.push(card.heading.as_str());
    if let Some(summary) = &card.summary {
        parts.push(summary.as_str());
    }
    parts
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .map(|part| {
            if part.ends_with(['.', '!', '?', '\u{2026}']) {
                part.to_string()
            } else {
                format!("{part}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brand_too_faint_for_the_cards_is_a_warning_at_on_primary() {
        let text = "title: T\nbase_url: https://example.org\nbrand:\n  primary: \"#1d70b8\"\n  on_primary: \"#5a8fc0\"\n";
        let config = crate::load::config::parse(text, None).unwrap();
        let (sharing, diagnostics) = Sharing::load(&config, &Content::default());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let warning = &diagnostics[0];
        assert!(!warning.is_error());
        assert!(
            warning.message.starts_with("the social cards' text cannot be brand.on_primary #5a8fc0 on brand.primary #1d70b8"),
            "{}",
            warning.message
        );
        assert!(warning
            .message
            .ends_with("so it is drawn in brand.text #0b0c0c on brand.background #ffffff"));
        assert_eq!((warning.line, warning.column), (5, 15));
        assert_eq!(sharing.style.palette.background, config.brand.background);
    }

    #[test]
    fn a_cards_alt_text_reads_its_words_in_order() {
        let card = Card {
            site_title: "Protect children".into(),
            heading: "Realise".into(),
            summary: Some("It could happen here.".into()),
        };
        assert_eq!(
            card_alt(&card),
            "Protect children. Realise. It could happen here."
        );
        let home = Card {
            site_title: "Protect children".into(),
            heading: "Protect children".into(),
            summary: None,
        };
        assert_eq!(card_alt(&home), "Protect children.");
    }
}
