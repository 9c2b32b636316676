//! What a logo may cost to draw, checked before it is drawn.
//!
//! A logo is drawn once per build at no more than 360×84 pixels, so its
//! cost comes from what it asks the drawing to do, not from its size on
//! screen. The limits ([`MAX_SIDE`], [`MAX_COST`], no filters) keep the
//! drawing of any logo of 1 MB or less to well under a second and a few
//! megabytes:
//!
//! - a PNG's declared width and height are read from its header before a
//!   pixel is decoded (a 74-byte PNG can declare 30000×30000, 3.6 GB);
//! - an SVG may not use filters (`<filter>`: blur, turbulence, lighting…).
//!   A logo needs none, and a few hundred bytes of filter can take minutes
//!   or gigabytes to draw (octaves, chained blurs, enlarged regions);
//! - an SVG may cost at most [`MAX_COST`] to draw, counting each shape
//!   (after `<use>` is expanded) as one and adding more for what is drawn
//!   on a layer of its own (transparency, masks, clips) or with a pattern.
//!
//! When usvg refuses an SVG, [`explain`] turns its reason into words and,
//! for a syntax error, the SVG's own line and column.

use resvg::usvg;

/// The largest width or height, in pixels, a PNG logo may declare.
pub const MAX_SIDE: u32 = 4096;

/// The most an SVG logo may cost to draw, in units of one plain shape
/// (see [`cost`]): a detailed crest traced from a scan has a few thousand
/// shapes, and the most costly logo within it draws in about half a second
/// (`benches/hostile.rs`).
pub const MAX_COST: usize = 20_000;

/// What one shape (group, path, image, text) costs.
const SHAPE_COST: usize = 1;

/// What a group drawn on its own layer adds: a canvas-sized image is
/// made, drawn on and blended back (about 0.2 ms each, against 0.01 ms a
/// plain shape).
const LAYER_COST: usize = 20;

/// What a pattern fill or stroke adds: its tile is drawn and repeated
/// (about 1.3 ms each).
const PATTERN_COST: usize = 50;

/// The deepest nesting usvg reads (its own limit, named in messages).
const MAX_DEPTH: usize = 1024;

/// Why a logo cannot be drawn: the reason, in words, and its line and
/// column in the logo file when the reason is at one place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, as the end of "… cannot be drawn on the social
    /// cards: {why}".
    pub why: String,
    /// The line and column (from 1) in the logo file, when known.
    pub at: Option<(usize, usize)>,
    /// How to fix it, when there is more to say than "replace it".
    pub fix: Option<&'static str>,
}

impl Refusal {
    /// A refusal with no place in the file.
    pub fn new(why: impl Into<String>) -> Refusal {
        Refusal {
            why: why.into(),
            at: None,
            fix: None,
        }
    }
}

/// Refuses a PNG whose header declares more than [`MAX_SIDE`] pixels a
/// side, before anything is decoded.
pub fn check_png(bytes: &[u8]) -> Result<(), Refusal> {
    let size = imagesize::blob_size(bytes)
        .map_err(|_| Refusal::new("it is not a readable PNG (its header is broken)"))?;
    if size.width > MAX_SIDE as usize || size.height > MAX_SIDE as usize {
        return Err(Refusal::new(format!(
            "it declares {}×{} pixels, and a logo may be at most {MAX_SIDE}×{MAX_SIDE}",
            size.width, size.height
        )));
    }
    Ok(())
}

/// Parses an SVG logo's XML (with a DTD's entities, as usvg does); a
/// syntax error is a refusal at its line and column.
pub fn parse(text: &str) -> Result<roxmltree::Document<'_>, Refusal> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| syntax_error(&e, text))
}

/// Refuses, before usvg reads them, the elements a logo may not have,
/// at the first one's line: `<filter>` (see the module's comment) and
/// `<text>`. The cards have one typeface, so a logo's words would be
/// drawn in the wrong one, and laying out text costs time growing with
/// the square of its length (100 KB of it took 16 s).
pub fn check_source(doc: &roxmltree::Document) -> Result<(), Refusal> {
    let expanded = expanded_elements(doc);
    if expanded > MAX_EXPANDED {
        return Err(Refusal {
            why: format!(
                "once its <use> elements are replaced by what they refer to, it has over \
                 {MAX_EXPANDED} elements, far more than a logo may draw"
            ),
            at: None,
            fix: Some("simplify the logo, or export it as a PNG"),
        });
    }
    let refused = doc
        .descendants()
        .find(|node| node.has_tag_name((SVG_NS, "filter")) || node.has_tag_name((SVG_NS, "text")));
    match refused {
        Some(node) if node.has_tag_name((SVG_NS, "filter")) => {
            Err(filter_refusal(Some(position(doc, node))))
        }
        Some(node) => Err(Refusal {
            why: "it has text (<text>), which logos on the cards may not: the cards have \
                  one typeface, so the words would be drawn in the wrong one"
                .into(),
            at: Some(position(doc, node)),
            fix: Some(
                "convert the text to outlines (paths) in your drawing program and export \
                 the logo again, or export it as a PNG",
            ),
        }),
        None => Ok(()),
    }
}

/// The most elements an SVG logo may have once its `<use>` elements are
/// expanded, counted before usvg expands them (usvg's own limit is a
/// million, which takes seconds to reach; 100,000 take about half a
/// second).
pub const MAX_EXPANDED: usize = 100_000;

/// How many elements `doc` has once every `<use>` is replaced by the
/// element it refers to, counting each element once per use and stopping
/// just past [`MAX_EXPANDED`]. Each element is visited once (its expanded
/// size is remembered); a `<use>` on a loop counts as nothing here (the
/// loop is refused by its own message).
fn expanded_elements(doc: &roxmltree::Document) -> usize {
    use std::collections::HashMap;
    let targets = Targets::of(doc);
    let target = |node| targets.of_use(node);
    let cap = MAX_EXPANDED + 1;
    // None while an element is being counted; its size once counted.
    let mut sizes: HashMap<roxmltree::NodeId, Option<usize>> = HashMap::new();
    let root = doc.root_element();
    let mut stack = vec![(root, false)];
    while let Some((node, children_done)) = stack.pop() {
        let inner = || {
            node.children()
                .filter(|n| n.is_element())
                .chain(target(node).filter(|_| node.has_tag_name("use")))
        };
        if children_done {
            let size = inner()
                .map(|child| sizes.get(&child.id()).copied().flatten().unwrap_or(0))
                .fold(1usize, |total, size| total.saturating_add(size).min(cap));
            sizes.insert(node.id(), Some(size));
            continue;
        }
        if sizes.contains_key(&node.id()) {
            continue;
        }
        sizes.insert(node.id(), None);
        stack.push((node, true));
        stack.extend(
            inner()
                .filter(|child| !sizes.contains_key(&child.id()))
                .map(|child| (child, false)),
        );
    }
    sizes.get(&root.id()).copied().flatten().unwrap_or(0)
}

/// The elements of a document by `id`, to find what a `<use>` refers to.
struct Targets<'a, 'input> {
    by_id: std::collections::HashMap<&'a str, roxmltree::Node<'a, 'input>>,
}

impl<'a, 'input> Targets<'a, 'input> {
    fn of(doc: &'a roxmltree::Document<'input>) -> Self {
        let by_id = doc
            .descendants()
            .filter_map(|node| node.attribute("id").map(|id| (id, node)))
            .collect();
        Targets { by_id }
    }

    /// The element `node`'s `href` (or `xlink:href`) names, when it is a
    /// reference into the document.
    fn of_use(&self, node: roxmltree::Node<'a, 'input>) -> Option<roxmltree::Node<'a, 'input>> {
        let href = node
            .attribute(("http://www.w3.org/1999/xlink", "href"))
            .or_else(|| node.attribute("href"))?;
        self.by_id.get(href.strip_prefix('#')?).copied()
    }
}

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Where a node starts, as line and column.
fn position(doc: &roxmltree::Document, node: roxmltree::Node) -> (usize, usize) {
    let pos = doc.text_pos_at(node.range().start);
    (pos.row as usize, pos.col as usize)
}

fn filter_refusal(at: Option<(usize, usize)>) -> Refusal {
    Refusal {
        why: "it uses an SVG filter, which logos on the cards may not: a logo needs none, \
              and filters such as blur or turbulence can take minutes to draw"
            .into(),
        at,
        fix: Some(
            "remove the filter (drawing programs call it an effect: a shadow, glow or blur) \
             and export the logo again, or export it as a PNG",
        ),
    }
}

/// Refuses an SVG tree that uses a filter (a CSS one such as
/// `filter="blur(9)"`: `<filter>` elements are refused by
/// [`check_source`]) or costs more than [`MAX_COST`] to draw.
pub fn check_svg(tree: &usvg::Tree) -> Result<(), Refusal> {
    if !tree.filters().is_empty() {
        return Err(filter_refusal(None));
    }
    let cost = cost(tree.root());
    if cost > MAX_COST {
        return Err(Refusal {
            why: format!(
                "it is more complex than a logo may be: counting each shape as {SHAPE_COST}, \
                 each see-through, masked or clipped group as {} more and each pattern as {} \
                 more, it costs over {MAX_COST}",
                LAYER_COST, PATTERN_COST
            ),
            at: None,
            fix: Some(
                "simplify the logo (fewer shapes, groups without transparency or masks), \
                 or export it as a PNG",
            ),
        });
    }
    Ok(())
}

/// What drawing a tree costs, in units of one plain shape: each group,
/// path, image or text is [`SHAPE_COST`]; a group drawn on a layer of its
/// own (see-through, masked, clipped, blended) adds [`LAYER_COST`]; a fill
/// or stroke with a pattern adds [`PATTERN_COST`]. What is inside a mask,
/// clip path or pattern is counted at every use, as it is drawn. The walk
/// stops as soon as the cost is over [`MAX_COST`], so it is bounded
/// whatever the tree.
fn cost(root: &usvg::Group) -> usize {
    let mut total = 0;
    let mut groups = vec![root];
    while let Some(group) = groups.pop() {
        for node in group.children() {
            total += SHAPE_COST;
            match node {
                usvg::Node::Group(child) => {
                    if child.should_isolate() {
                        total += LAYER_COST;
                    }
                    groups.push(child);
                }
                usvg::Node::Path(path) => {
                    let fill = path.fill().map(usvg::Fill::paint);
                    let stroke = path.stroke().map(usvg::Stroke::paint);
                    for paint in fill.into_iter().chain(stroke) {
                        if matches!(paint, usvg::Paint::Pattern(_)) {
                            total += PATTERN_COST;
                        }
                    }
                }
                _ => {}
            }
            push_subroots(node, &mut groups);
            if total > MAX_COST {
                return total;
            }
        }
    }
    total
}

/// Pushes the shapes a node draws besides its children: its clip path's
/// and mask's (and theirs), its patterns', and a text's glyphs. (Filters
/// are refused before this, and images inside a logo are not drawn.)
fn push_subroots<'a>(node: &'a usvg::Node, groups: &mut Vec<&'a usvg::Group>) {
    match node {
        usvg::Node::Group(group) => {
            if let Some(clip) = group.clip_path() {
                groups.push(clip.root());
                groups.extend(clip.clip_path().map(usvg::ClipPath::root));
            }
            if let Some(mask) = group.mask() {
                groups.push(mask.root());
                groups.extend(mask.mask().map(usvg::Mask::root));
            }
        }
        usvg::Node::Path(path) => {
            let fill = path.fill().map(usvg::Fill::paint);
            let stroke = path.stroke().map(usvg::Stroke::paint);
            for paint in fill.into_iter().chain(stroke) {
                if let usvg::Paint::Pattern(pattern) = paint {
                    groups.push(pattern.root());
                }
            }
        }
        usvg::Node::Text(text) => groups.push(text.flattened()),
        usvg::Node::Image(_) => {}
    }
}

/// An SVG usvg could not draw from, in words.
pub fn explain(error: &usvg::Error, doc: &roxmltree::Document) -> Refusal {
    match error {
        usvg::Error::ParsingFailed(roxmltree::Error::NodesLimitReached) => nodes_limit(doc),
        usvg::Error::ParsingFailed(xml) => syntax_error(xml, doc.input_text()),
        usvg::Error::ElementsLimitReached => {
            Refusal::new("it has more than a million elements, far more than a logo may draw")
        }
        usvg::Error::InvalidSize => Refusal::new(
            "the SVG has no size: give its <svg> element a width and height, or a viewBox",
        ),
        other => Refusal::new(format!("it is not a readable SVG ({other})")),
    }
}

/// An XML syntax error, at its line and column in `text`.
fn syntax_error(error: &roxmltree::Error, text: &str) -> Refusal {
    match error {
        roxmltree::Error::NoRootNode => {
            Refusal::new("it is not a readable SVG (it has no <svg> element)")
        }
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => Refusal {
            why: "it is not a readable SVG (it ends before its elements are closed)".into(),
            at: Some(end_of(text)),
            fix: None,
        },
        xml => {
            let pos = xml.pos();
            Refusal {
                why: format!("it is not a readable SVG ({})", describe_xml(xml)),
                at: Some((pos.row as usize, pos.col as usize)),
                fix: None,
            }
        }
    }
}

/// The line and column just past the last character of `text`.
fn end_of(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, last.chars().count() + 1)
}

/// roxmltree's message without the position it appends (the position is
/// given as the diagnostic's own line and column).
fn describe_xml(error: &roxmltree::Error) -> String {
    let message = error.to_string();
    let suffix = format!(" at {}", error.pos());
    message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string()
}

/// Why usvg stopped at its nesting or element limit: a loop of `<use>`
/// references when there is one (named, with where it starts), else too
/// deep or too many.
fn nodes_limit(doc: &roxmltree::Document) -> Refusal {
    match use_loop(doc) {
        Some((names, start)) => {
            let pos = doc.text_pos_at(start);
            Refusal {
                why: format!(
                    "its <use> elements refer to each other in a loop ({}), \
                     which would draw forever",
                    names.join(" → ")
                ),
                at: Some((pos.row as usize, pos.col as usize)),
                fix: Some("remove one of the <use> elements on the loop"),
            }
        }
        None => Refusal::new(too_many()),
    }
}

/// The message for an SVG too deep or too large once expanded.
fn too_many() -> String {
    format!(
        "it nests elements more than {MAX_DEPTH} deep, or its <use> elements repeat \
         each other into more than a million elements"
    )
}

/// The first loop of `<use>` references, as the ids on it (starting and
/// ending with the same one) and the byte offset of the `<use>` that
/// closes it. Each referenced element is searched once.
fn use_loop(doc: &roxmltree::Document) -> Option<(Vec<String>, usize)> {
    use std::collections::HashMap;
    let targets = Targets::of(doc);
    let target = |node| targets.of_use(node);
    // 1: on the path being searched; 2: searched, no loop through it.
    let mut state: HashMap<roxmltree::NodeId, u8> = HashMap::new();
    for start in doc.descendants().filter(|n| n.has_tag_name("use")) {
        let Some(first) = target(start) else { continue };
        if state.contains_key(&first.id()) {
            continue;
        }
        // Each frame: a referenced element and the `<use>`s inside it.
        let mut path = vec![(first, uses_inside(first))];
        state.insert(first.id(), 1);
        while let Some((element, uses)) = path.last_mut() {
            let element = *element;
            let Some(next_use) = uses.next() else {
                state.insert(element.id(), 2);
                path.pop();
                continue;
            };
            let Some(next) = target(next_use) else {
                continue;
            };
            match state.get(&next.id()) {
                Some(1) => {
                    let from = path.iter().position(|(e, _)| e.id() == next.id())?;
                    let mut names: Vec<String> = path[from..]
                        .iter()
                        .map(|(e, _)| format!("#{}", e.attribute("id").unwrap_or("")))
                        .collect();
                    names.push(names[0].clone());
                    return Some((names, next_use.range().start));
                }
                Some(_) => {}
                None => {
                    state.insert(next.id(), 1);
                    path.push((next, uses_inside(next)));
                }
            }
        }
    }
    None
}

/// The `<use>` elements at or under `node`.
fn uses_inside<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.descendants().filter(|n| n.has_tag_name("use"))
}
