//! Article-mode rules shown on small inline pages: what joins the main
//! content from outside the container the scorer picks.

use riptide_core::{Document, ExtractMode};
use riptide_extraction::{ExtractOptions, extract_bytes};

use crate::common::Expect;

fn article(html: &str) -> Document {
    extract_bytes(
        html.as_bytes(),
        None,
        Some("https://example.org/story"),
        &ExtractMode::Article,
        &ExtractOptions::default(),
    )
    .expect("article extracts")
}

const BODY: &str = "<div class='body'><p>The harbour board met on Thursday to decide the fate of the old crane, which has stood on the north quay since 1932 and has not lifted a load in forty years.</p><p>Engineers told the board that the crane's foundations are sound, but its jib would need new steel before anyone could safely climb it again.</p><p>The board will ask the town for a restoration grant and decide in spring whether the crane stays.</p></div>";

#[test]
fn a_teaser_outside_the_body_leads_the_article() {
    let page = format!(
        "<html><body><nav><a href='/'>Home</a></nav><article><header><div><div><div><h1>The crane stays, for now</h1><p class='article-teaser'>The harbour board wants to restore the old crane on the north quay instead of scrapping it.</p></div></div></div></header>{BODY}</article><footer>Contact</footer></body></html>"
    );
    let doc = article(&page);
    Expect::new("teaser", &doc)
        .text_in_order(&[
            "The harbour board wants to restore",
            "The harbour board met on Thursday",
        ])
        .text_lacks_all(&["Home", "Contact"])
        .finish();
}

#[test]
fn a_teaser_in_a_header_named_block_leads_the_article() {
    // The strict attempt drops the `entry-header` block as page chrome; the
    // body is long enough that no looser attempt runs.
    let page = format!(
        "<html><body><nav><a href='/'>Home</a></nav><article><div class='entry-header'><h1>The crane stays, for now</h1><p class='entry-subtitle'>The harbour board wants to restore the old crane on the north quay instead of scrapping it.</p></div>{BODY}{BODY}</article><footer>Contact</footer></body></html>"
    );
    let doc = article(&page);
    Expect::new("teaser in header", &doc)
        .text_in_order(&[
            "The harbour board wants to restore",
            "The harbour board met on Thursday",
        ])
        .text_lacks_all(&["Home", "Contact"])
        .finish();
}

#[test]
fn leads_named_in_other_languages_lead_the_article() {
    for class in ["bajada", "article__perex", "epigraph"] {
        let page = format!(
            "<html><body><article><header><div><div><div><h1>The crane stays, for now</h1><p class='{class}'>The harbour board wants to restore the old crane on the north quay instead of scrapping it.</p></div></div></div></header>{BODY}</article></body></html>"
        );
        let doc = article(&page);
        Expect::new(class, &doc)
            .text_in_order(&[
                "The harbour board wants to restore",
                "The harbour board met on Thursday",
            ])
            .finish();
    }
}

#[test]
fn an_h2_right_after_the_h1_is_the_dek() {
    let page = format!(
        "<html><body><article><header><h1>The crane stays, for now</h1><h2>The harbour board wants to restore the old crane on the north quay instead of scrapping it.</h2></header>{BODY}<h2>Related</h2></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("dek", &doc)
        .text_in_order(&[
            "The harbour board wants to restore",
            "The harbour board met on Thursday",
        ])
        .finish();
}

#[test]
fn a_paragraph_right_after_the_h1_is_the_dek() {
    let dek = "<p>The harbour board wants to restore the old crane on the north quay instead of scrapping it.</p>";
    for after_h1 in [dek.to_string(), format!("<div>{dek}</div>")] {
        let page = format!(
            "<html><body><article><div class='top'><h1>The crane stays, for now</h1>{after_h1}</div>{BODY}</article></body></html>"
        );
        let doc = article(&page);
        Expect::new(&after_h1, &doc)
            .text_in_order(&[
                "The harbour board wants to restore",
                "The harbour board met on Thursday",
            ])
            .finish();
    }
}

#[test]
fn a_wrapper_named_like_boilerplate_that_holds_the_page_is_kept() {
    let disclosure = "Some of the offers on this site come from partners who pay us, and that may affect where and how they appear, including the order in which they appear. ".repeat(4);
    let page = format!(
        "<html><body><div class='site-header'><a href='/'>Home</a> <a href='/news'>News</a></div><div class='disclosure'><p>{disclosure}</p></div><div class='above-footer'><div class='post-content'><h1>The crane stays, for now</h1>{BODY}{BODY}</div><div class='related'><a href='/x'>Another story about cranes and quays</a></div></div><div class='footer'>Contact us</div></body></html>"
    );
    let doc = article(&page);
    Expect::new("wrapper", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays",
        ])
        .text_lacks_all(&["Home", "Another story", "Contact us", "partners who pay us"])
        .finish();
}

#[test]
fn an_aside_that_holds_the_declared_article_body_is_a_wrapper() {
    let body = BODY.replace("<div class='body'>", "<div itemprop='articleBody'>");
    // Without the article, the other story below would be the page's content.
    let other = "<div class='more'><p>In other news, the ferry to the islands will keep its summer timetable until the end of October, the operator said on Monday.</p><p>Passengers had asked for later evening crossings, and the operator said it would try them on Fridays and Saturdays during the autumn holidays.</p><p>Tickets bought for the cancelled winter crossings will be refunded in full, or exchanged for a crossing of the passenger's choice before the end of the year.</p></div>";
    let page = format!(
        "<html><body><nav><a href='/'>Home</a></nav><main><aside class='content'><h1>The crane stays, for now</h1><article>{body}</article></aside>{other}</main><footer>Contact</footer></body></html>"
    );
    let doc = article(&page);
    Expect::new("aside wrapper", &doc)
        .text_in_order(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays.",
        ])
        .text_lacks_all(&["Home", "Contact", "In other news"])
        .finish();
}

#[test]
fn the_parts_of_a_body_split_by_an_ad_are_joined() {
    // Page builders offer large type for a story's opening: a paragraph in
    // an `<h2>`.
    let opening = "<h2>The harbour board has voted to keep the old crane on the north quay, ending a dispute that split the town for most of the year.</h2>";
    // Long enough that no looser attempt runs.
    let paragraphs = BODY
        .trim_start_matches("<div class='body'>")
        .trim_end_matches("</div>");
    let rest = format!("<div class='story-text'>{paragraphs}{paragraphs}</div>");
    let page = format!(
        "<html><head><title>The crane stays, for now</title></head><body><main><h1>The crane stays, for now</h1><section><div class='row'><div class='story-text'>{opening}</div></div></section><section class='ad-slot'><p>Advertisement</p></section><section><div class='row'>{rest}</div></section><section><div class='row'><div class='story-text'><p>{}</p></div></div></section></main><article class='post'><div class='story-text'><p>The ferry to the islands keeps its summer timetable until the end of October, the operator said.</p></div></article></body></html>",
        "The board will meet again in spring, when the engineers report on the state of the jib and the cost of replacing its steel."
    );
    let doc = article(&page);
    Expect::new("split body", &doc)
        .text_in_order(&[
            "ending a dispute that split the town",
            "The harbour board met on Thursday",
            "when the engineers report",
        ])
        .text_lacks_all(&["Advertisement", "The ferry to the islands"])
        .finish();
}

#[test]
fn credit_lines_and_rights_notices_are_not_content() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{BODY}<p>Foto: Harbour Office / Ilse Marrow</p><div class='caption'>Photograph by Ilse Marrow</div><p><em>(Credit: Town Archive)</em></p><p>© 2024 Harbour Gazette. All rights reserved.</p><p>Source: the harbour board's minutes, which anyone can read at the library, say the vote was unanimous and the grant application goes out next week.</p></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("credits", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "say the vote was unanimous",
        ])
        .text_lacks_all(&["Foto:", "Photograph by", "Town Archive", "Harbour Gazette"])
        .finish();
}

/// A recipe (declared in JSON-LD or by microdata) keeps its ingredient box.
#[test]
fn a_recipe_keeps_its_ingredient_box() {
    let json_ld = "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": \"Recipe\", \"name\": \"Lemon cake\"}</script>";
    for (head, row) in [(json_ld, "<tr>"), ("", "<tr itemprop='recipeIngredient'>")] {
        let page = format!(
            "<html><head>{head}</head><body><nav><a href='/'>Home</a></nav><main><div class='recipe'><h1>Lemon cake</h1><div class='recipe-ingredients'><h2>Ingredients</h2><table>{row}<td>200 g</td><td>flour</td></tr>{row}<td>3</td><td>eggs</td></tr>{row}<td>1</td><td>lemon, zest and juice</td></tr></table></div><div class='steps'><h2>Method</h2><p>Heat the oven to 180 degrees, butter a loaf tin and line its bottom with baking paper, so the cake comes out in one piece.</p><p>Beat the eggs with the sugar until pale and thick, then fold in the flour, the zest and half of the juice with a spatula.</p><p>Bake for forty minutes, until a skewer comes out clean, and pour the rest of the juice over the warm cake.</p></div></div></main><footer>Contact</footer></body></html>"
        );
        let doc = article(&page);
        Expect::new("recipe", &doc)
            .text_in_order(&["flour", "lemon, zest and juice", "Heat the oven"])
            .text_lacks_all(&["Home", "Contact"])
            .finish();
    }
}

/// Ingredient lists link each ingredient to a glossary or a shop: the box
/// is not a link list.
#[test]
fn a_recipe_keeps_ingredients_that_link_elsewhere() {
    let json_ld = "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": \"Recipe\", \"name\": \"Lemon cake\"}</script>";
    let page = format!(
        "<html><head>{json_ld}</head><body><main><div class='recipe'><h1>Lemon cake</h1><div class='recipe-ingredients'><h2>Ingredients</h2><table><tr><td>200 g</td><td><a href='/glossary/flour'>flour</a></td></tr><tr><td>3</td><td><a href='/glossary/eggs'>eggs</a></td></tr><tr><td>1</td><td><a href='/glossary/lemon'>lemon, zest and juice</a></td></tr></table></div><div class='steps'><h2>Method</h2><p>Heat the oven to 180 degrees, butter a loaf tin and line its bottom with baking paper, so the cake comes out in one piece.</p><p>Beat the eggs with the sugar until pale and thick, then fold in the flour, the zest and half of the juice with a spatula.</p><p>Bake for forty minutes, until a skewer comes out clean, and pour the rest of the juice over the warm cake.</p><p>Leave the cake in its tin for ten minutes, then turn it out onto a rack and let it cool completely before you slice it.</p><p>Wrapped in paper, the cake keeps for three days in a cool place.</p></div></div></main></body></html>"
    );
    let doc = article(&page);
    Expect::new("linked ingredients", &doc)
        .text_in_order(&["flour", "lemon, zest and juice", "Heat the oven"])
        .finish();
}

#[test]
fn date_lines_are_not_content() {
    // Every line sits in the body: outside it, the lines of numbers would
    // not vote the article up (`prose_commas`), and the scorer alone would
    // leave them out.
    let body = BODY
        .replace(
            "</div>",
            "<p>Votes: 2, 3, 5, 2, 3, 12, 5</p><div>1932</div></div>",
        )
        .replacen(
            "<div class='body'>",
            "<div class='body'><p>23.10.2018</p><div>Stand: 05. Februar 2020</div>",
            1,
        );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("date lines", &doc)
        .text_has_all(&["The harbour board met on Thursday", "Votes: 2, 3", "1932"])
        .text_lacks_all(&["23.10.2018", "Februar 2020"])
        .finish();
}

#[test]
fn read_also_labels_and_reader_prompts_are_not_content() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{BODY}<h3>Lesen Sie auch</h3><p><strong>You may also like</strong></p><div>Schon gelesen?</div><blockquote><b>PUEDES VER: </b><a href='/quay'>Why the old crane on the north quay was built in 1932</a></blockquote><p>Quay: <a href='/quay'>the north quay</a> is where the crane has stood since 1932, next to the ferry slip.</p><p>To view the full story, please subscribe to the Gazette.</p><h2>Wie bewerten Sie diesen Artikel?</h2><h3>Leave a Reply</h3></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("see also", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "is where the crane has stood",
        ])
        .text_lacks_all(&[
            "Lesen Sie auch",
            "You may also like",
            "Schon gelesen",
            "PUEDES VER",
            "Why the old crane",
            "please subscribe",
            "bewerten Sie",
            "Leave a Reply",
        ])
        .finish();
}

#[test]
fn ad_labels_and_membership_prompts_are_not_content() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1><p><span>Advertisement:</span></p><center>- Anzeige -</center>{BODY}<p><strong>¡Mira lo que tiene nuestro canal de YouTube!</strong></p><p>Werden Sie Mitglied und erhalten Sie exklusive Angebote!</p><p><em>Submit your letter to the editor via this form.</em></p><p>We have reported on this harbour for a hundred years, and in times like these good local reporting matters more than ever to everyone who lives by the water and works on it.<br><strong>HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS</strong></p></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("ad labels", &doc)
        .text_has_all(&["The harbour board met on Thursday"])
        .text_lacks_all(&[
            "Advertisement",
            "Anzeige",
            "canal de YouTube",
            "Werden Sie Mitglied",
            "letter to the editor",
            "HAZTE MIEMBRO",
        ])
        .finish();
}

#[test]
fn a_link_line_that_spells_out_an_address_is_a_source() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{}<p>via <a href='https://harbour.example.org'>https://harbour.example.org</a></p><p><a href='mailto:board@harbour.example.org'>board@harbour.example.org</a></p><p>Read more: <a href='/ferry'>The ferry slip gets a new ramp</a></p></div></article></body></html>",
        BODY.trim_end_matches("</div>")
    );
    let doc = article(&page);
    Expect::new("address lines", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "https://harbour.example.org",
            "board@harbour.example.org",
        ])
        .text_lacks_all(&["The ferry slip gets a new ramp"])
        .finish();
}

#[test]
fn appendix_labels_are_not_content() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{BODY}<h2>Weitere Informationen:</h2><p><strong>Kontakt:</strong></p><h4>Quellenangaben</h4><p>Weitere Informationen rund um das Thema gibt der Hafenmeister, der die Akten des Krans seit 1932 verwahrt.</p></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("appendix labels", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "Weitere Informationen rund um das Thema",
        ])
        .text_lacks_all(&["Weitere Informationen:", "Kontakt", "Quellenangaben"])
        .finish();
}

#[test]
fn a_menu_named_main_is_not_the_article_body() {
    let links: String = [
        "News",
        "Specials",
        "Cloud storage",
        "Datacenter",
        "Data protection",
        "Digital transformation",
        "Storage hardware",
        "Software",
        "Knowledge",
        "Glossary",
        "Events",
    ]
    .iter()
    .map(|label| {
        format!("<div class='nav-container'><a href='/{label}'>{label} and more</a></div>")
    })
    .collect();
    let page = format!(
        "<html><body><div id='navcontainer'><div id='mainnav'>{links}</div></div><div id='detailcontent'><h1>The crane stays, for now</h1>{BODY}</div></body></html>"
    );
    let doc = article(&page);
    Expect::new("main menu", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays",
        ])
        .text_lacks_all(&["Datacenter and more"])
        .finish();
}

/// Without the wrapper, the notes below would be enough text to win the
/// first attempt.
#[test]
fn a_wrapper_with_a_boilerplate_class_that_holds_the_story_is_kept() {
    let paragraphs = BODY
        .trim_start_matches("<div class='body'>")
        .trim_end_matches("</div>");
    let notes = "The harbour office is open on weekdays from nine to five and answers questions about moorings and permits. ".repeat(5);
    let page = format!(
        "<html><body><div class='entry-content'><div class='scrollblock'><h1>The crane stays, for now</h1>{paragraphs}{paragraphs}</div><div class='notes'><p>{notes}</p></div><div class='widget'><p>Our partner shop sells crane models, kites and maps of the quay.</p></div></div></body></html>"
    );
    let doc = article(&page);
    Expect::new("negative wrapper", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays",
        ])
        .text_lacks_all(&["crane models"])
        .finish();
}

/// The first attempt strips the overlay and finds a short story; a looser
/// attempt would have found the overlay's longer text instead.
#[test]
fn a_short_story_is_not_traded_for_an_overlay_elsewhere() {
    let banner = "<p>This site works best in a current browser, since older versions show pages without their pictures, tables and maps, and forms may not send.</p>".repeat(5);
    let page = format!(
        "<html><body><div class='layer'><div class='popup-login'>{banner}</div></div><div class='piece'><h1>The crane stays, for now</h1>{BODY}</div></body></html>"
    );
    let doc = article(&page);
    Expect::new("overlay", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays",
        ])
        .text_lacks_all(&["current browser"])
        .finish();
}

/// The story, and a longer shipping notice that a style sheet hides: the
/// notice opens with `overlay_start` and must not be the content.
fn assert_overlay_is_not_content(label: &str, overlay_start: &str) {
    let terms = "<p>We ship by parcel, post, courier or van, free from sixty euros, and below that, for small, light, or bulky orders, we charge eight euros.</p>".repeat(4);
    let footer = "Harbour Gazette, published by the harbour town's newspaper company, reports on the port, the town hall, the courts and the clubs every weekday. ".repeat(2);
    let page = format!(
        "<html><body><div class='piece'><h1>The crane stays, for now</h1>{BODY}</div>{overlay_start}<h3>Shipping</h3>{terms}</div><footer>{footer}</footer></body></html>"
    );
    let doc = article(&page);
    Expect::new(label, &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "decide in spring whether the crane stays",
        ])
        .text_lacks_all(&["parcel service", "Close [X]"])
        .finish();
}

/// Only its close button tells the popup.
#[test]
fn a_block_with_a_close_button_is_an_overlay() {
    assert_overlay_is_not_content(
        "close button",
        "<div id='shipping'><div class='close'>Close [X]</div>",
    );
    // Bootstrap's dismiss attribute tells it too (the prefilter, which cuts
    // other `data-*` attributes, keeps it).
    assert_overlay_is_not_content(
        "dismiss button",
        "<div id='shipping' data-id='9'><button data-bs-dismiss='modal'>×</button>",
    );
}

#[test]
fn a_modal_is_an_overlay() {
    assert_overlay_is_not_content("modal", "<div class='c-modal'>");
}

#[test]
fn a_passage_that_cites_many_sources_is_not_a_link_list() {
    // Under ten commas and links enough to be a link list to conditional
    // cleaning, but its own paragraphs score it as content.
    let sources = "<div><p>The engineers' report, <a href='/a'>published in full by the harbour office last week</a>, compares the crane with two others of its age and finds it in better shape than either of them, mostly because its steel was painted every few years until the nineteen-eighties.</p><p>A survey, <a href='/b'>commissioned by the maritime heritage trust in 2019</a>, had reached the same view, though it warned that the cab and the rails would need work soon and that the ladders should be replaced before anyone is allowed to climb them again.</p><p>The grant rules, <a href='/c'>set out by the town council's culture committee</a>, allow half of the cost to come from the town if the harbour board raises the rest from donors, from the port's users and from the sale of the old winch house on the south quay.</p></div>";
    let page = format!(
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>The crane stays, for now</h1>{BODY}{sources}{BODY}</article><footer>Contact</footer></body></html>"
    );
    let doc = article(&page);
    Expect::new("cited sources", &doc)
        .text_in_order(&[
            "The harbour board met on Thursday",
            "compares the crane with two others",
            "allow half of the cost",
        ])
        .text_lacks_all(&["Home", "Contact"])
        .finish();
}

#[test]
fn a_table_of_keywords_full_of_commas_is_not_prose() {
    let story = "<p>The harbour board met on Thursday to decide the fate of the old crane on the north quay, which has stood there since 1932 and which many in town remember at work, lifting timber and coal from the ships that came in every week.</p>".repeat(4);
    let topics = "<tr><td>harbour, cranes, quays, ferries, timber, coal, shipping, grants, heritage, steel, winches, docks, tides, pilots, tugs, moorings, buoys, locks, and more</td></tr>".repeat(6);
    let page =
        format!("<html><body><div>{story}</div><div><table>{topics}</table></div></body></html>");
    let doc = article(&page);
    Expect::new("keyword table", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["ferries, timber"])
        .finish();
}

#[test]
fn table_cells_listing_one_name_per_line_are_not_prose() {
    let letter = "<p>We write to ask the harbour board to keep the old crane on the north quay, which has stood there since 1932 and which many of us remember at work, lifting timber and coal from the ships that came in every week.</p>".repeat(4);
    let names =
        "<strong>Anna Berg</strong>, harbour pilot<br><strong>Tom Holt</strong>, historian<br>"
            .repeat(20);
    let cell = format!("<td>{names}</td>");
    let page = format!(
        "<html><body><div>{letter}</div><div><table><tr>{}</tr></table></div></body></html>",
        cell.repeat(3)
    );
    let doc = article(&page);
    Expect::new("name lists", &doc)
        .text_has("We write to ask the harbour board")
        .text_lacks_all(&["Tom Holt"])
        .finish();
}

#[test]
fn an_author_box_is_not_content() {
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{BODY}<div class='post__authorbox'><p>Ilse Marrow writes about the harbour and its history, and has run the town's sailing club since 2004.</p></div></article></body></html>"
    );
    let doc = article(&page);
    Expect::new("author box", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["Ilse Marrow writes"])
        .finish();
}

#[test]
fn clock_lines_are_not_content() {
    let body = BODY.replacen(
        "<div class='body'>",
        "<div class='body'><div>3:59 PM</div><p>10:41 Uhr</p>",
        1,
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("clock lines", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["3:59", "10:41"])
        .finish();
}

#[test]
fn advertising_disclosures_are_not_content() {
    let body = BODY.replacen(
        "<div class='body'>",
        "<div class='body'><p><em>Anzeige, enthält Affiliate Links</em></p><p>*Werbung. Dieser Beitrag enthält Werbung für eine Werft.</p><b>ANZEIGE - Unser Partner im Hafen:</b><p>Werbung nervt, sagt der Hafenmeister.</p>",
        1,
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("ad disclosures", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "Werbung nervt, sagt der Hafenmeister.",
        ])
        .text_lacks_all(&["Affiliate Links", "für eine Werft", "Partner im Hafen"])
        .finish();
}

#[test]
fn links_back_up_the_site_are_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><p>The crane was built to lift coal. <a href='/history'>Back to the 1930s</a> it goes, in the museum's new exhibition.</p><a href='/news'>Zurück zur Übersicht</a><div><a href='/'>Back to top</a></div></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("back links", &doc)
        .text_has_all(&["The harbour board met on Thursday", "Back to the 1930s"])
        .text_lacks_all(&["Zurück zur Übersicht", "Back to top"])
        .finish();
}

/// Captions that belong to the article stay, numbered ones included: the
/// snippet set marks some as boilerplate, but a report's "Figure 2: …" is
/// part of what a reader reads (dropping them took 5 boilerplate snippets
/// and no content, and was left out for that reason).
#[test]
fn numbered_figure_captions_are_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><figure><img src='crane.jpg'><figcaption>Abbildung 4: Der Kran im Winter 1950</figcaption></figure><div><span>Figure 2: The quay before the crane</span></div><p>Figure skaters used the frozen harbour that winter: the board remembered it fondly.</p></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("numbered captions", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "Figure skaters used the frozen harbour",
            "Der Kran im Winter",
            "The quay before the crane",
        ])
        .finish();
}

#[test]
fn an_ad_label_as_a_figure_caption_is_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><figure><a href='https://shop.example.com/'><img src='banner.jpg' alt=''></a><figcaption>Reklama</figcaption></figure></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("ad caption", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["Reklama"])
        .finish();
}

#[test]
fn short_credit_blocks_outside_figures_are_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><p class='caption'>The crane at dusk <span class='credits'>Harbour Office / Ilse Marrow</span></p><div class='story-source'>Harbour Gazette (Northport)</div></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("credit blocks", &doc)
        .text_has_all(&[
            "The harbour board met on Thursday",
            "The crane at dusk",
            "Harbour Gazette (Northport)",
        ])
        .text_lacks_all(&["Ilse Marrow"])
        .finish();
}

#[test]
fn labels_of_a_contents_box_a_release_date_and_a_byline_are_not_content() {
    let body = BODY.replacen(
        "<div class='body'>",
        "<div class='body'><p class='toc-title'>Inhaltsverzeichnis</p><div><b>Von:</b> <a href='/autor'>Ilse Marrow</a></div><p><strong>Release Date:</strong> 12 March</p>",
        1,
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("furniture labels", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["Inhaltsverzeichnis", "Von:", "Release Date"])
        .finish();
}

#[test]
fn the_label_of_a_blocked_embed_is_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><div class='embed-consent'><p>Externer Inhalt</p></div></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("blocked embed", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&["Externer Inhalt"])
        .finish();
}

#[test]
fn headings_of_most_read_and_recommendation_boxes_are_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><h3>Top 10 meist-diskutiert</h3><h2>Entdecke weitere Hafengeschichten</h2><div>Heute empfehlen wir</div><h4>Most read</h4></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("most read", &doc)
        .text_has("The harbour board met on Thursday")
        .text_lacks_all(&[
            "meist-diskutiert",
            "Hafengeschichten",
            "empfehlen wir",
            "Most read",
        ])
        .finish();
}

#[test]
fn sign_offs_of_initials_and_agencies_are_not_content() {
    let body = BODY.replace(
        "</p></div>",
        "</p><p>ank/AFP</p><p>KNA</p><p>Northport.</p><p>3/4</p></div>",
    );
    let page = format!(
        "<html><body><article><h1>The crane stays, for now</h1>{body}</article></body></html>"
    );
    let doc = article(&page);
    Expect::new("sign-offs", &doc)
        .text_has_all(&["The harbour board met on Thursday", "Northport.", "3/4"])
        .text_lacks_all(&["ank/AFP", "KNA"])
        .finish();
}
