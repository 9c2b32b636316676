//! The search page's context (every page A–Z, grouped by R, so the page is
//! useful with JavaScript off), which pages the search index holds, and
//! the index's plan: how many bundles a language is split into and where
//! they live, which the search page names and `write::search` builds.

use std::collections::HashMap;

use serde::Serialize;

use super::context::PageContext;
use super::pages::Picked;
use super::views::LinkView;
use super::{Job, Renderer};
use crate::load::config::R;
use crate::load::content::PageKind;

/// The folder (under the output root) the index is written to.
pub const BUNDLE_DIR: &str = "pagefind";

/// The most pages a bundle of the index holds before a language's pages
/// are split over more bundles. Pagefind indexes a bundle's pages one
/// after another on one core (and compares each new page's URL with every
/// page before it), so bundles built side by side use every core: on two
/// cores a clean 10,000-page build went from 11.9 s to 6.9 s, and an edit
/// rebuilds one bundle instead of the whole index (docs/performance.md).
/// A site of up to this many pages keeps one bundle, which the visitor's
/// browser loads fastest.
pub const BUNDLE_PAGES: usize = 500;

/// The most bundles a language is split into. The search page loads every
/// one, so a visitor pays a little for each: a bundle merged into the first
/// shares its WebAssembly and script (Pagefind's `mergeIndex` does not load
/// them again) but adds an entry file and one index request per search
/// word; its metadata (about 9 KB at 1,250 pages) only splits what one
/// bundle would hold. The builder pays more for few: Pagefind holds about
/// 200 KB per page while it builds a bundle, so at 10,000 pages four
/// bundles built two at a time peaked at 1,100 MiB and eight at 680 MiB
/// (docs/performance.md).
pub const MAX_BUNDLES: usize = 8;

/// How many bundles a language with `pages` indexed pages is split into.
pub fn shard_count(pages: usize) -> usize {
    pages.div_ceil(BUNDLE_PAGES).clamp(1, MAX_BUNDLES)
}

/// The folder (under the output root) of a language's bundle number
/// `shard`.
pub fn bundle_dir(language: &str, shard: usize) -> String {
    format!("{BUNDLE_DIR}/{language}/{shard}")
}

/// The folders of the bundles a language with `pages` indexed pages has.
pub fn bundles(language: &str, pages: usize) -> Vec<String> {
    (0..shard_count(pages))
        .map(|shard| bundle_dir(language, shard))
        .collect()
}

/// Where an indexed page is written, and what the index calls it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The URL visitors follow from a result.
    pub url: String,
    /// The page's language code.
    pub language: String,
}

/// One group of the A–Z list: an R (or "help and information") and its
/// pages, sorted by title.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct GroupView {
    /// The group's heading.
    pub title: String,
    /// An id for the heading, unique on the page.
    pub id: String,
    /// Its pages, A–Z.
    pub pages: Vec<LinkView>,
}

impl Renderer<'_> {
    pub(super) fn search_page(&self, context: &mut PageContext<'_>) -> Picked {
        context.insert("kind", "search");
        context.insert(
            "search",
            &serde_json::json!({
                "groups": self.a_to_z(),
                "bundles": self.bundle_urls(),
                "script": super::asset_url(&self.views, self.theme, "search.js"),
            }),
        );
        let title = self.string("search_title", "Search");
        let description = self
            .string("search_description", "Search every page of {site}.")
            .replace("{site}", &self.config.title);
        ("search.html", title, description)
    }

    /// The URLs of this language's bundles of the search index (as many as
    /// the indexer splits its searchable pages into).
    fn bundle_urls(&self) -> Vec<String> {
        let searchable = self
            .jobs()
            .into_iter()
            .filter(|&job| self.is_searchable(job))
            .count();
        bundles(&self.config.language, searchable)
            .iter()
            .map(|dir| self.views.url(&format!("{dir}/")))
            .collect()
    }

    /// Every published page, grouped by R (a page with two Rs is in both)
    /// and then the pages of no R, each group A–Z.
    pub fn a_to_z(&self) -> Vec<GroupView> {
        let mut groups: Vec<GroupView> = R::ALL
            .iter()
            .map(|&r| GroupView {
                title: self.hub_title(r),
                id: format!("a-to-z-{}", r.key()),
                pages: vec![LinkView {
                    title: self.hub_title(r),
                    url: self.views.url(&self.urls.hub(r)),
                }],
            })
            .collect();
        let mut other = self.generated_links();
        for page in &self.content.pages {
            let is_hub_intro =
                page.kind == PageKind::Section && self.urls.hub_at(&page.url).is_some();
            if page.draft || page.kind == PageKind::Home || is_hub_intro {
                continue;
            }
            if page.rs.is_empty() {
                other.push(self.views.link(page));
            }
            for r in &page.rs {
                groups[r.index()].pages.push(self.views.link(page));
            }
        }
        groups.push(GroupView {
            title: self.string("search_other_pages", "Help and information"),
            id: "a-to-z-other".into(),
            pages: other,
        });
        for group in &mut groups {
            group.pages.sort_by_cached_key(|link| sort_key(&link.title));
        }
        groups
    }

    /// The generated pages that are not an R's: home, get-help (for
    /// everyone and for each audience), audience pages and the statement
    /// pages the site does not replace.
    fn generated_links(&self) -> Vec<LinkView> {
        let mut links = Vec::new();
        let home = self
            .content
            .pages
            .iter()
            .find(|page| page.kind == PageKind::Home);
        links.push(LinkView {
            title: home.map_or_else(|| self.config.title.clone(), |page| page.title.clone()),
            url: self.views.url(&self.urls.home()),
        });
        links.push(LinkView {
            title: self.string("get_help_title", "Get help"),
            url: self.views.url(&self.urls.get_help(None)),
        });
        let get_help = self.string("get_help_title", "Get help");
        for (index, audience) in self.config.audiences.iter().enumerate() {
            links.push(LinkView {
                title: self.audience_title(index),
                url: self.views.url(&self.urls.audience(&audience.key)),
            });
            links.push(LinkView {
                title: format!("{get_help}: {}", audience.label.to_lowercase()),
                url: self.views.url(&self.urls.get_help(Some(&audience.key))),
            });
        }
        let generated = [
            (
                Job::StayingSafe,
                self.string("staying_safe_title", "Staying safe online"),
            ),
            (
                Job::Accessibility,
                self.string("accessibility_short_title", "Accessibility statement"),
            ),
            (
                Job::HaveYourSay,
                self.string("have_your_say_title", "Have your say"),
            ),
        ];
        let jobs = self.jobs();
        for (job, title) in generated {
            if jobs.contains(&job) {
                links.push(LinkView {
                    title,
                    url: self.views.url(&self.job_url(job)),
                });
            }
        }
        links
    }

    /// What the search index holds: output path → the URL a result links
    /// to and the page's language. See [`crate::write::search`] for what is left
    /// out and why.
    pub fn search_plan(&self, jobs: &[Job]) -> HashMap<String, Entry> {
        jobs.iter()
            .filter(|&&job| self.is_searchable(job))
            .map(|&job| {
                let entry = Entry {
                    url: self.views.url(&self.job_url(job)),
                    language: self.config.language.clone(),
                };
                (self.job_path(job), entry)
            })
            .collect()
    }

    fn is_searchable(&self, job: Job) -> bool {
        match job {
            Job::Content(index) | Job::Home(Some(index)) => !self.content.pages[index].draft,
            Job::Home(None)
            | Job::Hub(_, 1)
            | Job::Audience(_, 1)
            | Job::GetHelp(None)
            | Job::StayingSafe
            | Job::Accessibility
            | Job::HaveYourSay => true,
            Job::Hub(..) | Job::Audience(..) | Job::GetHelp(Some(_)) => false,
            Job::Search | Job::NotFound => false,
        }
    }
}

/// How titles sort A–Z: case and accents aside, then as written.
fn sort_key(title: &str) -> (String, String) {
    let folded = title
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ŵ' | 'ẁ' | 'ẃ' | 'ẅ' => 'w',
            'ŷ' | 'ỳ' | 'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect();
    (folded, title.to_string())
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn titles_sort_without_regard_to_case_or_accents() {
        let mut titles = vec!["Ŵyr", "about", "Wales", "Zebra", "Apple"];
        titles.sort_by_key(|t| sort_key(t));
        assert_eq!(titles, vec!["about", "Apple", "Wales", "Ŵyr", "Zebra"]);
    }
}
