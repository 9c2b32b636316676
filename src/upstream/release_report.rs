//! How a dry run reads: [`DryRun`]'s `Display` (for `upstream update
//! --dry-run`) and [`councils_table`] (for `check-councils`), one row a
//! council; the JSON for CI is the same values through serde.

use std::fmt;

use super::release::DryRun;
use super::PackId;

fn release(pack: &Option<PackId>) -> String {
    match pack {
        Some(pack) => format!("{} {}", pack.name, pack.version),
        None => "an unversioned release".to_string(),
    }
}

/// A titled list, or nothing when it is empty.
fn section(f: &mut fmt::Formatter<'_>, title: &str, lines: &[String]) -> fmt::Result {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(f, "\n{title} ({}):", lines.len())?;
    for line in lines {
        writeln!(f, "  {line}")?;
    }
    Ok(())
}

impl fmt::Display for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Dry run for {}: from {} to {}. Nothing was written.",
            self.council,
            release(&self.current),
            release(&self.release)
        )?;
        section(f, "Files under content/ the release adds", &self.added)?;
        section(f, "Files it removes", &self.removed)?;
        section(f, "Files it changes", &self.changed)?;
        let review: Vec<String> = self
            .to_review
            .iter()
            .map(|row| match row.never_accepted {
                true => format!("{}: you have never accepted the national page", row.path),
                false => format!(
                    "{}: the national page changes since you accepted it",
                    row.path
                ),
            })
            .collect();
        section(f, "Your copies of national pages to review", &review)?;
        let gone: Vec<String> = self.gone.iter().map(ToString::to_string).collect();
        section(
            f,
            "Hidden or replaced items the release removed or renamed",
            &gone,
        )?;
        let locals: Vec<String> = self
            .new_local_services
            .iter()
            .map(|s| match s.provided {
                true => format!("{} ({}): you already provide it", s.id, s.what),
                false => format!(
                    "{} ({}): not provided yet; add it to content/_signposts/",
                    s.id, s.what
                ),
            })
            .collect();
        section(f, "New local services the release asks for", &locals)?;
        let links: Vec<String> = self.broken_links.iter().map(ToString::to_string).collect();
        section(f, "Links that would break", &links)?;
        let others: Vec<String> = self
            .errors
            .iter()
            .filter(|e| !self.gone.contains(e) && !self.broken_links.contains(e))
            .map(ToString::to_string)
            .collect();
        section(f, "Other errors", &others)?;
        match self.builds {
            true => write!(f, "\nThe site would build with this release: take it with `beacon upstream update PACK_OR_FOLDER`."),
            false => write!(
                f,
                "\nThe site would NOT build with this release: {} error(s). Fix them (or ask the national team) before `beacon upstream update`.",
                self.errors.len()
            ),
        }
    }
}

/// One table for `check-councils`: each council's folder, whether it
/// builds, its errors, its overrides to review and the local services it
/// lacks; then a line saying how many would fail.
pub fn councils_table(runs: &[DryRun]) -> String {
    let headers = [
        "council",
        "result",
        "errors",
        "to review",
        "missing local services",
    ];
    let rows: Vec<[String; 5]> = runs
        .iter()
        .map(|run| {
            let missing = run.missing_local_services();
            [
                run.council.clone(),
                if run.builds { "builds" } else { "FAILS" }.to_string(),
                run.errors.len().to_string(),
                run.to_review.len().to_string(),
                if missing.is_empty() {
                    "-".to_string()
                } else {
                    missing.join(", ")
                },
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut text = line(headers.to_vec());
    for row in &rows {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    let failing = runs.iter().filter(|run| !run.builds).count();
    let pack = runs
        .first()
        .map(|run| release(&run.release))
        .unwrap_or_default();
    text.push_str(&format!(
        "\n{failing} of {} council copies would fail to build with {pack}.",
        runs.len()
    ));
    text
}
