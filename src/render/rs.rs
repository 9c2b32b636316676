//! The three Rs and audiences as listings: which pages each hub lists and in
//! what order, each audience's pages grouped by R, and each page's previous
//! and next page within its first R. Computed once per build, as indices
//! into `Content::pages`, so rendering never re-sorts.

use std::cmp::Ordering;

use crate::load::config::{Config, R};
use crate::load::content::{Content, Page, PageKind};
use crate::load::i18n::Urls;
use crate::render::pagination;

/// Listings for a whole site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listings {
    /// For each R (journey order), its pages in list order.
    pub hubs: [Vec<usize>; 3],
    /// For each audience (config order): its key and its pages per R.
    pub audiences: Vec<(String, [Vec<usize>; 3])>,
    /// For each page index: previous and next page within its first R.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
}

impl Listings {
    /// How many pages the hub of `r` takes at `page_size` pages a page.
    pub fn hub_pages(&self, r: R, page_size: usize) -> usize {
        pagination::page_count(self.hubs[r.index()].len(), page_size)
    }

    /// How many pages audience `index`'s page takes at `page_size` pages a
    /// page (its pages of every R together); 1 for an unknown audience.
    pub fn audience_pages(&self, index: usize, page_size: usize) -> usize {
        let items = self
            .audiences
            .get(index)
            .map_or(0, |(_, groups)| groups.iter().map(Vec::len).sum());
        pagination::page_count(items, page_size)
    }
}

/// The key that gives list order, computed once per page when sorting.
fn list_key(page: &Page) -> (i64, String, String) {
    (page.weight, page.title.to_lowercase(), page.url.clone())
}

/// List order: weight, then title (ignoring case), then URL.
pub fn list_order(a: &Page, b: &Page) -> Ordering {
    a.weight
        .cmp(&b.weight)
        .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
        .then_with(|| a.url.cmp(&b.url))
}

/// Builds every listing.
pub fn build(content: &Content, config: &Config) -> Listings {
    let pages = &content.pages;
    let mut hubs: [Vec<usize>; 3] = Default::default();
    for (index, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Page || page.standalone {
            continue;
        }
        for r in &page.rs {
            hubs[r.index()].push(index);
        }
    }
    for hub in &mut hubs {
        hub.sort_by_cached_key(|&index| list_key(&pages[index]));
    }
    let audiences = config
        .audiences
        .iter()
        .map(|audience| {
            let groups = hubs.clone().map(|hub| {
                hub.into_iter()
                    .filter(|&index| pages[index].audiences.contains(&audience.key))
                    .collect()
            });
            (audience.key.clone(), groups)
        })
        .collect();
    let mut neighbours = vec![(None, None); pages.len()];
    for (r_index, hub) in hubs.iter().enumerate() {
        for (position, &index) in hub.iter().enumerate() {
            if pages[index].rs.first().map(|r| r.index()) != Some(r_index) {
                continue;
            }
            let previous = position.checked_sub(1).map(|p| hub[p]);
            neighbours[index] = (previous, hub.get(position + 1).copied());
        }
    }
    Listings {
        hubs,
        audiences,
        neighbours,
    }
}

/// Every URL a language's build generates itself, with what it is; a
/// content page may not take one (except the two a site may replace).
pub fn generated_urls(config: &Config, urls: &Urls) -> Vec<(String, &'static str)> {
    let mut generated: Vec<(String, &'static str)> = R::ALL
        .iter()
        .map(|&r| (urls.hub(r), "the hub of an R"))
        .collect();
    for audience in &config.audiences {
        generated.push((urls.audience(&audience.key), "an audience page"));
        generated.push((urls.get_help(Some(&audience.key)), "a get-help page"));
    }
    generated.push((urls.get_help(None), "the get-help page"));
    if config.search {
        generated.push((urls.search(), "the search page"));
    }
    generated
}

/// What a URL is kept for when it is a later page of a hub or audience
/// page (`realise/page/2/`, any number): however many pages a listing has
/// today, adding pages must never make it take a content page's URL.
pub fn paged_url_owner(config: &Config, urls: &Urls, url: &str) -> Option<&'static str> {
    let hubs = R::ALL
        .iter()
        .map(|&r| (urls.hub(r), "a later page of the hub of an R"));
    let audiences = config
        .audiences
        .iter()
        .map(|a| (urls.audience(&a.key), "a later page of an audience page"));
    hubs.chain(audiences)
        .find(|(first, _)| crate::load::i18n::page_number(first, url).is_some())
        .map(|(_, what)| what)
}

/// Every generated URL a Markdown link may point at, including the pages a
/// site may replace.
pub fn linkable_urls(config: &Config, urls: &Urls) -> Vec<String> {
    let mut linkable: Vec<String> = generated_urls(config, urls)
        .into_iter()
        .map(|(url, _)| url)
        .collect();
    linkable.extend(replaceable_urls(urls));
    if config.consultation.is_some() {
        linkable.push(urls.have_your_say());
    }
    linkable
}

/// Pages a site may replace with its own Markdown file.
pub fn replaceable_urls(urls: &Urls) -> [String; 2] {
    [urls.staying_safe(), urls.accessibility()]
}

#[cfg(test)]
mod tests {
    use super::*;
    fn page(title: &str, weight: i64, rs: Vec<R>, audiences: &[&str]) -> Page {
        Page {
            weight,
            rs,
            audiences: audiences.iter().map(|a| a.to_string()).collect(),
            ..crate::load::content::test_page(&format!("{title}.md"), &format!("{title}/"))
        }
    }

    #[test]
    fn hubs_order_by_weight_then_title_and_link_neighbours() {
        let config =
            crate::load::config::parse("title: T\nbase_url: https://e.org\n", None).unwrap();
        let content = Content {
            pages: vec![
                page("b", 0, vec![R::Realise], &["public"]),
                page("a", 0, vec![R::Realise, R::React], &["parents"]),
                page("c", -1, vec![R::Realise], &["public"]),
            ],
            assets: Vec::new(),
            ..Default::default()
        };
        let listings = build(&content, &config);
        assert_eq!(listings.hubs[0], vec![2, 1, 0]);
        assert_eq!(listings.hubs[2], vec![1]);
        assert_eq!(listings.neighbours[1], (Some(2), Some(0)));
        let parents = &listings.audiences[1];
        assert_eq!(parents.0, "parents");
        assert_eq!(parents.1[0], vec![1]);
    }
}
