//! Renders chosen subtrees of a page as Markdown and plain text at once, and
//! collects the links and media they contain.
//!
//! Both outputs come from one walk so they always hold the same content: the
//! text is the Markdown without its markup.

use std::borrow::Cow;

use ego_tree::{NodeId, NodeRef};
use riptide_core::{Link, Media, MediaKind, markup};
use scraper::{Html, Node};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use url::Url;

use crate::article::NodeSet;
use crate::dom::ElementAttributes;
use crate::dom::{self, tag};

/// Beyond this depth below a root, content is flattened to plain text with an
/// iterative walk, so hostile nesting cannot exhaust the (wasm) stack.
const MAX_RENDER_DEPTH: usize = 160;

/// The rendered content of a page.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Rendered {
    pub markdown: String,
    pub text: String,
    pub links: Vec<Link>,
    pub media: Vec<Media>,
}

/// Renders `roots` (in order) as one document, leaving out the `removed` elements.
///
/// With `drop_trailing_headings` (article mode), headings left at the very end
/// go: they introduced a section that pruning removed ("Related stories").
pub(crate) fn render(
    html: &Html,
    roots: &[NodeId],
    removed: &NodeSet,
    base: Option<&Url>,
    drop_trailing_headings: bool,
) -> Rendered {
    let mut renderer = Renderer {
        base,
        removed,
        links: Vec::new(),
        media: Vec::new(),
    };
    let mut out = Blocks::default();
    for &root in roots {
        if let Some(node) = html.tree.get(root) {
            renderer.node(node, &mut out, 0);
        }
    }
    if drop_trailing_headings {
        out.trim_trailing_headings();
    }
    let (markdown, text) = out.finish();
    Rendered {
        markdown,
        text,
        links: renderer.links,
        media: renderer.media,
    }
}

/// A sequence of finished blocks plus the paragraph being filled.
#[derive(Default)]
struct Blocks {
    blocks: Vec<(String, String)>,
    md: String,
    text: String,
    /// Bumped each time the open paragraph is flushed, so inline wrappers can
    /// tell that a block element interrupted them.
    flushes: usize,
}

impl Blocks {
    /// Appends a text node's content: whitespace collapsed, Markdown escaped.
    fn push_text(&mut self, raw: &str) {
        let words = raw.trim();
        if words.is_empty() {
            if !raw.is_empty() {
                self.push_space();
            }
            return;
        }
        if raw.starts_with(char::is_whitespace) {
            self.push_space();
        }
        if words.is_ascii() {
            self.push_ascii_words(words);
        } else {
            self.push_words(words);
        }
        if raw.ends_with(char::is_whitespace) {
            self.push_space();
        }
    }

    /// Appends `words` (trimmed, not empty) a word at a time, each as
    /// [`output_word`] gives it.
    fn push_words(&mut self, words: &str) {
        for (index, word) in words.split_whitespace().enumerate() {
            if index > 0 {
                self.push_space();
            }
            let word = output_word(word);
            escape_markdown(&word, self.md.is_empty(), &mut self.md);
            self.text.push_str(&word);
        }
    }

    /// [`Blocks::push_words`] for ASCII `words` (most of most pages), which
    /// `output_word` leaves as they are: the text is copied in runs between
    /// the bytes that need work (whitespace other than a lone space, Markdown's
    /// special characters) instead of a word at a time. On 200 crawl-benchmark
    /// pages `push_text` took 10 M instructions instead of 45 M. It finds the
    /// whitespace runs itself, in the same pass as the special characters:
    /// escaping the runs of `whitespace::collapsed_runs` took 16 M.
    fn push_ascii_words(&mut self, words: &str) {
        let first_word = words.split(char::is_whitespace).next().unwrap_or(words);
        if self.md.is_empty() && starts_block(first_word) {
            self.md.push('\\');
        }
        let bytes = words.as_bytes();
        let (mut run_start, mut at) = (0, 0);
        while let Some(&byte) = bytes.get(at) {
            match ASCII_CLASS[usize::from(byte)] {
                AsciiClass::Plain => at += 1,
                AsciiClass::Special => {
                    self.push_run(&words[run_start..at]);
                    self.md.push('\\');
                    run_start = at;
                    at += 1;
                }
                AsciiClass::Whitespace => {
                    let run_end = at
                        + 1
                        + bytes[at + 1..]
                            .iter()
                            .take_while(|&&b| ASCII_CLASS[usize::from(b)] == AsciiClass::Whitespace)
                            .count();
                    // Between two words `push_space` always adds one space:
                    // the text ends with a word.
                    if byte != b' ' || run_end > at + 1 {
                        self.push_run(&words[run_start..at]);
                        self.push_run(" ");
                        run_start = run_end;
                    }
                    at = run_end;
                }
            }
        }
        self.push_run(&words[run_start..]);
    }

    /// Appends text that is the same in the Markdown and the text.
    fn push_run(&mut self, run: &str) {
        self.md.push_str(run);
        self.text.push_str(run);
    }

    fn push_space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
            self.text.push(' ');
            self.md.push(' ');
        }
    }

    /// Appends markup that exists only in the Markdown.
    fn push_md(&mut self, markup: &str) {
        self.md.push_str(markup);
    }

    fn line_break(&mut self) {
        if !self.text.is_empty() {
            trim_end_in_place(&mut self.md);
            trim_end_in_place(&mut self.text);
            self.md.push_str("  \n");
            self.text.push('\n');
        }
    }

    /// Ends the open paragraph.
    fn flush(&mut self) {
        self.flushes += 1;
        let (md, text) = (self.md.trim(), self.text.trim());
        if !text.is_empty() || !md.is_empty() {
            self.blocks.push((md.to_owned(), text.to_owned()));
        }
        // The buffers are kept, grown, for the next paragraph.
        self.md.clear();
        self.text.clear();
    }

    /// Adds a finished block.
    fn push_block(&mut self, md: String, text: String) {
        self.flush();
        if !md.trim().is_empty() || !text.trim().is_empty() {
            self.blocks.push((md, text));
        }
    }

    /// Joins the blocks: Markdown and text, paragraphs separated by a blank line.
    fn finish(mut self) -> (String, String) {
        self.flush();
        join_blocks(self.blocks, "\n\n")
    }

    /// Drops headings left at the end.
    fn trim_trailing_headings(&mut self) {
        self.flush();
        while self
            .blocks
            .last()
            .is_some_and(|(md, _)| md.starts_with('#') && !md.contains('\n'))
        {
            self.blocks.pop();
        }
    }
}

fn join_blocks(blocks: Vec<(String, String)>, separator: &str) -> (String, String) {
    let mut md = String::new();
    let mut text = String::new();
    for (block_md, block_text) in blocks {
        if !block_md.is_empty() {
            if !md.is_empty() {
                md.push_str(separator);
            }
            md.push_str(&block_md);
        }
        if !block_text.is_empty() {
            if !text.is_empty() {
                text.push_str(separator);
            }
            text.push_str(&block_text);
        }
    }
    (md, text)
}

fn trim_end_in_place(s: &mut String) {
    let len = s.trim_end_matches([' ', '\t']).len();
    s.truncate(len);
}

/// A word as the output gives it. Soft hyphens, zero-width spaces and byte
/// order marks go: invisible when rendered, they only break words apart for
/// search and matching (zero-width joiners and non-joiners stay: they shape
/// Indic and Arabic-script words). The rest is composed to Unicode NFC, the
/// form the Web recommends, so that one word always has the same code points
/// whichever way the page encoded it.
fn output_word(word: &str) -> Cow<'_, str> {
    const INVISIBLE: [char; 3] = ['\u{ad}', '\u{200b}', '\u{feff}'];
    let word = if word.contains(INVISIBLE) {
        Cow::Owned(word.replace(INVISIBLE, ""))
    } else {
        Cow::Borrowed(word)
    };
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        word
    } else {
        Cow::Owned(word.nfc().collect())
    }
}

/// Whether `word`, first on a line, would start a Markdown block (a
/// heading, quote, list item or setext underline) unless escaped.
fn starts_block(word: &str) -> bool {
    word.starts_with(['#', '>', '+', '-', '='])
        || word
            .trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_digit())
            && word.ends_with(['.', ')'])
            && word.len() > 1
}

/// What rendering text does with a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    /// Copied as it is (also every byte of a multi-byte character).
    Plain,
    /// Escaped in the Markdown: it would otherwise be Markdown syntax.
    Special,
    /// Whitespace, as `char::is_whitespace` has it: space and `\t` to `\r`.
    Whitespace,
}

/// The class of every byte, looked up instead of compared.
static ASCII_CLASS: [AsciiClass; 256] = {
    let mut classes = [AsciiClass::Plain; 256];
    let special = b"\\*_`[]<|";
    let mut i = 0;
    while i < special.len() {
        classes[special[i] as usize] = AsciiClass::Special;
        i += 1;
    }
    let mut byte = b'\t';
    while byte <= b'\r' {
        classes[byte as usize] = AsciiClass::Whitespace;
        byte += 1;
    }
    classes[b' ' as usize] = AsciiClass::Whitespace;
    classes
};

/// Escapes the characters that would turn plain text into Markdown syntax.
fn escape_markdown(word: &str, at_line_start: bool, out: &mut String) {
    if at_line_start && starts_block(word) {
        out.push('\\');
    }
    // The special characters are ASCII, so a byte scan finds them in any
    // UTF-8 text, and the runs between them are copied whole.
    let mut run_start = 0;
    for (at, byte) in word.bytes().enumerate() {
        if ASCII_CLASS[usize::from(byte)] == AsciiClass::Special {
            out.push_str(&word[run_start..at]);
            out.push('\\');
            run_start = at;
        }
    }
    out.push_str(&word[run_start..]);
}

struct Renderer<'b> {
    base: Option<&'b Url>,
    removed: &'b NodeSet,
    links: Vec<Link>,
    media: Vec<Media>,
}

impl Renderer<'_> {
    fn node(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks, depth: usize) {
        match node.value() {
            Node::Text(text) => out.push_text(text),
            Node::Element(element) => {
                if self.removed.contains(&node.id())
                    || dom::is_non_content(element.name())
                    || dom::is_hidden(element)
                {
                    return;
                }
                if depth > MAX_RENDER_DEPTH {
                    let mut flat = String::new();
                    dom::append_text(node, &mut flat);
                    out.push_text(&flat);
                    return;
                }
                self.element(node, element, out, depth);
            }
            Node::Document | Node::Fragment => self.children(node, out, depth),
            _ => {}
        }
    }

    fn children(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks, depth: usize) {
        for child in node.children() {
            self.node(child, out, depth + 1);
        }
    }

    fn element(
        &mut self,
        node: NodeRef<'_, Node>,
        element: &scraper::node::Element,
        out: &mut Blocks,
        depth: usize,
    ) {
        match element.name() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !holds_blocks(node) => {
                let level = usize::from(element.name().as_bytes()[1] - b'0');
                out.flush();
                out.push_md(&"#".repeat(level));
                out.push_md(" ");
                self.inline_children(node, out, depth);
                out.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "section" | "article"
            | "main" | "header" | "footer" | "aside" | "nav" | "figure" | "figcaption"
            | "address" | "details" | "summary" | "center" | "form" | "fieldset" | "dl" | "dd"
            | "dt" | "caption" | "body" | "html" => {
                out.flush();
                self.children(node, out, depth);
                out.flush();
            }
            "br" => out.line_break(),
            "hr" => out.push_block("---".to_owned(), String::new()),
            "ul" | "ol" => self.list(node, element.name() == "ol", out, depth),
            "li" => {
                // A list item outside a list: render it as a paragraph.
                out.flush();
                self.children(node, out, depth);
                out.flush();
            }
            "blockquote" => {
                let (md, text) = self.nested(node, depth);
                out.push_block(prefix_lines(&md, "> ", "> "), text);
            }
            "pre" => self.code_block(node, out),
            "table" => self.table(node, out, depth),
            "a" => self.link(node, element, out, depth),
            "img" => self.image(element, out),
            "video" | "audio" => self.av(node, element),
            "em" | "i" | "cite" | "dfn" => self.wrap_inline(node, out, depth, "*"),
            "strong" | "b" => self.wrap_inline(node, out, depth, "**"),
            "del" | "s" | "strike" => self.wrap_inline(node, out, depth, "~~"),
            "code" if node.ancestors().any(|a| tag(a) == Some("pre")) => {
                // A custom-mode root inside a `<pre>`: still a code block.
                self.code_block(node, out);
            }
            "code" | "kbd" | "samp" | "tt" => self.inline_code(node, out),
            _ => self.children(node, out, depth),
        }
    }

    /// Renders children inline (a heading's content): a nested block only ends the line.
    fn inline_children(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks, depth: usize) {
        let mut inner = Blocks::default();
        self.children(node, &mut inner, depth);
        let (md, text) = inner.finish();
        out.push_md(&md.replace("\n\n", " "));
        out.text.push_str(&text.replace("\n\n", " "));
    }

    /// Renders `node`'s children as a separate block sequence.
    fn nested(&mut self, node: NodeRef<'_, Node>, depth: usize) -> (String, String) {
        let mut inner = Blocks::default();
        self.children(node, &mut inner, depth);
        inner.finish()
    }

    fn wrap_inline(
        &mut self,
        node: NodeRef<'_, Node>,
        out: &mut Blocks,
        depth: usize,
        marker: &str,
    ) {
        let (md_start, text_start, flushes) = (out.md.len(), out.text.len(), out.flushes);
        self.children(node, out, depth);
        if out.flushes != flushes || out.text.len() == text_start {
            return;
        }
        let inner = out.md.split_off(md_start);
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            out.md.push_str(&inner);
            return;
        }
        if inner.starts_with(' ') {
            out.md.push(' ');
        }
        out.md.push_str(marker);
        out.md.push_str(trimmed);
        out.md.push_str(marker);
        if inner.ends_with(' ') {
            out.md.push(' ');
        }
    }

    fn inline_code(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks) {
        let mut raw = String::new();
        dom::append_text(node, &mut raw);
        let code = dom::squash_whitespace(&raw);
        if code.is_empty() {
            return;
        }
        if raw.starts_with(char::is_whitespace) {
            out.push_space();
        }
        let fence = if code.contains('`') { "``" } else { "`" };
        out.md.push_str(fence);
        out.md.push_str(&code);
        out.md.push_str(fence);
        out.text.push_str(&code);
        if raw.ends_with(char::is_whitespace) {
            out.push_space();
        }
    }

    fn code_block(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks) {
        let mut code = String::new();
        dom::append_text(node, &mut code);
        let code = code.trim_matches('\n').trim_end();
        if code.is_empty() {
            return;
        }
        let language = code_language(node).unwrap_or_default();
        let fence = if code.contains("```") { "````" } else { "```" };
        out.push_block(
            format!("{fence}{language}\n{code}\n{fence}"),
            code.to_owned(),
        );
    }

    fn list(&mut self, node: NodeRef<'_, Node>, ordered: bool, out: &mut Blocks, depth: usize) {
        let mut items_md = Vec::new();
        let mut items_text = Vec::new();
        let mut number = 0;
        for child in node.children() {
            let is_item = tag(child) == Some("li");
            let (md, text) = if is_item {
                self.nested(child, depth + 1)
            } else {
                let mut inner = Blocks::default();
                self.node(child, &mut inner, depth + 1);
                inner.finish()
            };
            if text.is_empty() && md.is_empty() {
                continue;
            }
            number += 1;
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "- ".to_owned()
            };
            let indent = " ".repeat(marker.len());
            items_md.push(prefix_lines(&md, &marker, &indent));
            items_text.push(text);
        }
        if !items_md.is_empty() {
            out.push_block(items_md.join("\n"), items_text.join("\n"));
        }
    }

    fn table(&mut self, node: NodeRef<'_, Node>, out: &mut Blocks, depth: usize) {
        if let Some(caption) = node.children().find(|c| tag(*c) == Some("caption")) {
            let (md, text) = self.nested(caption, depth + 1);
            out.push_block(md, text);
        }
        let rows: Vec<Vec<(String, String)>> = node
            .descendants()
            .filter(|d| tag(*d) == Some("tr") && nearest_table(*d) == Some(node.id()))
            .map(|row| {
                row.children()
                    .filter(|c| matches!(tag(*c), Some("td" | "th")))
                    .map(|cell| self.nested(cell, depth + 2))
                    .collect()
            })
            .filter(|cells: &Vec<(String, String)>| cells.iter().any(|(_, t)| !t.is_empty()))
            .collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if rows.is_empty() {
            return;
        }
        if width == 1 || rows.len() == 1 && width <= 2 {
            // A layout table: its cells are ordinary blocks.
            for (md, text) in rows.into_iter().flatten() {
                out.push_block(md, text);
            }
            return;
        }
        let mut md = String::new();
        let mut text = String::new();
        for (index, row) in rows.iter().enumerate() {
            md.push('|');
            for column in 0..width {
                let cell = row.get(column).map_or("", |(m, _)| m.as_str());
                md.push(' ');
                md.push_str(&cell.replace('\n', " "));
                md.push_str(" |");
            }
            md.push('\n');
            if index == 0 {
                md.push('|');
                md.push_str(&" --- |".repeat(width));
                md.push('\n');
            }
            let cells: Vec<String> = row
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(_, t)| t.replace("\n\n", "\n"))
                .collect();
            text.push_str(&cells.join(" | "));
            text.push('\n');
        }
        out.push_block(md.trim_end().to_owned(), text.trim_end().to_owned());
    }

    fn link(
        &mut self,
        node: NodeRef<'_, Node>,
        element: &scraper::node::Element,
        out: &mut Blocks,
        depth: usize,
    ) {
        if is_permalink_marker(node, element) {
            return;
        }
        let target = element
            .attribute("href")
            .and_then(|href| dom::resolve(self.base, href));
        let (md_start, text_start, flushes) = (out.md.len(), out.text.len(), out.flushes);
        self.children(node, out, depth);
        let Some(target) = target else { return };
        if out.flushes != flushes {
            return;
        }
        let anchor_text = out.text[text_start..].trim().to_owned();
        self.links.push(Link {
            url: target.clone(),
            text: anchor_text,
        });
        let inner = out.md.split_off(md_start);
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            out.md.push_str(&inner);
            return;
        }
        if inner.starts_with(' ') {
            out.md.push(' ');
        }
        out.md.push('[');
        out.md.push_str(trimmed);
        out.md.push_str("](");
        out.md
            .push_str(&target.replace(' ', "%20").replace(')', "%29"));
        out.md.push(')');
        if inner.ends_with(' ') {
            out.md.push(' ');
        }
    }

    fn image(&mut self, element: &scraper::node::Element, out: &mut Blocks) {
        let Some(src) = image_source(element).and_then(|src| dom::resolve(self.base, src)) else {
            return;
        };
        let alt = element
            .attribute("alt")
            .map(dom::squash_whitespace)
            .filter(|a| !a.is_empty());
        out.md.push_str("![");
        out.md
            .push_str(&alt.as_deref().unwrap_or_default().replace(['[', ']'], ""));
        out.md.push_str("](");
        out.md
            .push_str(&src.replace(' ', "%20").replace(')', "%29"));
        out.md.push(')');
        self.media.push(Media {
            kind: MediaKind::Image,
            url: src,
            alt,
        });
    }

    fn av(&mut self, node: NodeRef<'_, Node>, element: &scraper::node::Element) {
        let kind = if element.name() == "video" {
            MediaKind::Video
        } else {
            MediaKind::Audio
        };
        let src = element.attribute("src").or_else(|| {
            node.children()
                .filter_map(|c| c.value().as_element())
                .find(|c| c.name() == "source")
                .and_then(|source| source.attribute("src"))
        });
        if let Some(url) = src.and_then(|src| dom::resolve(self.base, src)) {
            let alt = element.attribute("title").map(dom::squash_whitespace);
            self.media.push(Media { kind, url, alt });
        }
    }
}

/// An in-page anchor shown as a bare symbol (`¶`, `#`, `§`, `🔗`): the
/// permalink marker documentation generators append to every heading.
fn is_permalink_marker(node: NodeRef<'_, Node>, element: &scraper::node::Element) -> bool {
    if !element
        .attribute("href")
        .is_some_and(|href| href.starts_with('#'))
    {
        return false;
    }
    let mut text = String::new();
    dom::append_text(node, &mut text);
    let mut chars = text.trim().chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_alphanumeric())
}

/// True when a heading wraps whole blocks, as broken markup makes some do
/// (an unclosed `<h3>` swallowing the page): render it as a container.
fn holds_blocks(heading: NodeRef<'_, Node>) -> bool {
    heading.descendants().skip(1).any(|d| {
        matches!(
            tag(d),
            Some(
                "p" | "div"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "ul"
                    | "ol"
                    | "table"
                    | "blockquote"
                    | "pre"
                    | "section"
                    | "article"
            )
        )
    })
}

/// The table a row belongs to (rows of nested tables belong to those).
fn nearest_table(row: NodeRef<'_, Node>) -> Option<NodeId> {
    row.ancestors()
        .find(|a| tag(*a) == Some("table"))
        .map(|t| t.id())
}

/// The best source of an `<img>`: a lazy-loading attribute when `src` is a
/// placeholder, else `src`, else the first `srcset` candidate.
fn image_source(element: &scraper::node::Element) -> Option<&str> {
    let src = element
        .attribute("src")
        .filter(|s| !s.trim().is_empty() && !s.trim_start().starts_with("data:"));
    let lazy = markup::LAZY_IMAGE_SOURCES
        .iter()
        .find_map(|name| element.attribute(name))
        .filter(|s| !s.trim().is_empty());
    let srcset = element
        .attribute("srcset")
        .or_else(|| element.attribute(markup::LAZY_IMAGE_SRCSET))
        .and_then(|set| set.split(',').next())
        .and_then(|candidate| candidate.split_whitespace().next());
    lazy.or(src).or(srcset)
}

/// The language a code block declares through `class="language-x"` or `lang-x`
/// on the `<pre>` or its `<code>` child.
fn code_language(pre: NodeRef<'_, Node>) -> Option<String> {
    let code_child = pre.children().find(|c| tag(*c) == Some("code"));
    [Some(pre), code_child]
        .into_iter()
        .flatten()
        .find_map(|node| {
            let element = node.value().as_element()?;
            element.classes().find_map(|class| {
                class
                    .strip_prefix("language-")
                    .or_else(|| class.strip_prefix("lang-"))
                    .or_else(|| class.strip_prefix("highlight-source-"))
                    .filter(|lang| {
                        !lang.is_empty()
                            && lang
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+-#_".contains(c))
                    })
                    .map(str::to_owned)
            })
        })
}

/// Prefixes the first line of `block` with `first` and the others with `rest`.
fn prefix_lines(block: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(block.len() + 8);
    for (index, line) in block.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let prefix = if index == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn render_body(markup: &str) -> Rendered {
        let html = Html::parse_document(markup);
        render(
            &html,
            &dom::visible_roots(&html),
            &NodeSet::default(),
            Url::parse("https://example.org/a/").ok().as_ref(),
            false,
        )
    }

    #[test]
    fn words_come_out_composed_and_without_invisible_breaks() {
        // "Café" with a combining acute, a soft hyphen and a zero-width
        // space; a Persian word whose zero-width non-joiner is spelling.
        let out = render_body(
            "<p>Cafe\u{301} Stein\u{ad}zeit co\u{200b}de \u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}</p>",
        );
        assert_eq!(
            out.text,
            "Caf\u{e9} Steinzeit code \u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}"
        );
        assert_eq!(out.markdown, out.text);
    }

    #[test]
    fn paragraphs_and_inline_markup() {
        let out = render_body(
            "<p>Hello <em>big</em> <strong>world </strong>of <a href='/x'>links</a>.</p><p>Two</p>",
        );
        assert_eq!(
            out.markdown,
            "Hello *big* **world** of [links](https://example.org/x).\n\nTwo"
        );
        assert_eq!(out.text, "Hello big world of links.\n\nTwo");
        assert_eq!(
            out.links,
            vec![Link {
                url: "https://example.org/x".into(),
                text: "links".into()
            }]
        );
    }

    #[test]
    fn headings_lists_and_quotes() {
        let out = render_body(
            "<h2>Title</h2><ul><li>one</li><li>two<ol><li>a</li></ol></li></ul><blockquote><p>q1</p><p>q2</p></blockquote>",
        );
        assert_eq!(
            out.markdown,
            "## Title\n\n- one\n- two\n\n  1. a\n\n> q1\n>\n> q2"
        );
        assert_eq!(out.text, "Title\n\none\ntwo\n\na\n\nq1\n\nq2");
    }

    #[test]
    fn code_blocks_keep_language_and_whitespace() {
        let out = render_body(
            "<pre><code class='language-rust'>fn main() {\n    println!(\"hi\");\n}</code></pre><p>Use <code>cargo run</code>.</p>",
        );
        assert_eq!(
            out.markdown,
            "```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\nUse `cargo run`."
        );
    }

    #[test]
    fn tables_become_gfm() {
        let out = render_body(
            "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>",
        );
        assert_eq!(out.markdown, "| Name | Age |\n| --- | --- |\n| Ann | 31 |");
        assert_eq!(out.text, "Name | Age\nAnn | 31");
    }

    #[test]
    fn images_are_media_and_scripts_vanish() {
        let out = render_body(
            "<p>x<img src='data:,' data-src='i.png' alt='An image'><script>var a;</script><span hidden>no</span></p>",
        );
        assert_eq!(out.media.len(), 1);
        assert_eq!(out.media[0].url, "https://example.org/a/i.png");
        assert_eq!(out.text, "x");
        assert_eq!(out.markdown, "x![An image](https://example.org/a/i.png)");
    }

    #[test]
    fn markdown_special_characters_are_escaped() {
        let out = render_body("<p># not a heading *nor* [a link]</p>");
        assert_eq!(out.markdown, "\\# not a heading \\*nor\\* \\[a link\\]");
        assert_eq!(out.text, "# not a heading *nor* [a link]");
    }

    proptest! {
        /// The ASCII fast path writes what the word-at-a-time path writes,
        /// after any start: a fresh line, Markdown-only markup, or text.
        #[test]
        fn ascii_words_render_as_words_do(
            words in "[ \t\n\x0b\x0c\ra-c1.)#>+=*_`<|\\\\\\[\\]-]{0,40}",
            md_start in prop::sample::select(vec!["", "## ", "x"]),
        ) {
            let words = words.trim();
            prop_assume!(!words.is_empty());
            let start = || Blocks {
                md: md_start.to_owned(),
                text: if md_start == "x" { "x".to_owned() } else { String::new() },
                ..Blocks::default()
            };
            let (mut fast, mut by_words) = (start(), start());
            fast.push_ascii_words(words);
            by_words.push_words(words);
            prop_assert_eq!(fast.md, by_words.md);
            prop_assert_eq!(fast.text, by_words.text);
        }
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let markup = format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let out = render_body(&markup);
        assert_eq!(out.text, "deep text");
    }
}
