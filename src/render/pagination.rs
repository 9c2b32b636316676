//! Splits a long listing (a hub's pages, an audience's pages) into numbered
//! pages: how many pages a listing needs, which items each page holds, on
//! which page an item falls, and which page numbers a page's navigation
//! shows. Pure arithmetic on counts: it knows nothing of URLs or templates.
//!
//! The navigation follows GOV.UK's pagination component: the first page,
//! the last page, the current page and one either side, with a gap marked
//! wherever pages are left out. A gap of a single page shows that page
//! instead (an ellipsis standing for one number saves nothing).

use std::ops::Range;

/// How many pages a listing of `items` needs at `page_size` items a page.
/// Always at least one: an empty listing still has its page.
pub fn page_count(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size.max(1)).max(1)
}

/// The positions of the items on page `number` (1-based) of a listing of
/// `items`; empty for a page past the end.
pub fn page_range(number: usize, page_size: usize, items: usize) -> Range<usize> {
    let size = page_size.max(1);
    let start = number.saturating_sub(1).saturating_mul(size).min(items);
    start..start.saturating_add(size).min(items)
}

/// The page (1-based) on which the item at `position` (0-based) falls.
pub fn page_of(position: usize, page_size: usize) -> usize {
    position / page_size.max(1) + 1
}

/// One entry of a page's navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A link to the page with this number (the current page included).
    Page(usize),
    /// Pages left out here.
    Gap,
}

/// The entries of the navigation on page `current` of `total`: the first
/// and last pages, the current page and its neighbours, in order, with a
/// [`Entry::Gap`] wherever two or more pages are left out.
pub fn entries(current: usize, total: usize) -> Vec<Entry> {
    let total = total.max(1);
    let current = current.clamp(1, total);
    let mut shown = vec![1, current.saturating_sub(1), current, current + 1, total];
    shown.retain(|&number| (1..=total).contains(&number));
    shown.sort_unstable();
    shown.dedup();
    let mut entries = Vec::with_capacity(shown.len() + 2);
    let mut previous = 0;
    for number in shown {
        match number - previous {
            1 => {}
            2 => entries.push(Entry::Page(number - 1)),
            _ => entries.push(Entry::Gap),
        }
        entries.push(Entry::Page(number));
        previous = number;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use Entry::{Gap, Page};

    #[test]
    fn a_listing_needs_whole_pages_and_at_least_one() {
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(1, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(page_count(3_400, 100), 34);
        assert_eq!(page_count(5, 1), 5);
    }

    #[test]
    fn each_page_holds_its_slice_and_the_last_holds_the_rest() {
        assert_eq!(page_range(1, 2, 5), 0..2);
        assert_eq!(page_range(2, 2, 5), 2..4);
        assert_eq!(page_range(3, 2, 5), 4..5);
        assert_eq!(page_range(4, 2, 5), 5..5);
        assert_eq!(page_range(1, 100, 0), 0..0);
        assert_eq!(page_range(usize::MAX, usize::MAX, 3), 3..3);
    }

    #[test]
    fn an_item_falls_on_the_page_of_its_position() {
        assert_eq!(page_of(0, 2), 1);
        assert_eq!(page_of(1, 2), 1);
        assert_eq!(page_of(2, 2), 2);
        assert_eq!(page_of(199, 100), 2);
    }

    #[test]
    fn short_ranges_show_every_page() {
        assert_eq!(entries(1, 1), vec![Page(1)]);
        assert_eq!(entries(1, 3), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(
            entries(3, 5),
            vec![Page(1), Page(2), Page(3), Page(4), Page(5)]
        );
    }

    #[test]
    fn long_ranges_show_first_last_and_current_with_neighbours() {
        assert_eq!(entries(1, 34), vec![Page(1), Page(2), Gap, Page(34)]);
        assert_eq!(
            entries(10, 34),
            vec![Page(1), Gap, Page(9), Page(10), Page(11), Gap, Page(34)]
        );
        assert_eq!(entries(34, 34), vec![Page(1), Gap, Page(33), Page(34)]);
    }

    #[test]
    fn a_gap_of_one_page_shows_that_page() {
        assert_eq!(
            entries(4, 10),
            vec![Page(1), Page(2), Page(3), Page(4), Page(5), Gap, Page(10)]
        );
        assert_eq!(
            entries(7, 10),
            vec![Page(1), Gap, Page(6), Page(7), Page(8), Page(9), Page(10)]
        );
    }

    #[test]
    fn a_page_out_of_range_is_clamped() {
        assert_eq!(entries(0, 3), entries(1, 3));
        assert_eq!(entries(9, 3), entries(3, 3));
        assert_eq!(entries(1, 0), vec![Page(1)]);
    }
}
