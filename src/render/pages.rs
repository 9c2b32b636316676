//! The context each kind of page gets: home, content pages and sections,
//! hubs and audience pages (each page of them), get-help pages and the
//! generated statement pages. Each returns its template, title and
//! description.

use std::borrow::Cow;

use super::context::PageContext;

use super::views::{self, LinkView};
use super::Renderer;
use crate::load::config::R;
use crate::load::content::{Page, PageKind};
use crate::render::pagination;
use crate::render::rs;

/// A template name with the page's title and description.
pub(super) type Picked = (&'static str, String, String);

impl Renderer<'_> {
    pub(super) fn home(&self, index: Option<usize>, context: &mut PageContext<'_>) -> Picked {
        context.insert("kind", "home");
        let page = index.map(|i| &self.content.pages[i]);
        let digest = index.map(|i| self.body_digest(i)).unwrap_or_default();
        context.insert_showing_body("intro", Cow::Owned(digest), |intro| {
            *intro = index.map(|i| self.body_html(i)).unwrap_or_default();
        });
        context.insert(
            "heading",
            &page.map_or(self.config.title.as_str(), |p| p.title.as_str()),
        );
        let description = page.map_or_else(
            || self.config.r_label(R::Realise).summary.clone(),
            |p| p.description.clone(),
        );
        ("home.html", self.config.title.clone(), description)
    }

    pub(super) fn content_page(&self, index: usize, context: &mut PageContext<'_>) -> Picked {
        let page = &self.content.pages[index];
        context.insert("draft", &page.draft);
        if page.kind == PageKind::Section {
            return self.section(index, context);
        }
        context.insert("kind", "page");
        let outline = &self.bodies[index].outline;
        let (prev, next) = self.listings.neighbours[index];
        let mut featured: Vec<views::CardView> = Vec::new();
        let mut shown: Vec<&str> = Vec::new();
        for reference in &page.signposts {
            // A replaced service shows as its replacement (once, should the
            // page feature both); a hidden one not at all.
            if let Some(service) = self.directory.get(&reference.id) {
                if !shown.contains(&service.id.as_str()) {
                    shown.push(&service.id);
                    featured.push(self.views.card(service));
                }
            }
        }
        context.insert_showing_body(
            "page",
            views::PageView {
                title: &page.title,
                description: &page.description,
                url: self.views.url(&page.url),
                content: Cow::Owned(self.body_digest(index)),
                rs: page.rs.iter().map(|&r| self.views.r(r)).collect(),
                audiences: self.views.page_audiences(page),
                outline,
                show_outline: outline.iter().filter(|h| h.level == 2).count() >= 3,
                date: page.date.map(|d| d.to_string()),
                updated: page.updated.map(|d| d.to_string()),
                prev: prev.map(|i| self.views.link(&self.content.pages[i])),
                next: next.map(|i| self.views.link(&self.content.pages[i])),
                signposts: featured,
            },
            |view| view.content = self.body_html(index),
        );
        ("page.html", page.title.clone(), page.description.clone())
    }

    fn section(&self, index: usize, context: &mut PageContext<'_>) -> Picked {
        let page = &self.content.pages[index];
        let folder = page.rel.trim_end_matches("_index.md");
        let mut children: Vec<&Page> = self
            .content
            .pages
            .iter()
            .filter(|p| {
                p.kind == PageKind::Page
                    && p.rel
                        .strip_prefix(folder)
                        .is_some_and(|rest| !rest.contains('/'))
            })
            .collect();
        children.sort_by(|a, b| rs::list_order(a, b));
        context.insert("kind", "section");
        let downloads = if page.downloads {
            self.downloads_in(folder)
        } else {
            Vec::new()
        };
        context.insert_showing_body(
            "section",
            serde_json::json!({
                "title": page.title,
                "intro": self.body_digest(index),
                "pages": children.iter().map(|p| self.views.item(p)).collect::<Vec<_>>(),
                "downloads": downloads,
            }),
            |section| section["intro"] = self.body_html(index).into(),
        );
        ("section.html", page.title.clone(), page.description.clone())
    }

    /// Every download in `folder` (relative to `content/`, ending in `/`;
    /// not its subfolders), by title: what it is called, where it is, its
    /// type and size, and the pages that link to it.
    fn downloads_in(&self, folder: &str) -> Vec<views::DownloadView> {
        let mut downloads: Vec<views::DownloadView> = self
            .content
            .assets
            .iter()
            .filter(|asset| {
                asset
                    .rel
                    .strip_prefix(folder)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .filter_map(|asset| {
                let label = crate::load::downloads::label(&asset.rel, &asset.path)?;
                let linked_from = self
                    .content
                    .pages
                    .iter()
                    .zip(self.bodies)
                    .filter(|(_, body)| body.downloads.contains(&asset.rel))
                    .map(|(page, _)| LinkView {
                        title: page.title.clone(),
                        url: self.views.url(&page.url),
                    })
                    .collect();
                Some(views::DownloadView {
                    title: crate::load::downloads::title(&asset.rel, asset.sidecar.as_ref()),
                    url: self.views.url(&asset.rel),
                    media_type: label.media_type,
                    label: label.text(),
                    linked_from,
                })
            })
            .collect();
        downloads.sort_by(|a, b| a.title.cmp(&b.title));
        downloads
    }

    pub(super) fn hub_intro(&self, r: R) -> Option<usize> {
        self.by_url.get(self.urls.hub(r).as_str()).copied()
    }

    pub(super) fn hub_title(&self, r: R) -> String {
        self.hub_intro(r)
            .map(|index| self.content.pages[index].title.clone())
            .unwrap_or_else(|| self.config.r_label(r).title.clone())
    }

    /// Page `number` of the hub of `r`: its slice of the R's pages, the
    /// intro (page 1 only) and the `pagination` context.
    pub(super) fn hub(&self, r: R, number: usize, context: &mut PageContext<'_>) -> Picked {
        let intro_index = self.hub_intro(r);
        let total = self.hub_page_count(r);
        let title = self.paged_title(&self.hub_title(r), number, total);
        let description = intro_index
            .map(|i| self.content.pages[i].description.clone())
            .unwrap_or_else(|| self.config.r_label(r).summary.clone());
        let next = match r.next() {
            Some(next) => LinkView {
                title: self.config.r_label(next).title.clone(),
                url: self.views.url(&self.urls.hub(next)),
            },
            None => LinkView {
                title: self.string("get_help_title", "Get help"),
                url: self.views.url(&self.urls.get_help(None)),
            },
        };
        let listing = &self.listings.hubs[r.index()];
        let range = pagination::page_range(number, self.config.page_size, listing.len());
        let pages: Vec<views::ItemView> = listing[range]
            .iter()
            .map(|&i| self.views.item(&self.content.pages[i]))
            .collect();
        let intro = intro_index.filter(|_| number == 1);
        context.insert("kind", "hub");
        context.insert(
            "pagination",
            &self.pagination(number, total, |n| self.urls.hub_page(r, n)),
        );
        context.insert_showing_body(
            "hub",
            views::HubView {
                r: self.views.r(r),
                title: &title,
                intro: Cow::Owned(intro.map(|i| self.body_digest(i)).unwrap_or_default()),
                pages,
                next,
                audience_links: self.hub_audience_links(r),
            },
            |hub| hub.intro = intro.map(|i| self.body_html(i)).unwrap_or_default(),
        );
        ("hub.html", title, description)
    }

    /// The hub's links to each audience's pages of `r`: the audience page
    /// on which they start, at the R's heading.
    fn hub_audience_links(&self, r: R) -> Vec<views::LabelledLink> {
        self.config
            .audiences
            .iter()
            .enumerate()
            .map(|(index, a)| {
                let page = self.audience_page_of(index, r);
                let url = self.views.url(&self.urls.audience_page(&a.key, page));
                views::LabelledLink {
                    label: a.label.clone(),
                    url: format!("{url}#{}", r.key()),
                }
            })
            .collect()
    }

    /// The title of audience `index`'s page ("For parents and carers").
    pub(super) fn audience_title(&self, index: usize) -> String {
        format!(
            "{} {}",
            self.string("for_audience", "For"),
            self.config.audiences[index].label.to_lowercase()
        )
    }

    /// Page `number` of audience `index`'s page: its slice of the
    /// audience's pages, grouped by R, and the `pagination` context.
    pub(super) fn audience(
        &self,
        index: usize,
        number: usize,
        context: &mut PageContext<'_>,
    ) -> Picked {
        let audience = &self.config.audiences[index];
        let items = self.audience_items(index);
        let total = self.audience_page_count(index);
        let shown = &items[pagination::page_range(number, self.config.page_size, items.len())];
        let groups: Vec<views::GroupView> = R::ALL
            .iter()
            .filter(|&&r| shown.iter().any(|&(of, _)| of == r))
            .map(|&r| views::GroupView {
                r: self.views.r(r),
                pages: shown
                    .iter()
                    .filter(|&&(of, _)| of == r)
                    .map(|&(_, i)| self.views.item(&self.content.pages[i]))
                    .collect(),
            })
            .collect();
        let ordered = self.directory.ordered(Some(&audience.key));
        let services: Vec<views::CardView> = ordered.all().map(|s| self.views.card(s)).collect();
        context.insert("kind", "audience");
        context.insert(
            "pagination",
            &self.pagination(number, total, |n| self.urls.audience_page(&audience.key, n)),
        );
        context.insert(
            "audience",
            &views::AudiencePageView {
                key: &audience.key,
                label: &audience.label,
                heading: self.paged_title(&audience.label, number, total),
                groups,
                services,
                get_help_url: self.views.url(&self.urls.get_help(Some(&audience.key))),
            },
        );
        let title = self.paged_title(&self.audience_title(index), number, total);
        let description = self
            .string(
                "audience_description",
                "Pages and help services for {audience}.",
            )
            .replace("{audience}", &audience.label.to_lowercase());
        ("audience.html", title, description)
    }

    pub(super) fn get_help(
        &self,
        audience: Option<usize>,
        context: &mut PageContext<'_>,
    ) -> Picked {
        let audience = audience.map(|i| &self.config.audiences[i]);
        let key = audience.map(|a| a.key.as_str());
        let ordered = self.directory.ordered(key);
        let cards = |list: &[&crate::load::signpost::Service]| {
            list.iter().map(|s| self.views.card(s)).collect::<Vec<_>>()
        };
        let mut title = self.string("get_help_title", "Get help");
        if let Some(audience) = audience {
            title = format!("{title}: {}", audience.label.to_lowercase());
        }
        let mut audience_links = vec![serde_json::json!({
            "label": self.string("all_services", "All help services"),
            "url": self.views.url(&self.urls.get_help(None)),
            "current": audience.is_none(),
        })];
        audience_links.extend(self.config.audiences.iter().map(|a| {
            serde_json::json!({
                "label": a.label,
                "url": self.views.url(&self.urls.get_help(Some(&a.key))),
                "current": Some(&a.key) == key.map(str::to_string).as_ref(),
            })
        }));
        context.insert("kind", "get_help");
        context.insert(
            "help",
            &serde_json::json!({
                "title": title,
                "audience": key.and_then(|k| self.views.audience(k)),
                "emergency_services": cards(&ordered.emergency),
            "for_audience": cards(&ordered.for_audience),
                "local": cards(&ordered.local),
                "national": cards(&ordered.national),
                "audience_links": audience_links,
            }),
        );
        let description = self.string(
            "get_help_description",
            "If a child is in immediate danger, call 999. Who else to call, and how.",
        );
        ("get-help.html", title, description)
    }

    pub(super) fn generated(
        &self,
        context: &mut PageContext<'_>,
        kind: &'static str,
        title_key: &str,
        (description_key, description): (&str, &str),
    ) -> Picked {
        context.insert("kind", kind);
        let template = match kind {
            "staying_safe" => "staying-safe-online.html",
            _ => "404.html",
        };
        let fallback = if kind == "staying_safe" {
            "Staying safe online"
        } else {
            "Page not found"
        };
        (
            template,
            self.string(title_key, fallback),
            self.string(description_key, description),
        )
    }

    pub(super) fn accessibility(&self, context: &mut PageContext<'_>) -> Picked {
        let statement = &self.config.accessibility;
        context.insert("kind", "accessibility");
        context.insert(
            "statement",
            &serde_json::json!({
                "organisation": self.config.organisation_name,
                "contact_email": statement.contact_email,
                "contact_phone": statement.contact_phone,
                "assessed": statement.is_assessed(),
                "compliance": statement.compliance.key(),
                "known_issues": statement.known_issues,
                "contact_form": statement.contact_form,
                "last_reviewed": statement.last_reviewed.map(|d| d.to_string()),
                "prepared": statement.prepared.map(|d| d.to_string()),
                "last_tested": statement.last_tested.map(|d| d.to_string()),
                "tested_by": statement.tested_by,
            }),
        );
        let title = self.string("accessibility_short_title", "Accessibility statement");
        let description = self
            .string(
                "accessibility_description",
                "How accessible {site} is, and how to report a problem.",
            )
            .replace("{site}", &self.config.title);
        ("accessibility.html", title, description)
    }
}
