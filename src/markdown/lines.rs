//! Byte offsets in a page body as 1-based lines and columns, for
//! diagnostics and for the lines of the prose the reading level names.

use std::cell::Cell;

/// Maps byte offsets to 1-based lines and columns (in characters).
pub(super) struct LineIndex {
    text_starts: Vec<usize>,
    text: String,
    /// The last position asked for (byte offset, column): the next one on
    /// the same line counts on from it, so a long line with many events
    /// stays linear instead of recounting from the line's start each time.
    last: Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(super) fn new(text: &str) -> Self {
        let mut text_starts = vec![0];
        text_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex {
            text_starts,
            text: text.to_string(),
            last: Cell::new((0, 1)),
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.text_starts.partition_point(|&start| start <= offset);
        let start = self.text_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let (from, column) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 1)
        };
        let column = self
            .text
            .get(from..offset)
            .map_or(1, |between| column + between.chars().count());
        self.last.set((offset, column));
        (line, column)
    }
}
