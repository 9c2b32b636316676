//! Where the campaign has gaps: how many pages each R has for each
//! audience (the table `check` ends with), and every page's facts as one
//! record (what `check --format json` carries, so a team needs no script
//! of its own to audit its content).

use serde::Serialize;

use crate::load::config::{Config, R};
use crate::load::content::{Content, PageKind};
use crate::markdown::Rendered;

/// Pages per R and audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The audience keys, in `site.yaml` order (the columns).
    pub audiences: Vec<String>,
    /// One row per R, in journey order.
    pub rows: Vec<CoverageRow>,
}

/// One R's row of the coverage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// `realise`, `recognise` or `react`.
    pub r: &'static str,
    /// Pages tagged with this R for each audience, in column order.
    pub pages: Vec<usize>,
    /// The audiences with no page in this R.
    pub gaps: Vec<String>,
}

/// Counts the content pages (not sections, the home text or standalone
/// pages) of each R for each audience; a page counts in every R it is
/// tagged with, and for every audience it names (all of them when it names
/// none).
pub fn coverage(content: &Content, config: &Config) -> Coverage {
    let audiences: Vec<String> = config.audiences.iter().map(|a| a.key.clone()).collect();
    let rows = R::ALL
        .iter()
        .map(|&r| {
            let pages: Vec<usize> = audiences
                .iter()
                .map(|audience| {
                    listed_pages(content)
                        .filter(|page| page.rs.contains(&r) && page.audiences.contains(audience))
                        .count()
                })
                .collect();
            let gaps = audiences
                .iter()
                .zip(&pages)
                .filter(|(_, &count)| count == 0)
                .map(|(audience, _)| audience.clone())
                .collect();
            CoverageRow {
                r: r.key(),
                pages,
                gaps,
            }
        })
        .collect();
    Coverage { audiences, rows }
}

fn listed_pages(content: &Content) -> impl Iterator<Item = &crate::load::content::Page> {
    content
        .pages
        .iter()
        .filter(|page| page.kind == PageKind::Page && !page.standalone)
}

/// One page's facts for `check --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageFacts {
    /// The file, relative to the site folder.
    pub file: String,
    /// Its address, from the site's root path (`/cse/realise/myths/`).
    pub url: String,
    /// The page's language.
    pub language: String,
    /// Its title.
    pub title: String,
    /// `page`, `section` or `home`.
    pub kind: &'static str,
    /// The Rs it is tagged with, main R first.
    pub rs: Vec<&'static str>,
    /// Its audiences (all of them when the page names none).
    pub audiences: Vec<String>,
    /// The help services it features.
    pub signposts: Vec<String>,
    /// UK reading age (English pages with prose), one decimal.
    pub reading_age: Option<f64>,
    /// When it is due for review, `YYYY-MM-DD`.
    pub review_by: Option<String>,
    /// When it was last updated (`updated:`, else `date:`), `YYYY-MM-DD`.
    pub last_updated: Option<String>,
    /// True for drafts (only with `--drafts`).
    pub draft: bool,
}

/// Every page of one language, in source order.
pub fn page_facts(content: &Content, bodies: &[Rendered], config: &Config) -> Vec<PageFacts> {
    content
        .pages
        .iter()
        .zip(bodies)
        .map(|(page, body)| PageFacts {
            file: page.source.display().to_string(),
            url: format!("{}{}", config.root, page.url),
            language: config.language.clone(),
            title: page.title.clone(),
            kind: match page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
            },
            rs: page.rs.iter().map(|r| r.key()).collect(),
            audiences: page.audiences.clone(),
            signposts: page.signposts.iter().map(|s| s.id.clone()).collect(),
            reading_age: body
                .readability
                .as_ref()
                .filter(|stats| stats.words > 0)
                .map(|stats| (stats.reading_age() * 10.0).round() / 10.0),
            review_by: page.review_by.map(|date| date.to_string()),
            last_updated: page.updated.or(page.date).map(|date| date.to_string()),
            draft: page.draft,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &[R], &[&str])]) -> (Content, Config) {
        let config = crate::load::config::parse(
            "title: T\nbase_url: https://e.org/cse\naudiences: { parents: Parents, professionals: Professionals, young-people: Young people }\n",
            None,
        )
        .unwrap();
        let pages = pages
            .iter()
            .map(|(rel, rs, audiences)| {
                let mut page = crate::load::content::test_page(rel, &rel.replace(".md", "/"));
                page.rs = rs.to_vec();
                page.audiences = audiences.iter().map(|a| a.to_string()).collect();
                page
            })
            .collect();
        (
            Content {
                pages,
                ..Default::default()
            },
            config,
        )
    }

    #[test]
    fn each_r_counts_its_pages_per_audience_and_names_its_gaps() {
        let (content, config) = site(&[
            ("realise/a.md", &[R::Realise], &["parents", "professionals"]),
            ("realise/b.md", &[R::Realise, R::React], &["parents"]),
            ("react/c.md", &[R::React], &["young-people"]),
        ]);
        let coverage = coverage(&content, &config);
        assert_eq!(
            coverage.audiences,
            ["parents", "professionals", "young-people"]
        );
        let row = |r: &str| coverage.rows.iter().find(|row| row.r == r).unwrap();
        assert_eq!(row("realise").pages, [2, 1, 0]);
        assert_eq!(row("realise").gaps, ["young-people"]);
        assert_eq!(row("recognise").pages, [0, 0, 0]);
        assert_eq!(
            row("recognise").gaps,
            ["parents", "professionals", "young-people"]
        );
        assert_eq!(row("react").pages, [1, 0, 1], "b counts in both its Rs");
    }

    #[test]
    fn sections_and_standalone_pages_are_not_counted() {
        let (mut content, config) = site(&[
            ("realise/_index.md", &[R::Realise], &["parents"]),
            ("privacy.md", &[R::Realise], &["parents"]),
        ]);
        content.pages[0].kind = PageKind::Section;
        content.pages[1].standalone = true;
        assert_eq!(coverage(&content, &config).rows[0].pages, [0, 0, 0]);
    }
}
