//! One item of a YAML list file, edited in place: a help-directory file
//! holds one service per `- ` item, and the editor changes one service
//! without touching the others. The item's lines are taken out of the
//! file, shifted left into a plain mapping (which [`PageText::mapping`]
//! edits key by key), and put back with the item's own indentation, so
//! every byte outside the keys that changed stays as it was.
//!
//! Items the editor cannot place exactly (flow style `- {id: x}`, a `-`
//! alone on its line, a line inside the item indented less than its keys)
//! are refused: such a file is edited by hand.
//!
//! [`PageText::mapping`]: super::front_matter::PageText::mapping

use std::ops::Range;

/// One `- ` item of a list file, by its byte range in the file.
#[derive(Debug, Clone)]
pub struct ListItem {
    /// The whole file's text.
    text: String,
    /// The item's lines (from its `- ` to its last own line, with its line
    /// end), leaving out blank lines and comments between items.
    range: Range<usize>,
    /// The column its keys start at (2 for `- id: x`).
    indent: usize,
    /// True when the item is the file's last line and has no line end.
    unterminated: bool,
}

impl ListItem {
    /// The item whose `- ` is on the 1-based `line` of `text`, when the
    /// editor can place it exactly.
    pub fn at_line(text: &str, line: usize) -> Option<ListItem> {
        let lines = lines_with_offsets(text);
        let first = line.checked_sub(1)?;
        let (start, first_line) = *lines.get(first)?;
        let indent = key_column(first_line)?;
        let mut last = first;
        for (index, (_, line)) in lines.iter().enumerate().skip(first + 1) {
            if starts_item(line) || is_outside(line) {
                break;
            }
            if !line.trim().is_empty() {
                last = index;
            }
        }
        let own = &lines[first + 1..=last];
        let placed = own
            .iter()
            .all(|(_, line)| line.trim().is_empty() || line.chars().take(indent).all(|c| c == ' '));
        let (last_start, last_line) = lines[last];
        let end = last_start + last_line.len();
        let item = ListItem {
            text: text.to_string(),
            range: start..end,
            indent,
            unterminated: !last_line.ends_with('\n'),
        };
        placed.then_some(item)
    }

    /// The item as a plain mapping: its lines shifted left to column 0,
    /// ending with a line end.
    pub fn mapping(&self) -> String {
        let item = &self.text[self.range.clone()];
        let mut mapping: String = item
            .split_inclusive('\n')
            .map(|line| match line.trim().is_empty() {
                true => line,
                false => &line[self.indent.min(line.len())..],
            })
            .collect();
        if self.unterminated {
            mapping.push('\n');
        }
        mapping
    }

    /// The whole file with the item's lines made from `mapping` (as
    /// [`ListItem::mapping`] gave it, edited): its first line keeps the
    /// item's `- `, the others its indentation.
    pub fn with_mapping(&self, mapping: &str) -> String {
        let first_prefix = &self.text[self.range.start..self.range.start + self.indent];
        let spaces = " ".repeat(self.indent);
        let mut item = String::with_capacity(mapping.len() + 64);
        for (index, line) in mapping.split_inclusive('\n').enumerate() {
            if index == 0 {
                item.push_str(first_prefix);
            } else if !line.trim().is_empty() {
                item.push_str(&spaces);
            }
            item.push_str(line);
        }
        if self.unterminated {
            let kept = item.trim_end_matches(['\r', '\n']).len();
            item.truncate(kept);
        }
        let mut text = self.text.clone();
        text.replace_range(self.range.clone(), &item);
        text
    }

    /// The whole file without the item: its lines go, with the blank lines
    /// that separated it from the item after it (or, for the last item,
    /// from the one before), so the file reads as if it was never there.
    pub fn removed(&self) -> String {
        let before = &self.text[..self.range.start];
        let after = &self.text[self.range.end..];
        let blank = |line: &str| line.trim().is_empty();
        let after_kept = after.trim_start_matches([' ', '\t', '\r', '\n']);
        match after_kept.is_empty() {
            // The last item: drop the blank lines before it too.
            true => {
                let kept = before.trim_end_matches(|c: char| c.is_whitespace());
                match kept.is_empty() {
                    true => String::new(),
                    false => format!("{kept}\n"),
                }
            }
            false => {
                let gap = &after[..after.len() - after_kept.len()];
                let only_blank = gap.split_inclusive('\n').all(blank);
                match only_blank {
                    true => format!("{before}{after_kept}"),
                    false => format!("{before}{after}"),
                }
            }
        }
    }

    /// The 0-based line of the mapping that the file's 1-based `line` is,
    /// when it is inside the item.
    pub fn mapping_line(&self, line: usize) -> Option<usize> {
        let first = 1 + self.text[..self.range.start].matches('\n').count();
        let count = self.text[self.range.clone()].split_inclusive('\n').count();
        let offset = line.checked_sub(first)?;
        (offset < count).then_some(offset)
    }
}

/// Each line with the byte offset it starts at.
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    text.split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect()
}

/// The column an item's first key starts at (`- id:` → 2), for a block
/// mapping item.
fn key_column(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('-')?;
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let key = rest.trim_start_matches(' ');
    let block_key = spaces > 0
        && !key.trim().is_empty()
        && !key.starts_with(['{', '[', '#', '"', '\''])
        && key.contains(':');
    block_key.then_some(1 + spaces)
}

/// True for the line that starts the next item.
fn starts_item(line: &str) -> bool {
    line.starts_with("- ") || line.trim_end() == "-"
}

/// True for a line at column 0 that is not blank: a comment between
/// items, or anything else that is not part of this item.
fn is_outside(line: &str) -> bool {
    !line.trim().is_empty() && !line.starts_with([' ', '\t'])
}

#[cfg(test)]
mod tests {
    use super::ListItem;

    const FILE: &str = "# Help services.\n- id: one\n  name: One # the first\n  translations:\n    cy:\n      name: Un\n\n  free: true\n\n# Next.\n- id: two\n  name: Two";

    #[test]
    fn an_item_comes_out_as_a_mapping_and_goes_back_byte_for_byte() {
        for line in [2, 11] {
            let item = ListItem::at_line(FILE, line).expect("placed");
            assert_eq!(item.with_mapping(&item.mapping()), FILE);
        }
        let first = ListItem::at_line(FILE, 2).expect("placed");
        assert_eq!(
            first.mapping(),
            "id: one\nname: One # the first\ntranslations:\n  cy:\n    name: Un\n\nfree: true\n"
        );
        assert_eq!(
            ListItem::at_line(FILE, 11).expect("placed").mapping(),
            "id: two\nname: Two\n"
        );
    }

    #[test]
    fn an_edited_mapping_changes_only_its_own_item() {
        let item = ListItem::at_line(FILE, 11).expect("placed");
        let edited = item.with_mapping("id: two\nname: Two and more\nfree: true\n");
        assert_eq!(
            edited,
            FILE.replace("  name: Two", "  name: Two and more\n  free: true")
        );
    }

    #[test]
    fn a_removed_item_takes_its_lines_and_its_gap_and_nothing_else() {
        let first = ListItem::at_line(FILE, 2).expect("placed");
        assert_eq!(
            first.removed(),
            "# Help services.\n# Next.\n- id: two\n  name: Two"
        );
        let last = ListItem::at_line(FILE, 11).expect("placed");
        assert_eq!(
            last.removed(),
            "# Help services.\n- id: one\n  name: One # the first\n  translations:\n    cy:\n      name: Un\n\n  free: true\n\n# Next.\n"
        );
        let only = ListItem::at_line("- id: one\n", 1).expect("placed");
        assert_eq!(only.removed(), "");
    }

    #[test]
    fn lines_of_the_file_map_to_lines_of_the_item() {
        let item = ListItem::at_line(FILE, 2).expect("placed");
        assert_eq!(item.mapping_line(2), Some(0));
        assert_eq!(item.mapping_line(6), Some(4));
        assert_eq!(item.mapping_line(1), None);
        assert_eq!(item.mapping_line(10), None);
    }

    #[test]
    fn items_it_cannot_place_exactly_are_refused() {
        for (text, line) in [
            ("- {id: one, name: One}\n", 1),
            ("-\n  id: one\n", 1),
            ("- id: one\n name: One\n", 1),
            ("- id: one\n", 2),
            ("id: one\n", 1),
            ("- id: one\n", 0),
        ] {
            assert!(ListItem::at_line(text, line).is_none(), "{text:?}");
        }
    }
}
