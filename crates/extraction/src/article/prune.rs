//! Cleaning inside the chosen content: blocks that are link lists, image
//! strips, forms, share bars, the byline and the repeated title go.
//!
//! This is Readability's `prepArticle`. It runs bottom-up so that a container
//! is judged on what is left in it after its own boilerplate children went.

use std::cell::OnceCell;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::clean::{self, Flags};
use super::patterns;
use super::recipe;
use super::stats::{NodeMap, NodeSet, StatsTable, TextStats, is_block_marker};
use crate::dom;
use crate::dom::ElementAttributes;
use crate::words::WordSet;

/// Share bars and other named furniture with less text than this are removed.
const SHARE_MAX_CHARS: u32 = 500;
/// Containers with this many commas are prose, never pruned.
const PROSE_COMMAS: u32 = 10;

/// What a subtree holds, after pruning inside it.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    text: TextStats,
    paragraphs: u32,
    images: u32,
    list_items: u32,
    inputs: u32,
    embeds: u32,
    heading_chars: u32,
    list_chars: u32,
}

impl Counts {
    fn add(&mut self, child: &Counts) {
        self.text.add(&child.text);
        self.paragraphs += child.paragraphs;
        self.images += child.images;
        self.list_items += child.list_items;
        self.inputs += child.inputs;
        self.embeds += child.embeds;
        self.heading_chars += child.heading_chars;
        self.list_chars += child.list_chars;
    }
}

/// Adds the boilerplate inside `roots` to `removed`.
pub(crate) fn prune(
    html: &Html,
    roots: &[NodeId],
    removed: &mut NodeSet,
    stats: &StatsTable,
    scores: &NodeMap<f32>,
    flags: Flags,
    title: Option<&str>,
) {
    remove_first(html, roots, removed, |node, element| {
        crate::metadata::marks_byline(element) && (1..100).contains(&stats.get(node.id()).chars)
    });
    if let Some(title) = title {
        remove_first(html, roots, removed, |node, element| {
            matches!(element.name(), "h1" | "h2") && {
                let mut text = String::new();
                dom::append_text(node, &mut text);
                text_similarity(title, &text) > 0.75
            }
        });
    }
    for &root in roots {
        if let Some(node) = html.tree.get(root) {
            prune_subtree(node, removed, scores, flags, stats.get(root).chars);
        }
    }
}

/// Removes the first element under `roots`, in document order, that `pick` chooses.
fn remove_first(
    html: &Html,
    roots: &[NodeId],
    removed: &mut NodeSet,
    pick: impl Fn(NodeRef<'_, Node>, &scraper::node::Element) -> bool,
) {
    for &root in roots {
        let Some(root) = html.tree.get(root) else {
            continue;
        };
        let found = root.descendants().find(|node| {
            node.value()
                .as_element()
                .is_some_and(|element| pick(*node, element))
                && !node.ancestors().any(|a| removed.contains(&a.id()))
                && !removed.contains(&node.id())
        });
        if let Some(node) = found {
            removed.insert(node.id());
            return;
        }
    }
}

/// Share of `b`'s words that also appear in `a` (Readability's `textSimilarity`).
fn text_similarity(a: &str, b: &str) -> f32 {
    let tokens = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (tokens(a), tokens(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let unique_b: Vec<&String> = b.iter().filter(|t| !a.contains(t)).collect();
    let joined_len = |ts: &[&String]| {
        ts.iter().map(|t| t.chars().count()).sum::<usize>() + ts.len().saturating_sub(1)
    };
    let all_b: Vec<&String> = b.iter().collect();
    1.0 - joined_len(&unique_b) as f32 / joined_len(&all_b) as f32
}

/// `content_chars` is the text of `root` before pruning.
///
/// Code, data tables and a recipe's ingredient box are left as they are.
/// Ingredient lists link each ingredient to a glossary or a shop, so
/// conditional cleaning took their tables for link lists; the box is spared
/// whole (itself too: with its link-heavy parts kept it would go as one).
/// That brought back 3 content snippets of the snippet set and let no
/// boilerplate in; the readability set did not move.
fn prune_subtree(
    root: NodeRef<'_, Node>,
    removed: &mut NodeSet,
    scores: &NodeMap<f32>,
    flags: Flags,
    content_chars: u32,
) {
    let mut stack: Vec<Counts> = vec![Counts::default()];
    let mut skipping: Option<NodeId> = None;
    let mut protected: Vec<NodeId> = Vec::new();
    let mut ingredients: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(element) => {
                        if removed.contains(&node.id()) {
                            skipping = Some(node.id());
                            continue;
                        }
                        if matches!(element.name(), "pre" | "code")
                            || element.name() == "table" && is_data_table(node)
                        {
                            protected.push(node.id());
                        }
                        if ingredients.is_none() && recipe::names_ingredients(node) {
                            ingredients = Some(node.id());
                        }
                        stack.push(Counts::default());
                    }
                    Node::Text(text) => {
                        if let Some(top) = stack.last_mut() {
                            top.text.add_text(text);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                let Some(element) = node.value().as_element() else {
                    continue;
                };
                if skipping.is_some() {
                    continue;
                }
                let Some(mut own) = stack.pop() else { continue };
                if protected.last() == Some(&node.id()) {
                    protected.pop();
                }
                let in_ingredients = ingredients.is_some();
                if ingredients == Some(node.id()) {
                    ingredients = None;
                }
                let name = element.name();
                tally_element(node, element, &mut own);
                let remove = protected.is_empty()
                    && !in_ingredients
                    && should_remove(node, element, &own, scores, flags, content_chars);
                if remove {
                    removed.insert(node.id());
                    continue;
                }
                if let Some(parent) = stack.last_mut() {
                    parent.add(&own);
                    parent.text.has_block |= is_block_marker(name);
                }
            }
        }
    }
}

/// Folds an element's own kind into its counts (after its children's).
fn tally_element(node: NodeRef<'_, Node>, element: &scraper::node::Element, own: &mut Counts) {
    match element.name() {
        "a" => own.text.close_link(element),
        "p" => own.paragraphs += 1,
        "div" if !own.text.has_block => own.paragraphs += 1,
        "div" if has_direct_text(node) => own.paragraphs += 1,
        "img" => own.images += 1,
        "li" => own.list_items += 1,
        "input" => own.inputs += 1,
        "object" | "embed" | "iframe" => own.embeds += 1,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => own.heading_chars = own.text.chars,
        "ul" | "ol" => own.list_chars = own.text.chars,
        _ => {}
    }
}

fn has_direct_text(node: NodeRef<'_, Node>) -> bool {
    node.children()
        .any(|c| matches!(c.value(), Node::Text(t) if !t.trim().is_empty()))
}

fn should_remove(
    node: NodeRef<'_, Node>,
    element: &scraper::node::Element,
    own: &Counts,
    scores: &NodeMap<f32>,
    flags: Flags,
    content_chars: u32,
) -> bool {
    let name = element.name();
    if matches!(name, "object" | "embed" | "link") {
        return true;
    }
    if matches!(name, "footer" | "aside") {
        return !clean::holds_article_body(node);
    }
    let (class, id) = patterns::class_and_id(element);
    const SHARE: WordSet = WordSet::new(&["share"]);
    if (SHARE.occurs_in(&class) || SHARE.occurs_in(&id)) && own.text.chars < SHARE_MAX_CHARS {
        return true;
    }
    if patterns::names_furniture(&class, &id) && own.text.chars < SHARE_MAX_CHARS {
        return true;
    }
    let weight = if flags.weight_classes {
        patterns::class_weight(&class, &id)
    } else {
        0.0
    };
    if matches!(name, "h1" | "h2") && weight < 0.0 {
        return true;
    }
    let text = LowercaseText::new(node);
    if is_link_line(&text, name, own)
        || is_credit(node, &class, &id, own)
        || is_credit_line(&text, name, own)
        || is_rights_notice(&text, name, own)
        || is_see_also(&text, name, own)
        || is_call_to_action(&text, name, own)
        || is_date_line(&text, name, own)
        || is_clock_line(&text, name, own)
        || is_appendix_label(&text, name, own)
        || is_ad_disclosure(&text, name, own)
        || is_back_link(node, &text, name, own)
        || is_sign_off(node, name, own)
        || matches!(name, "p" | "span" | "center" | "figcaption") && is_placeholder_text(&text, own)
    {
        return true;
    }
    if flags.clean_conditionally
        && matches!(name, "form" | "fieldset" | "table" | "ul" | "div")
        && !(name == "div" && earned_its_place(weight, scores.get(&node.id())))
    {
        let wrapper = holds_most_of(own, content_chars);
        return clean_conditionally(node, name, own, weight, &text, wrapper);
    }
    false
}

/// A div the scorer gave at least this much earned it from paragraphs of
/// its own: a div's prior is 5, and three paragraphs of a few sentences
/// each give it about 10 more.
const EARNED_SCORE: f32 = 15.0;

/// Whether a div's own paragraphs voted it a content candidate (`score`,
/// scaled by its link density) and its class does not speak against it.
///
/// Readability once let a block's content score save it from conditional
/// cleaning. A passage that cites many sources has a link density above
/// 0.2 and was removed as a link list, though its paragraphs outvote any
/// teaser block. Sparing such divs brought 2 content snippets of the snippet
/// set back; on one page the kept div changed which boilerplate blocks went
/// (1 boilerplate snippet fewer); the readability set did not move.
/// (A threshold of 12 measured one boilerplate snippet better, but 10
/// lowered a readability page: 15 keeps a margin.) Costs a hash lookup per
/// div that conditional cleaning would judge.
fn earned_its_place(weight: f32, score: Option<&f32>) -> bool {
    weight >= 0.0 && score.is_some_and(|&score| score >= EARNED_SCORE)
}

/// Lines longer than this are prose even when they hold links.
const LINK_LINE_MAX_CHARS: u32 = 300;

/// A short paragraph that is a link with at most a label: "Read more: <a>…</a>".
/// Prose paragraphs cite links inside sentences. (Headings made of links are
/// left alone: on reference pages they are more often section titles.) A
/// line that spells out a web or mail address is a source the author
/// cites, not a teaser: keeping those kept 4 content snippets of the
/// snippet set and let no boilerplate in.
fn is_link_line(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    name == "p"
        && own.text.chars < LINK_LINE_MAX_CHARS
        && own.text.link_density() > 0.5
        && (own.text.chars as f32 - own.text.link_chars) < 40.0
        && !spells_out_address(text.get())
}

/// The text holds a URL or a mail address written out.
fn spells_out_address(text: &str) -> bool {
    const MARKERS: WordSet = WordSet::new(&["://", "www.", "@"]);
    MARKERS.occurs_in(text)
}

/// Photo credits and copyright notes: a short block whose class or id says
/// credit or copyright, wherever it sits, or one that says source inside a
/// figure.
///
/// Credits sit in caption paragraphs, video summaries and story footers as
/// often as in figures (`span.credits`, `div.credits-credit`): taking short
/// credit blocks outside figures too removed 4 boilerplate snippets of the
/// snippet set and nothing else. "source" outside figures also named
/// datelines and image attributions the readability set's reference keeps
/// (2 more snippets, 3 readability pages lower): it stays figure-only.
fn is_credit(node: NodeRef<'_, Node>, class: &str, id: &str, own: &Counts) -> bool {
    const CREDIT: WordSet = WordSet::new(&[
        "credit",
        "copyright",
        "photographer",
        "fotograf",
        "bildnachweis",
    ]);
    const SOURCE: WordSet = WordSet::new(&["source"]);
    let names = |words: &WordSet| words.occurs_in(class) || words.occurs_in(id);
    let in_figure = || {
        node.ancestors()
            .any(|a| matches!(dom::tag(a), Some("figure" | "figcaption")))
    };
    if names(&CREDIT) {
        own.text.chars < CREDIT_LINE_MAX_CHARS || in_figure()
    } else {
        names(&SOURCE) && in_figure()
    }
}

/// Paragraphs longer than this are prose, whatever their first word.
const CREDIT_LINE_MAX_CHARS: u32 = 120;

/// A short line that only credits a picture or names a source: "Foto: …",
/// "Titelbild: …", "(Credit: …)", "Crédits photos : …", "Photograph by …".
/// Caption blocks put the credit in a div as often as in a paragraph; a div
/// that holds the picture itself stays, since the picture is content. (Divs
/// and the "Photograph by" form took 4 boilerplate snippets out of the
/// snippet set. Spans, smalls and figcaptions took 1 more but also credits
/// that the readability set's reference keeps: rejected.)
fn is_credit_line(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    let credit_block = name == "p" || name == "div" && own.images == 0;
    if !credit_block || own.text.chars >= CREDIT_LINE_MAX_CHARS {
        return false;
    }
    let text = text.get().trim_start().trim_start_matches('(');
    let label = match text.split_once(':') {
        Some((label, _)) => label.trim(),
        None => credit_by_label(text),
    };
    let label = label.trim_end_matches(" photos").trim_end_matches(" photo");
    CREDIT_LABELS.contains(&label)
}

/// The word before "by" or "via" at the start of `text` ("Photograph by
/// …", "Bild via …"), or nothing.
fn credit_by_label(text: &str) -> &str {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(label), Some("by" | "via")) => label,
        _ => "",
    }
}

/// Words that label a picture credit or a source.
const CREDIT_LABELS: &[&str] = &[
    "foto",
    "fotos",
    "bild",
    "bilder",
    "titelbild",
    "beitragsbild",
    "bildquelle",
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "imagen",
    "credit",
    "credits",
    "crédit",
    "crédits",
    "crédito",
    "créditos",
    "quelle",
    "source",
    "sources",
    "fuente",
    "źródło",
];

/// Paragraphs longer than this are prose even when they mention rights.
const RIGHTS_NOTICE_MAX_CHARS: u32 = 250;

/// A short copyright or rights notice: "© 2020 …", "All rights reserved.".
fn is_rights_notice(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    const PHRASES: WordSet = WordSet::new(&[
        "©",
        "all rights reserved",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "todos los derechos reservados",
        "tutti i diritti riservati",
        "wszelkie prawa zastrzeżone",
    ]);
    if !matches!(name, "p" | "div") || own.text.chars >= RIGHTS_NOTICE_MAX_CHARS {
        return false;
    }
    PHRASES.occurs_in(text.get())
}

/// Labels longer than this are sentences, not a "read also" label.
const SEE_ALSO_MAX_CHARS: u32 = 60;

/// A heading or short line that announces links to other articles: "Lesen
/// Sie auch", "You may also like", "À lire aussi"; or a line of links after
/// such a label: "PUEDES VER: <a>…</a>". Sites put these labels in any
/// element, not only headings: taking divs, spans and blockquotes too, and
/// the label-and-link lines, removed 12 boilerplate snippets of the snippet
/// set and no content.
fn is_see_also(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    if !matches!(
        name,
        "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "span" | "strong" | "b" | "blockquote"
    ) {
        return false;
    }
    if own.text.chars < SEE_ALSO_MAX_CHARS {
        return SEE_ALSO.occurs_in(text.get());
    }
    own.text.chars < LINK_LINE_MAX_CHARS
        && own.text.link_density() > 0.5
        && text
            .get()
            .split_once(':')
            .is_some_and(|(label, _)| is_see_also_label(label.trim()))
}

/// Phrases that announce links to other articles.
const SEE_ALSO: WordSet = WordSet::new(&[
    "read also",
    "read more",
    "see also",
    "you may also like",
    "you might also like",
    "related articles",
    "related posts",
    "related stories",
    "more on this topic",
    "auch interessant",
    "auch interessieren",
    "das könnte sie auch",
    "lesen sie auch",
    "lies auch",
    "schon gelesen",
    "siehe auch",
    "mehr zum thema",
    "mehr themen",
    "empfohlene beiträge",
    "empfohlene artikel",
    "weiterführende links",
    // Headings of recommendation and most-read boxes: 6 boilerplate
    // snippets of the snippet set, nothing else. ("Weiterführender Link"
    // took 1 and lost 1: left out.)
    "heute empfehlen wir",
    "empfehlungen aus dem",
    "entdecke weitere",
    "entdecken sie weitere",
    "artikel und videos zum thema",
    "meistgelesen",
    "meist gelesen",
    "meist-diskutiert",
    "most read",
    "most popular",
    "weiterlesen",
    "weitere artikel",
    "ähnliche beiträge",
    "ähnliche artikel",
    "lire aussi",
    "à lire également",
    "sur le même sujet",
    "leer más",
    "lee también",
    "puedes ver",
    "te puede interesar",
    "también te puede interesar",
    "temas relacionados",
    "noticias relacionadas",
    "leggi anche",
    "veja também",
    "leia também",
    "leia mais",
    "czytaj także",
    "czytaj też",
    "zobacz też",
    "zobacz także",
]);

/// A label before links to other articles: a see-also phrase, or a bare
/// "look" (Spanish "mira"), which only counts as a label before a link line.
fn is_see_also_label(label: &str) -> bool {
    label.chars().count() < SEE_ALSO_MAX_CHARS as usize
        && (label == "mira" || SEE_ALSO.occurs_in(label))
}

/// Lines longer than this are prose even when they ask the reader for
/// something. (A membership pitch runs to two sentences and a prompt: 250
/// rather than 200 took 2 more boilerplate snippets and nothing else.)
const CALL_TO_ACTION_MAX_CHARS: u32 = 250;

/// A short line that asks the reader to subscribe, sign up, log in or
/// install an app, or to rate, share or comment on the article: paywall,
/// newsletter and feedback prompts inside the article body, often headings.
/// (The rating, sharing and comment prompts, and headings, took 8
/// boilerplate snippets out of the snippet set and nothing else; the
/// membership, channel, sign-up and letters-to-the-editor prompts 5 more.)
fn is_call_to_action(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    const PHRASES: WordSet = WordSet::new(&[
        "please subscribe",
        "subscribe now",
        "subscribe to our",
        "already a subscriber",
        "subscribers also receive",
        "sign up for our",
        "by signing up",
        "signing up to our",
        "for ios and android",
        "if you enjoyed reading",
        "jetzt abonnieren",
        "abonnieren sie",
        "newsletter abonnieren",
        "pour lire la suite",
        "abonnez-vous",
        "suscríbete",
        "do subskrypcji",
        "hazte miembro",
        "werden sie mitglied",
        "sign up here",
        "canal de youtube",
        "canal de telegram",
        "letter to the editor",
        "leave a reply",
        "comments are closed",
        "what you think about this article",
        "bewerten sie diesen artikel",
        "war der artikel",
        "artikel gefallen",
        "artikel teilen",
        "kommentar verfassen",
        "kommentare geschlossen",
        "valora esta noticia",
    ]);
    if !matches!(name, "p" | "div" | "h2" | "h3" | "h4" | "label")
        || own.text.chars >= CALL_TO_ACTION_MAX_CHARS
    {
        return false;
    }
    PHRASES.occurs_in(text.get())
}

/// A heading or line that only labels the appendix of an article: "Kontakt:",
/// "Weitere Informationen:", "Quellenangaben:". Press releases end with
/// these blocks; the label alone is matched (the whole text, so "Weitere
/// Informationen rund um das Thema …" stays). Took 7 boilerplate snippets
/// out of the snippet set and nothing else. ("About the author" went too,
/// but the readability set's reference keeps author boxes: left out.) The
/// same holds for the labels of the page's furniture around the text: a
/// table of contents, a release date, a byline's "Von:" set apart from the
/// name (3 more, nothing else).
fn is_appendix_label(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    const LABELS: &[&str] = &[
        "kontakt",
        "pressekontakt",
        "ansprechpartner",
        "ansprechpartnerin",
        "ansprechpartner zum thema",
        "ansprechpartnerin zum thema",
        "weitere informationen",
        "zusatzinformationen",
        "quellenangaben",
        "contact",
        "press contact",
        "inhaltsverzeichnis",
        "table of contents",
        "release date",
        "von",
        "by",
    ];
    if !matches!(
        name,
        "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "strong" | "b"
    ) || own.text.chars >= SEE_ALSO_MAX_CHARS
    {
        return false;
    }
    let label = text.get().trim().trim_end_matches(':').trim_end();
    LABELS.contains(&label)
}

/// Lines longer than this are more than a date.
const DATE_LINE_MAX_CHARS: u32 = 40;

/// A line that only dates the article: "23.10.2018", "Stand: 05. Februar
/// 2020", "16 marca 2021": a four-digit year among at most five numbers, date
/// punctuation and at most two words (a month, a label). On the snippet set
/// this removed 8 boilerplate snippets for one event date lost, and on the
/// readability set it lifted one page a little. (`<time>` elements are left
/// alone: inside a link they are what makes a post's permalink line a link
/// line that goes as a whole.)
fn is_date_line(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    if !matches!(name, "p" | "div") || own.text.chars >= DATE_LINE_MAX_CHARS {
        return false;
    }
    let text = text.get();
    if !text
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || ".:/-,".contains(c))
    {
        return false;
    }
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    words <= 2 && numbers.len() <= 5 && numbers.iter().any(|n| n.len() == 4)
}

/// Lines longer than this are more than a time of day.
const CLOCK_LINE_MAX_CHARS: u32 = 12;

/// A line that only tells the time a post went up: "3:59 PM", "19:49",
/// "10:41 Uhr". Forums and comment threads head each post with it. Took 1
/// boilerplate snippet out of the snippet set and nothing else.
fn is_clock_line(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    if !matches!(name, "p" | "div" | "h2" | "h3" | "h4" | "h5" | "h6")
        || own.text.chars >= CLOCK_LINE_MAX_CHARS
    {
        return false;
    }
    let text = text.get().trim();
    let time = ["am", "pm", "uhr", "h"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .unwrap_or(text)
        .trim_end();
    time.split_once(':').is_some_and(|(hours, minutes)| {
        (1..=2).contains(&hours.len())
            && minutes.len() == 2
            && hours
                .bytes()
                .chain(minutes.bytes())
                .all(|b| b.is_ascii_digit())
    })
}

/// The text under an element, lowercased, for the phrase rules above: built
/// on first use (they only look at short blocks, so it is cheap) and shared,
/// since several rules may ask about the same element.
struct LowercaseText<'a> {
    node: NodeRef<'a, Node>,
    text: OnceCell<String>,
}

impl<'a> LowercaseText<'a> {
    fn new(node: NodeRef<'a, Node>) -> Self {
        Self {
            node,
            text: OnceCell::new(),
        }
    }

    fn get(&self) -> &str {
        self.text.get_or_init(|| {
            let mut text = String::new();
            dom::append_text(self.node, &mut text);
            text.to_lowercase()
        })
    }
}

/// Readability's `_cleanConditionally` for one container; a `wrapper` holds
/// most of the content ([`holds_most_of`]) and is not removed for its name.
fn clean_conditionally(
    node: NodeRef<'_, Node>,
    name: &str,
    own: &Counts,
    weight: f32,
    text: &LowercaseText<'_>,
    wrapper: bool,
) -> bool {
    if weight < 0.0 {
        return !wrapper;
    }
    if own.text.commas >= PROSE_COMMAS {
        return false;
    }
    let is_list = name == "ul"
        || name == "ol"
        || own.text.chars > 0 && own.list_chars as f32 / own.text.chars as f32 > 0.9;
    let in_figure = node.ancestors().any(|a| dom::tag(a) == Some("figure"));
    let paragraphs = own.paragraphs as f32;
    let images = own.images as f32;
    let list_items = own.list_items as f32 - 100.0;
    let heading_density = if own.text.chars == 0 {
        0.0
    } else {
        own.heading_chars as f32 / own.text.chars as f32
    };
    let link_density = own.text.link_density();
    let remove = (!in_figure && own.images > 1 && paragraphs / images < 0.5)
        || (!is_list && list_items > paragraphs)
        || (own.inputs as f32 > (paragraphs / 3.0).floor())
        || (!is_list
            && !in_figure
            && heading_density < 0.9
            && own.text.chars < 25
            && (own.images == 0 || own.images > 2)
            && link_density > 0.0)
        || (!is_list && weight < 25.0 && link_density > 0.2)
        || (weight >= 25.0 && link_density > 0.5)
        || (own.embeds == 1 && own.text.chars < 75 || own.embeds > 1)
        || is_placeholder_text(text, own);
    if remove && is_list {
        // An image gallery: every item holds one image.
        let items = node
            .descendants()
            .filter(|d| dom::tag(*d) == Some("li"))
            .count() as u32;
        if items > 0 && own.images == items {
            return false;
        }
    }
    remove
}

/// Whether a block holds most of the content's text (`content_chars`).
///
/// Such a block is a layout wrapper even when its class says boilerplate
/// (`scrollblock` matches `scroll`): Readability spares a negative block its
/// paragraphs voted for. Sparing these brought back 5 content snippets on 2
/// pages of the snippet set and let no boilerplate in.
fn holds_most_of(own: &Counts, content_chars: u32) -> bool {
    own.text.chars * 2 > content_chars
}

/// "Advertisement", "- Anzeige -" or "Loading…" alone in a block. Ad slots
/// label themselves in spans and paragraphs as often as in divs (these took
/// 3 boilerplate snippets out of the snippet set and nothing else), and in
/// the caption of a banner set as a figure (1 more, nothing else). The
/// label of an embed held back until the reader consents ("Externer
/// Inhalt") is one too (1 more, nothing else).
fn is_placeholder_text(text: &LowercaseText<'_>, own: &Counts) -> bool {
    if own.text.chars == 0 || own.text.chars > 20 {
        return false;
    }
    let text = text.get().trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        text,
        "ad" | "ads"
            | "advertising"
            | "advertisement"
            | "publicité"
            | "werbung"
            | "anzeige"
            | "reklama"
            | "anuncio"
            | "реклама"
            | "广告"
            | "loading"
            | "chargement"
            | "cargando"
            | "загрузка"
            | "正在加载"
            | "externer inhalt"
            | "external content"
            | "contenu externe"
            | "contenido externo"
    )
}

/// Sign-offs longer than this are a word of the text, not initials.
const SIGN_OFF_MAX_CHARS: u32 = 16;

/// A paragraph that is one short word of initials or an agency, closing a
/// news item: "ank/AFP", "dpa/lnw", "KNA". It is written with a slash
/// between author and agency, or in capitals. Took 4 boilerplate snippets
/// out of the snippet set and nothing else, and lifted one readability page
/// a little (0.903 -> 0.905).
fn is_sign_off(node: NodeRef<'_, Node>, name: &str, own: &Counts) -> bool {
    if name != "p" || own.text.chars >= SIGN_OFF_MAX_CHARS {
        return false;
    }
    let mut text = String::new();
    dom::append_text(node, &mut text);
    let word = text.trim();
    if word.contains(char::is_whitespace) {
        return false;
    }
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    let author_and_agency = word
        .split_once('/')
        .is_some_and(|(author, agency)| !author.is_empty() && !agency.is_empty())
        && word.chars().all(|c| c.is_alphabetic() || c == '/');
    let in_capitals = letters().count() >= 3 && letters().all(char::is_uppercase);
    author_and_agency || in_capitals
}

/// Links longer than this are titles, not a way back.
const BACK_LINK_MAX_CHARS: u32 = 40;

/// A link on its own that leads back up the site: "Zurück zur Übersicht",
/// "Back to top", "Retour à la liste". News and press pages end the article
/// with one. A link inside a sentence ("… <a>back to the 1930s</a> it
/// goes") has text beside it and stays. Took 2 boilerplate snippets out of
/// the snippet set and nothing else.
fn is_back_link(
    node: NodeRef<'_, Node>,
    text: &LowercaseText<'_>,
    name: &str,
    own: &Counts,
) -> bool {
    const OPENINGS: &[&str] = &[
        "zurück zu",
        "back to",
        "retour à",
        "retour aux",
        "volver a",
        "torna a",
        "powrót do",
        "terug naar",
    ];
    if name != "a" || own.text.chars >= BACK_LINK_MAX_CHARS {
        return false;
    }
    let text = text.get().trim_start();
    OPENINGS.iter().any(|opening| text.starts_with(opening)) && !has_text_beside(node)
}

/// How many siblings on each side of a link are looked at for text.
const SIBLINGS_CHECKED: usize = 16;

/// Whether a nearby sibling text node holds more than whitespace. Only the
/// closest siblings are read: reading them all made a block of 50,000
/// "back to top" links take 10 s instead of 0.1 s (each link read every
/// other), and the text of a sentence sits next to its link.
fn has_text_beside(node: NodeRef<'_, Node>) -> bool {
    node.prev_siblings()
        .take(SIBLINGS_CHECKED)
        .chain(node.next_siblings().take(SIBLINGS_CHECKED))
        .any(|s| matches!(s.value(), Node::Text(t) if !t.trim().is_empty()))
}

/// Lines longer than this are prose, whatever label they open with.
const AD_DISCLOSURE_MAX_CHARS: u32 = 120;

/// A short line that opens with an advertising label and a separator:
/// "Anzeige, enthält Affiliate Links", "*Werbung. Dieser Beitrag enthält
/// Werbung für …", "ANZEIGE - Unser Partner:". Blogs and news sites
/// declare sponsored content and ad slots this way, in any inline element.
/// The separator tells the label from prose that starts with the same word
/// ("Werbung nervt."). Took 3 boilerplate snippets out of the snippet set
/// and nothing else.
fn is_ad_disclosure(text: &LowercaseText<'_>, name: &str, own: &Counts) -> bool {
    const LABELS: &[&str] = &[
        "anzeige",
        "werbung",
        "advertisement",
        "sponsored",
        "gesponsert",
        "publicité",
        "publicidad",
        "pubblicità",
        "reklama",
    ];
    if !matches!(name, "p" | "div" | "span" | "b" | "strong" | "em" | "i")
        || own.text.chars >= AD_DISCLOSURE_MAX_CHARS
    {
        return false;
    }
    let text = text
        .get()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    LABELS.iter().any(|label| {
        text.strip_prefix(label).is_some_and(|rest| {
            rest.trim_start()
                .starts_with([',', '.', ':', '-', '–', '|'])
        })
    })
}

/// Readability's `_isDataTable`: tables that hold data, not layout.
fn is_data_table(table: NodeRef<'_, Node>) -> bool {
    let Some(element) = table.value().as_element() else {
        return false;
    };
    if element.attribute("role") == Some("presentation")
        || element.attribute("datatable") == Some("0")
    {
        return false;
    }
    if element.attribute("summary").is_some() {
        return true;
    }
    let own_rows: Vec<NodeRef<'_, Node>> = table
        .descendants()
        .filter(|d| {
            dom::tag(*d) == Some("tr")
                && d.ancestors()
                    .find(|a| dom::tag(*a) == Some("table"))
                    .map(|t| t.id())
                    == Some(table.id())
        })
        .collect();
    let inner_tags = || table.descendants().skip(1).filter_map(dom::tag);
    if inner_tags().any(|t| matches!(t, "caption" | "thead" | "tfoot" | "colgroup" | "col" | "th"))
    {
        return true;
    }
    if inner_tags().any(|t| t == "table") {
        return false;
    }
    let rows = own_rows.len();
    let columns = own_rows
        .iter()
        .map(|r| {
            r.children()
                .filter(|c| matches!(dom::tag(*c), Some("td" | "th")))
                .count()
        })
        .max()
        .unwrap_or(0);
    rows >= 10 || columns > 4 || rows * columns > 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_of_title_and_heading() {
        assert!(text_similarity("The big story - Site", "The big story") > 0.75);
        assert!(text_similarity("Another thing", "The big story") < 0.75);
    }
}
