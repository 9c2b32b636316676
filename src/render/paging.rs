//! Hub and audience pages split into numbered pages (`pagination.page_size`
//! items each): how many pages each has, which items a page lists, where an
//! R's pages start on an audience page, a later page's title ("Realise
//! (page 2 of 34)", from the theme's strings) and the `pagination` context
//! its template draws the navigation from.

use super::views::{PageLinkView, PaginationView};
use super::Renderer;
use crate::load::config::R;
use crate::render::pagination::{self, Entry};

impl Renderer<'_> {
    /// How many pages the hub of `r` has.
    pub(super) fn hub_page_count(&self, r: R) -> usize {
        self.listings.hub_pages(r, self.config.page_size)
    }

    /// How many pages the page of audience `index` has.
    pub(super) fn audience_page_count(&self, index: usize) -> usize {
        self.listings.audience_pages(index, self.config.page_size)
    }

    /// Everything the page of audience `index` lists, in order: its pages
    /// of each R in journey order, each with its R.
    pub(super) fn audience_items(&self, index: usize) -> Vec<(R, usize)> {
        let (_, groups) = &self.listings.audiences[index];
        R::ALL
            .iter()
            .flat_map(|&r| groups[r.index()].iter().map(move |&page| (r, page)))
            .collect()
    }

    /// The page of audience `index` on which its pages of `r` start (1
    /// when it has none).
    pub(super) fn audience_page_of(&self, index: usize, r: R) -> usize {
        let (_, groups) = &self.listings.audiences[index];
        if groups[r.index()].is_empty() {
            return 1;
        }
        let before: usize = groups[..r.index()].iter().map(Vec::len).sum();
        pagination::page_of(before, self.config.page_size)
    }

    /// The title of page `number` of `total` of a listing called `title`:
    /// the title itself on page 1, else the theme's `paged_title` ("Realise
    /// (page 2 of 34)") in the page's language.
    pub(super) fn paged_title(&self, title: &str, number: usize, total: usize) -> String {
        if number <= 1 {
            return title.to_string();
        }
        // `{title}` last, so a title that happens to hold `{page}` stays as written.
        self.string("paged_title", "{title} (page {page} of {pages})")
            .replace("{page}", &number.to_string())
            .replace("{pages}", &total.to_string())
            .replace("{title}", title)
    }

    /// The `pagination` context of page `number` of `total`; `url_of` gives
    /// page n's URL relative to the root.
    pub(super) fn pagination(
        &self,
        number: usize,
        total: usize,
        url_of: impl Fn(usize) -> String,
    ) -> PaginationView {
        let link = |n: usize| {
            let url = url_of(n);
            PageLinkView {
                number: Some(n),
                label: Some(
                    self.string("page_number_label", "Page {page}")
                        .replace("{page}", &n.to_string()),
                ),
                url: Some(self.views.url(&url)),
                permalink: Some(self.config.permalink(&url)),
                current: n == number,
                ellipsis: false,
            }
        };
        let pages = pagination::entries(number, total)
            .into_iter()
            .map(|entry| match entry {
                Entry::Page(n) => link(n),
                Entry::Gap => PageLinkView {
                    number: None,
                    label: None,
                    url: None,
                    permalink: None,
                    current: false,
                    ellipsis: true,
                },
            })
            .collect();
        PaginationView {
            current: number,
            total,
            prev: (number > 1).then(|| link(number - 1)),
            next: (number < total).then(|| link(number + 1)),
            pages,
        }
    }
}
