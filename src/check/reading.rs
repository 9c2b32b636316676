//! Reading-level findings: a page harder than the easiest-reading audience
//! it is written for, and sentences longer than the limit (advice unless
//! `readability: { enforce: true }`); and the table `beacon check` ends
//! with. English pages only (never Welsh).

use serde::Serialize;

use crate::base::diagnostic::Diagnostic;
use crate::load::config::Config;
use crate::load::content::{Content, Page, PageKind};
use crate::markdown::readability::Stats;
use crate::markdown::Rendered;

/// One row of the readability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The page's file.
    pub page: String,
    /// Its audience keys.
    pub audiences: Vec<String>,
    /// UK reading age, one decimal.
    pub reading_age: f64,
    /// The target for its audiences.
    pub target: f64,
    /// Flesch Reading Ease.
    pub reading_ease: f64,
    /// Words in its longest sentence.
    pub longest_sentence: usize,
}

/// The strictest target among a page's audiences.
pub fn target(page: &Page, config: &Config) -> f64 {
    page.audiences
        .iter()
        .map(|audience| config.readability.target(audience))
        .fold(f64::INFINITY, f64::min)
        .min(99.0)
}

fn measured<'a>(
    content: &'a Content,
    bodies: &'a [Rendered],
) -> impl Iterator<Item = (&'a Page, &'a Stats)> {
    content
        .pages
        .iter()
        .zip(bodies)
        .filter(|(page, _)| page.kind == PageKind::Page)
        .filter_map(|(page, body)| Some((page, body.readability.as_ref()?)))
        .filter(|(_, stats)| stats.words > 0)
}

/// Findings for pages that are too hard (at the top of the page's file:
/// they are about the whole page) and for each sentence that is too long
/// (at the sentence itself, one finding each). They are advice, which
/// `check --strict` does not fail on, unless `readability.enforce` makes
/// them warnings.
pub fn warnings(content: &Content, bodies: &[Rendered], config: &Config) -> Vec<Diagnostic> {
    let limit = config.readability.max_sentence_words;
    let finding = |page: &Page, message: String| match config.readability.enforce {
        true => Diagnostic::warning(&page.source, message),
        false => Diagnostic::advice(&page.source, message),
    };
    let mut diagnostics = Vec::new();
    for (page, stats) in measured(content, bodies) {
        let target = target(page, config);
        if stats.reading_age() > target {
            let hardest: Vec<String> = stats
                .hardest
                .iter()
                .take(2)
                .map(|s| format!("line {}: \"{}\"", s.line, s.text))
                .collect();
            let message = format!(
                "reading age {:.1} is above {target}, the target for this page's audiences; hardest sentences: {}",
                stats.reading_age(),
                hardest.join("; ")
            );
            diagnostics.push(finding(page, message).at(1, 1).with_hint(
                "use shorter sentences and everyday words (GOV.UK writes for a reading age of 9)",
            ));
        }
        for sentence in stats.long.iter().filter(|s| s.words > limit) {
            let message = format!(
                "a sentence of {} words (more than {limit}): \"{}\"",
                sentence.words, sentence.text
            );
            diagnostics.push(
                finding(page, message)
                    .at(sentence.line, sentence.column)
                    .with_hint("split it into two or three sentences"),
            );
        }
    }
    diagnostics
}

/// The table `beacon check` ends with, in page order.
pub fn table(content: &Content, bodies: &[Rendered], config: &Config) -> Vec<Row> {
    measured(content, bodies)
        .map(|(page, stats)| Row {
            page: page.source.display().to_string(),
            audiences: page.audiences.clone(),
            reading_age: (stats.reading_age() * 10.0).round() / 10.0,
            target: target(page, config),
            reading_ease: (stats.reading_ease() * 10.0).round() / 10.0,
            longest_sentence: stats.longest_sentence(),
        })
        .collect()
}
