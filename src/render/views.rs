//! The values templates see (documented in docs/templates.md), built from
//! the model. Plain serialisable structs: templates get data, not logic.

use serde::Serialize;

use crate::load::config::{Config, FooterLink, R};
use crate::load::content::Page;
use crate::load::i18n::Urls;
use crate::load::signpost::{phone, ChannelKind, Service};
use crate::markdown::Heading;

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub root: &'a str,
    pub language: &'a str,
    pub organisation: OrganisationView<'a>,
    pub footer_links: &'a [FooterLink],
    pub quick_exit: &'a crate::load::config::QuickExit,
    pub rs: Vec<RView>,
    pub audiences: Vec<AudienceView>,
    pub assets: AssetsView,
    /// The icon browsers show in a tab: declared on every page, so none
    /// asks for `/favicon.ico` at the domain's root.
    pub icon: String,
    pub urls: UrlsView,
    pub emergency: EmergencyView,
}

#[derive(Serialize)]
pub struct OrganisationView<'a> {
    pub name: &'a str,
    pub logo: Option<String>,
    pub logo_width: Option<u32>,
    pub logo_height: Option<u32>,
    pub url: Option<&'a str>,
    pub phone: Option<PhoneView>,
}

/// A phone number as shown and as a `tel:` link.
#[derive(Serialize)]
pub struct PhoneView {
    pub text: String,
    pub href: Option<String>,
}

/// A phone number written in site.yaml: grouped and linked when it is a
/// UK number Beacon recognises, else shown as written.
pub fn phone_view(text: &str) -> PhoneView {
    match phone::parse(text) {
        Some(parsed) => PhoneView {
            text: parsed.display,
            href: Some(parsed.href),
        },
        None => PhoneView {
            text: text.to_string(),
            href: None,
        },
    }
}

#[derive(Serialize, Clone)]
pub struct RView {
    pub key: &'static str,
    pub title: String,
    pub summary: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct AudienceView {
    pub key: String,
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct AssetsView {
    pub default_css: String,
    pub css: String,
    pub brand_css: String,
    pub js: String,
}

#[derive(Serialize)]
pub struct UrlsView {
    pub home: String,
    pub get_help: String,
    pub staying_safe: String,
    pub accessibility: String,
    pub feed: String,
    /// The search page, when the site has search.
    pub search: Option<String>,
}

#[derive(Serialize)]
pub struct EmergencyView {
    pub number: &'static str,
    pub href: &'static str,
}

/// `meta`: the meta description, canonical URL and what the page shares on
/// social networks (docs/templates.md).
#[derive(Serialize)]
pub struct MetaView {
    pub description: String,
    pub permalink: String,
    /// The shared image's absolute URL (its `image:`, its card, or
    /// `social_image:`).
    pub image: Option<String>,
    /// What the image shows.
    pub image_alt: Option<String>,
    /// Its width in pixels, when known.
    pub image_width: Option<u32>,
    /// Its height in pixels, when known.
    pub image_height: Option<u32>,
    /// `og:locale`: `en_GB`, `cy_GB`.
    pub locale: String,
}

/// A link with its text.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A link whose text is a label (`hub.audience_links`).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct LabelledLink {
    pub label: String,
    pub url: String,
}

/// `hub` on a page of an R's hub.
#[derive(Serialize)]
pub struct HubView<'a> {
    pub r: RView,
    /// The page's heading (with "page 2 of 3" past the first).
    pub title: &'a str,
    /// The hub's intro page's body (first page only).
    pub intro: std::borrow::Cow<'a, str>,
    pub pages: Vec<ItemView>,
    /// The next R's hub, or the get-help page after the last.
    pub next: LinkView,
    pub audience_links: Vec<LabelledLink>,
}

/// The pages of one R on an audience's page.
#[derive(Serialize)]
pub struct GroupView {
    pub r: RView,
    pub pages: Vec<ItemView>,
}

/// `audience` on a page of an audience's pages.
#[derive(Serialize)]
pub struct AudiencePageView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    /// The page's heading (with "page 2 of 3" past the first).
    pub heading: String,
    pub groups: Vec<GroupView>,
    pub services: Vec<CardView>,
    pub get_help_url: String,
}

/// One entry of `section.downloads` (a section with `downloads: true`).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct DownloadView {
    /// What it is called (its sidecar's title, else from its file name).
    pub title: String,
    /// Its URL path.
    pub url: String,
    /// For the link's `type` attribute.
    pub media_type: &'static str,
    /// Type and size, e.g. `PDF, 1.2 MB`.
    pub label: String,
    /// The pages that link to it.
    pub linked_from: Vec<LinkView>,
}

/// `pagination` in hub.html and audience.html: where this page sits in
/// its listing and the links to the others (docs/templates.md).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PaginationView {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the listing has (1 when it fits on one).
    pub total: usize,
    /// The page before this one, if any.
    pub prev: Option<PageLinkView>,
    /// The page after this one, if any.
    pub next: Option<PageLinkView>,
    /// The navigation's entries in order: the first and last pages, this
    /// page and its neighbours, and gaps (`ellipsis`) where pages are left
    /// out.
    pub pages: Vec<PageLinkView>,
}

/// One entry of a page's navigation: a page, or a gap (`ellipsis`, with
/// no number or URLs).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PageLinkView {
    /// The page's number.
    pub number: Option<usize>,
    /// What a screen reader says for the number ("Page 2", from the
    /// theme's `page_number_label`).
    pub label: Option<String>,
    /// Its URL path (`/cse/realise/page/2/`).
    pub url: Option<String>,
    /// Its absolute URL, for `<link rel="prev">` and `rel="next"`.
    pub permalink: Option<String>,
    /// True for the page being rendered.
    pub current: bool,
    /// True for a gap where pages are left out.
    pub ellipsis: bool,
}

/// A page in a list.
#[derive(Serialize)]
pub struct ItemView {
    pub title: String,
    pub url: String,
    pub description: String,
    pub rs: Vec<RView>,
    pub audiences: Vec<AudienceView>,
}

/// `page` in page.html.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub content: std::borrow::Cow<'a, str>,
    pub rs: Vec<RView>,
    pub audiences: Vec<AudienceView>,
    pub outline: &'a [Heading],
    pub show_outline: bool,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub signposts: Vec<CardView>,
}

/// A help service as a card.
#[derive(Serialize, Clone)]
pub struct CardView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub priority: crate::load::signpost::Priority,
    pub area: crate::load::signpost::Area,
    pub channels: Vec<ChannelView>,
    pub hours: Option<String>,
    pub covers: Option<String>,
    pub free: bool,
    pub confidential: bool,
    pub anonymous: bool,
    pub ages: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ChannelView {
    pub kind: ChannelKind,
    pub label: String,
    pub text: String,
    pub href: String,
}

/// Builds views from the model for one site.
pub struct Views<'a> {
    pub config: &'a Config,
    pub strings: &'a indexmap::IndexMap<String, String>,
    pub urls: &'a Urls,
}

impl Views<'_> {
    /// A URL path under the root.
    pub fn url(&self, relative: &str) -> String {
        self.config.url_path(relative)
    }

    pub fn r(&self, r: R) -> RView {
        let label = self.config.r_label(r);
        RView {
            key: r.key(),
            title: label.title.clone(),
            summary: label.summary.clone(),
            url: self.url(&self.urls.hub(r)),
        }
    }

    pub fn audience(&self, key: &str) -> Option<AudienceView> {
        self.config.audience(key).map(|audience| AudienceView {
            key: audience.key.clone(),
            label: audience.label.clone(),
            url: self.url(&self.urls.audience(&audience.key)),
        })
    }

    pub fn link(&self, page: &Page) -> LinkView {
        LinkView {
            title: page.title.clone(),
            url: self.url(&page.url),
        }
    }

    pub fn item(&self, page: &Page) -> ItemView {
        ItemView {
            title: page.title.clone(),
            url: self.url(&page.url),
            description: page.description.clone(),
            rs: page.rs.iter().map(|&r| self.r(r)).collect(),
            audiences: self.page_audiences(page),
        }
    }

    /// The page's audiences, or none when it is for everyone.
    pub fn page_audiences(&self, page: &Page) -> Vec<AudienceView> {
        if page.audiences.len() == self.config.audiences.len() {
            return Vec::new();
        }
        page.audiences
            .iter()
            .filter_map(|key| self.audience(key))
            .collect()
    }

    pub fn card(&self, service: &Service) -> CardView {
        CardView {
            id: service.id.clone(),
            name: service.name.clone(),
            description: service.description.clone(),
            priority: service.priority,
            area: service.area,
            channels: service
                .channels
                .iter()
                .map(|channel| ChannelView {
                    kind: channel.kind,
                    label: channel
                        .label
                        .clone()
                        .unwrap_or_else(|| self.channel_label(channel.kind)),
                    text: channel.text.clone(),
                    href: channel.href.clone(),
                })
                .collect(),
            hours: service.hours.clone(),
            covers: service.covers.clone(),
            free: service.free,
            confidential: service.confidential,
            anonymous: service.anonymous,
            ages: self.ages(service),
        }
    }

    /// The age range as a sentence in this language, if it has one.
    fn ages(&self, service: &Service) -> Option<String> {
        let (key, fallback) = match (service.minimum_age, service.maximum_age) {
            (Some(_), Some(_)) => ("ages_between", "For people aged {min} to {max}."),
            (None, Some(_)) => ("ages_up_to", "For people aged {max} and under."),
            (Some(_), None) => ("ages_from", "For people aged {min} and over."),
            (None, None) => return None,
        };
        let pattern = self.strings.get(key).map_or(fallback, String::as_str);
        let number = |age: Option<u32>| age.map(|a| a.to_string()).unwrap_or_default();
        Some(
            pattern
                .replace("{min}", &number(service.minimum_age))
                .replace("{max}", &number(service.maximum_age)),
        )
    }

    fn channel_label(&self, kind: ChannelKind) -> String {
        let (key, fallback) = match kind {
            ChannelKind::Phone => ("phone", "Phone"),
            ChannelKind::Text => ("text", "Text"),
            ChannelKind::Textphone => ("textphone", "Textphone"),
            ChannelKind::Email => ("email", "Email"),
            ChannelKind::Webchat => ("webchat", "Web chat"),
            ChannelKind::Form => ("form", "Online form"),
            ChannelKind::Web => ("web", "Website"),
        };
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }
}
