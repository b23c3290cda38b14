//! What a careful reader expects from each fixture in article mode: the main
//! content is complete, the boilerplate around it is gone, the structure
//! survives in Markdown, and the metadata is right.
//!
//! These assertions are the guard that snapshots are not: re-accepting a
//! snapshot cannot silence them. Do not weaken one to make it pass; fix the
//! engine (or, if the expectation is wrong, say why in the commit).

use riptide_core::{ExtractMode, MediaKind};

use crate::common::{Expect, extract_fixture};

const ARTICLE: &ExtractMode = &ExtractMode::Article;

#[test]
fn news_article() {
    let doc = extract_fixture("news_article.html", ARTICLE);
    Expect::new("news_article", &doc)
        .text_has_all(&[
            "Councillors voted eleven to three on Tuesday night to let a community energy cooperative install four small tidal turbines",
            "enough electricity to light the promenade, the harbour office and the lifeboat station",
            "Concerns about seals and fishing",
            "We are not against clean power. We just want to be sure the boats can still get out on a spring tide.",
            "The first power should reach the promenade lights by the end of September.",
            "The council will publish the monitoring results every six months",
            "A prototype turbine is lowered into the estuary during last summer's survey.",
        ])
        .text_in_order(&["Councillors voted eleven", "Concerns about seals", "What happens next", "monitoring results every six months"])
        .text_lacks_all(&[
            "We use cookies",
            "Accept all cookies",
            "Subscribe from £1 a week",
            "Search the Ledger",
            "Share on Chirper",
            "Related stories",
            "Lifeboat station appeal passes its target",
            "About time the harbour did something useful again",
            "Will anyone actually check on the seals",
            "Get the Ledger in your inbox",
            "Most read",
            "Regatta cancelled as gales forecast",
            "Advertisement",
            "All rights reserved",
            "Privacy policy",
        ])
        .markdown_line("## ", &["Concerns about seals and fishing"])
        .markdown_line("> ", &["We are not against clean power."])
        .markdown_line("- ", &["Seabed surveys begin in June"])
        .markdown_has("![A yellow test turbine being lowered from a crane barge](https://fixtures.example.com/img/turbine-test.jpg)")
        .field("title", doc.title.as_deref(), "Council approves tidal power pilot for the old ferry slip")
        .field_has("byline", doc.byline.as_deref(), "Morwenna Pascoe")
        .published_on("2024-05-14")
        .field("site_name", doc.site_name.as_deref(), "The Harbour Ledger")
        .field("language", doc.language.as_deref(), "en-GB")
        .field(
            "description",
            doc.description.as_deref(),
            "A two-year trial will put four underwater turbines beside the disused ferry slip, enough to light the promenade and the lifeboat station.",
        )
        .category("Energy")
        .check(doc.word_count >= 250, format!("word_count should be >= 250, is {}", doc.word_count))
        .check(doc.reading_time >= 1, "reading_time should be at least 1")
        .check(doc.quality_score >= 50, format!("a real article: quality_score should be >= 50, is {}", doc.quality_score))
        .check(
            doc.media.iter().any(|m| m.kind == MediaKind::Image
                && m.url == "https://fixtures.example.com/img/turbine-test.jpg"
                && m.alt.as_deref().is_some_and(|a| a.contains("yellow test turbine"))),
            "media should hold the article's figure with its alt text",
        )
        .check(
            !doc.links.iter().any(|l| l.url.ends_with("/privacy") || l.url.ends_with("/subscribe")),
            "links should not include navigation or footer links",
        )
        .finish();
}

#[test]
fn news_article_url_falls_back_to_canonical() {
    let bytes = crate::common::fixture("news_article.html");
    let doc = riptide_extraction::extract_bytes(&bytes, None, None, ARTICLE, &Default::default())
        .unwrap();
    Expect::new("news_article without URL", &doc)
        .field(
            "url",
            doc.url.as_deref(),
            "https://news.example.org/local/2024/05/tidal-power-pilot",
        )
        .finish();
}

#[test]
fn blog_with_comments() {
    let doc = extract_fixture("blog_with_comments.html", ARTICLE);
    Expect::new("blog_with_comments", &doc)
        .text_has_all(&[
            "For three weeks in October every loaf I baked came out of the oven looking like a frisbee.",
            "I moved the jar into the oven with only the light switched on, which holds it at a steady 25 degrees.",
            "Bulk fermentation by the clock, not by the dough",
            "Shape when it has grown by roughly 50 percent and jiggles when you shake the tub.",
            "Since making these three changes I have not had a single flat loaf",
        ])
        .text_lacks_all(&[
            "Skip to content",
            "A home baker's notebook",
            "The oven-light trick saved my starter too!",
            "Do you think a proofing box is worth buying",
            "Honestly the oven light has been enough for me.",
            "thoughts on",
            "Leave a Reply",
            "Your email address will not be published",
            "Share this:",
            "Previous post",
            "Recent Posts",
            "Archives",
            "Proudly baked with a static site generator",
        ])
        .markdown_line("## ", &["The kitchen got colder"])
        .markdown_line("1. ", &["Mark the starting level of the dough"])
        .markdown_line("3. ", &["Shape when it has grown by roughly 50 percent"])
        .check(
            doc.markdown.contains("*On its own*") || doc.markdown.contains("_On its own_"),
            "markdown should keep the emphasis on \"On its own\"",
        )
        .field("title", doc.title.as_deref(), "Why my sourdough stopped rising (and how I fixed it)")
        .field_has("byline", doc.byline.as_deref(), "Hannah Okafor")
        .published_on("2023-11-02")
        .field("site_name", doc.site_name.as_deref(), "Crumb & Crust")
        .field("language", doc.language.as_deref(), "en")
        .field(
            "description",
            doc.description.as_deref(),
            "Three weeks of flat loaves taught me more about starter temperature than any book.",
        )
        .check(doc.quality_score >= 50, format!("a real article: quality_score should be >= 50, is {}", doc.quality_score))
        .finish();
}

#[test]
fn docs_with_code() {
    let doc = extract_fixture("docs_with_code.html", ARTICLE);
    Expect::new("docs_with_code", &doc)
        .text_has_all(&[
            "Networks fail in boring ways",
            "Retries are off by default.",
            "Only idempotent methods are retried automatically",
            "To check the behaviour from a shell, run the bundled mock server and watch its log:",
            "unless they carry an idempotency key",
            "fn main() -> Result<(), quillkit::Error> {",
            "Connection reset",
        ])
        .text_lacks_all(&[
            "Quillkit 3.0 is out!",
            "Read the release notes",
            "Testing with a mock server",
            "Sessions and connection pools",
            "Edit this page",
            "Was this page helpful?",
            "On this page",
            "Copyright 2019-2024",
            "¶",
        ])
        .markdown_has("```toml\n[dependencies]\nquillkit = { version = \"3.0\", features = [\"retry\"] }\n```")
        .markdown_has("```rust\nuse std::time::Duration;\n")
        .markdown_has("\n    let policy = RetryPolicy::exponential(Duration::from_millis(200))\n        .max_retries(4)\n")
        .markdown_has("```bash\n$ quillkit-mock --fail-first 2 --port 8099 &\n")
        .markdown_has("`Idempotency-Key`")
        .markdown_line("## ", &["What is retried"])
        .markdown_line("|", &["Connection reset", "Yes", "Before any response byte was read"])
        .markdown_line("|", &["Failure", "Retried?", "Notes"])
        .field("title", doc.title.as_deref(), "Retrying requests")
        .field("language", doc.language.as_deref(), "en")
        .field(
            "description",
            doc.description.as_deref(),
            "How to configure retries, backoff and idempotency in the Quillkit HTTP client.",
        )
        .finish();
}

#[test]
fn forum_thread() {
    let doc = extract_fixture("forum_thread.html", ARTICLE);
    Expect::new("forum_thread", &doc)
        .text_has_all(&[
            "My garage door opener has started to hum for about five seconds when I press the remote",
            "is this likely to be the start capacitor or the plastic drive gear?",
            "A hum with no movement on a chain drive that old is the drive gear nine times out of ten.",
            "Capacitor failures usually hum without the motor spinning at all",
            "You were spot on. The gear was worn completely smooth",
        ])
        .text_in_order(&["My garage door opener has started", "A hum with no movement", "You were spot on"])
        .text_lacks_all(&[
            "What's new",
            "You are viewing the forum as a guest",
            "Well-known member",
            "Similar threads",
            "Door reverses just before it closes",
            "You must log in or register to reply here.",
            "Members online",
            "Share this page",
            "Terms and rules",
            "Forum software by",
        ])
        .field("title", doc.title.as_deref(), "Garage door opener hums but won't open")
        .field("site_name", doc.site_name.as_deref(), "Fixers' Bench Community")
        .field("language", doc.language.as_deref(), "en")
        .published_on("2024-02-10")
        .finish();
}

#[test]
fn product_page() {
    let doc = extract_fixture("product_page.html", ARTICLE);
    Expect::new("product_page", &doc)
        .text_has_all(&[
            "The Alder toaster has two extra-wide 38 mm slots that take thick-cut sourdough, crumpets and bagels",
            "Six browning levels, plus bagel, defrost and reheat buttons",
            "Cool-touch brushed steel housing",
        ])
        .text_lacks_all(&[
            "Free shipping on orders over $50",
            "Cart (0)",
            "Add to cart",
            "Add to wishlist",
            "Finally fits my bread",
            "Customers also bought",
            "Bamboo Bread Bin",
            "Get 10% off your first order",
            "Our story",
            "Prices include sales tax",
        ])
        .markdown_line("- ", &["High-lift lever and removable crumb tray"])
        .field("title", doc.title.as_deref(), "Alder 2-Slice Toaster, Brushed Steel")
        .field("site_name", doc.site_name.as_deref(), "Kettle & Crumb Home Store")
        .field("language", doc.language.as_deref(), "en-US")
        .field(
            "description",
            doc.description.as_deref(),
            "Wide-slot 2-slice toaster with six browning levels, bagel and defrost settings and a removable crumb tray.",
        )
        .finish();
}

#[test]
fn listing_index() {
    let doc = extract_fixture("listing_index.html", ARTICLE);
    let news = extract_fixture("news_article.html", ARTICLE);
    Expect::new("listing_index", &doc)
        .text_lacks_all(&[
            "Your privacy matters",
            "143 partners",
            "Science weekly",
            "Advertisement",
            "Cookie settings",
            "Northfield Daily Media Group",
        ])
        .check(
            doc.title.as_deref().is_some_and(|t| {
                t.starts_with("Science & Environment") && !t.contains("Northfield Daily")
            }),
            format!(
                "title should be the section name without the site suffix, is {:?}",
                doc.title
            ),
        )
        .field("site_name", doc.site_name.as_deref(), "Northfield Daily")
        .field(
            "description",
            doc.description.as_deref(),
            "The latest science and environment news from the Northfield Daily.",
        )
        .check(
            doc.quality_score < news.quality_score,
            format!(
                "a list of teasers is less of an article than a news story: quality {} vs {}",
                doc.quality_score, news.quality_score
            ),
        )
        .check(
            doc.quality_score < 50,
            format!(
                "not a real article: quality_score should be < 50, is {}",
                doc.quality_score
            ),
        )
        .finish();
}

#[test]
fn data_tables() {
    let doc = extract_fixture("data_tables.html", ARTICLE);
    Expect::new("data_tables", &doc)
        .text_has_all(&[
            "Spring 2024 was the wettest in the region since records began in 1891.",
            "Table 1: Rainfall by month, spring 2024 (millimetres)",
            "Storage is given as a share of usable capacity on the last day of each month.",
            "Corrie Dam",
            "Figures for May are provisional",
        ])
        .text_in_order(&[
            "Monthly rainfall",
            "96.4",
            "88.1",
            "79.5",
            "Reservoir storage",
            "Ashmoor",
            "Bleakwater",
        ])
        .text_lacks_all(&[
            "This is an open data publication",
            "Give feedback",
            "Related publications",
            "Drought plan 2022",
            "Accessibility statement",
            "available under an open data licence",
        ])
        .markdown_line(
            "|",
            &[
                "Month",
                "Rainfall (mm)",
                "Long-term average (mm)",
                "Percentage of average",
            ],
        )
        .markdown_line("|", &["March", "96.4", "61.2", "158%"])
        .markdown_line("|", &["Spring total", "264.0", "174.9", "151%"])
        .markdown_line("|", &["Corrie Dam", "15,300", "91%", "95%", "96%"])
        .check(
            doc.markdown.lines().filter(|l| is_table_rule(l)).count() == 2,
            "each of the two tables should have one GFM header rule (| --- |)",
        )
        .field(
            "title",
            doc.title.as_deref(),
            "Rainfall and reservoir levels: the spring 2024 figures",
        )
        .field_has("byline", doc.byline.as_deref(), "Water Statistics Team")
        .published_on("2024-06-20")
        .field("site_name", doc.site_name.as_deref(), "Open Water Data")
        .check(
            doc.links
                .iter()
                .any(|l| l.url == "https://fixtures.example.com/datasets/rainfall-monthly"),
            "links should hold the dataset link, resolved against the page URL",
        )
        .finish();
}

/// A GFM table delimiter row: `| --- | :---: |`.
fn is_table_rule(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|')
        && line.contains("---")
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

#[test]
fn jsonld_only() {
    let doc = extract_fixture("jsonld_only.html", ARTICLE);
    Expect::new("jsonld_only", &doc)
        .text_has_all(&[
            "Walk along any old field boundary in the uplands",
            "The method is called lichenometry.",
            "Treat any single measurement as a rough guide and measure many stones along the same wall.",
            "which is more than most maps will say.",
        ])
        .text_lacks_all(&[
            "Four issues a year",
            "From £24",
            "Counting species to date a hedgerow",
            "The lost drove roads of the north",
            "Subscribe",
            "Privacy",
        ])
        .field("title", doc.title.as_deref(), "Reading the age of a stone wall from its lichens")
        .field_has("byline", doc.byline.as_deref(), "Tomasz Wren")
        .published_on("2024-03-14")
        .field("site_name", doc.site_name.as_deref(), "Fieldnotes Magazine")
        .field("language", doc.language.as_deref(), "en-GB")
        .field(
            "description",
            doc.description.as_deref(),
            "Slow-growing lichens work as living clocks: measure the largest patch and you can date the stone it grows on.",
        )
        .category("Nature")
        .category("lichenometry")
        .finish();
}

#[test]
fn windows1251_news() {
    let doc = extract_fixture("windows1251_news.html", ARTICLE);
    Expect::new("windows1251_news", &doc)
        .text_has_all(&[
            "В субботу на набережной реки Заречной открылась первая в городе библиотека под открытым небом.",
            "Волонтёры раз в неделю проверяют шкафы",
            "Зимой шкафы переедут в фойе дворца культуры.",
            "Если опыт окажется удачным, такие же шкафы появятся в парке Победы",
        ])
        .text_lacks_all(&[
            "Мы используем файлы cookie",
            "Объявления",
            "Поделиться",
            "Отличная идея, сходим с детьми",
            "Читайте также",
            "Ремонт моста закончат к ноябрю",
            "Все права защищены",
        ])
        .check(!doc.text.contains('\u{FFFD}'), "text should decode without replacement characters")
        .field("title", doc.title.as_deref(), "В городе открылась библиотека под открытым небом")
        .field("language", doc.language.as_deref(), "ru")
        .field("site_name", doc.site_name.as_deref(), "Вечерний Заречный")
        .published_on("2023-08-21")
        .field(
            "description",
            doc.description.as_deref(),
            "На набережной установили двенадцать книжных шкафов, из которых можно брать книги бесплатно.",
        )
        .finish();
}

#[test]
fn shift_jis_notice() {
    let doc = extract_fixture("shift_jis_notice.html", ARTICLE);
    Expect::new("shift_jis_notice", &doc)
        .text_has_all(&[
            "みなと町の桜まつりが今年も四月六日と七日の二日間、城山公園で開かれます。",
            "臨時バスは駅前から十五分おきに運行します。",
            "ボランティアを募集しています",
            "皆さまのご理解とご協力をお願いいたします。",
        ])
        .text_lacks_all(&[
            "人気の記事",
            "商店街に新しいパン屋",
            "この記事をシェアする",
            "お問い合わせ",
            "All Rights Reserved",
        ])
        .check(
            !doc.text.contains('\u{FFFD}'),
            "text should decode without replacement characters",
        )
        .check(
            doc.title
                .as_deref()
                .is_some_and(|t| t.starts_with("春の桜まつり、今年は夜間ライトアップも")),
            format!("title should be the headline, is {:?}", doc.title),
        )
        .field("language", doc.language.as_deref(), "ja")
        .finish();
}

#[test]
fn noscript_template() {
    let doc = extract_fixture("noscript_template.html", ARTICLE);
    Expect::new("noscript_template", &doc)
        .text_has_all(&[
            "Over three seasons we counted visits to apple blossom on mornings that began below freezing.",
            "came from solitary bees nesting in the hedge banks.",
            "neither costs anything but a little tidiness.",
        ])
        .text_lacks_all(&[
            "Popular posts",
            "Why hedges beat fences",
            "All rights reserved",
            "Archive",
            "<p>",
        ])
        .finish();
}
