//! The site-wide files every build writes: the sitemap, the Atom feed,
//! and robots.txt (the hosts' header files are `hosts`).

use crate::base::date::Date;
use crate::base::escape::escape_xml;
use crate::load::config::Config;

/// A page for the sitemap and feed.
#[derive(Debug, Clone)]
pub struct Listed {
    /// URL relative to the root.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// Newest of date and updated.
    pub date: Option<Date>,
    /// Its absolute URL.
    pub permalink: String,
    /// The same page in other languages: (hreflang, absolute URL).
    pub alternates: Vec<(String, String)>,
}

/// `sitemap.xml` listing every page, sorted by URL.
pub fn sitemap(pages: &[Listed]) -> String {
    let mut sorted: Vec<&Listed> = pages.iter().collect();
    sorted.sort_by(|a, b| a.url.cmp(&b.url));
    let xhtml = match pages.iter().any(|page| !page.alternates.is_empty()) {
        true => " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"",
        false => "",
    };
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{xhtml}>\n");
    for page in sorted {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&page.permalink)
        ));
        for (hreflang, href) in &page.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(hreflang),
                escape_xml(href)
            ));
        }
        if let Some(date) = page.date {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An Atom feed of dated pages, newest first, published at `self_url`
/// (relative to the root: `feed.xml`, `cy/feed.xml`). Its `updated` is the
/// newest page's date, or the build date when no page has one (Atom needs a
/// real date; 1970 told readers the feed was dead).
pub fn feed(
    config: &Config,
    pages: &[Listed],
    (home_url, self_url): (&str, &str),
    build_date: Date,
) -> String {
    let mut dated: Vec<&Listed> = pages.iter().filter(|p| p.date.is_some()).collect();
    dated.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let updated = dated
        .first()
        .and_then(|p| p.date)
        .unwrap_or(build_date)
        .to_string();
    let home = config.permalink(home_url);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(&config.language),
        escape_xml(&config.title),
        escape_xml(&home),
        escape_xml(&home),
        escape_xml(&config.permalink(self_url)),
        escape_xml(&config.organisation_name),
    );
    for page in dated.iter().take(50) {
        let link = escape_xml(&page.permalink);
        let date = page.date.map(|d| d.to_string()).unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{link}</id>\n    <link href=\"{link}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(&page.title),
            escape_xml(&page.description),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.permalink("sitemap.xml")
    )
}
