//! `<meta>` tags: OpenGraph, Twitter cards, Dublin Core, Parse.ly and the
//! plain `name=` conventions.
//!
//! The core fields follow Readability.js's `_getArticleMetadata`: one pass
//! over the tags builds a map from a normalised key (`og:title`,
//! `dc:creator`, `parsely-pub-date`, …) to the last value seen, and each field
//! takes the first key of its priority list that has a value. Other
//! conventions (publication dates under a dozen names, sections, tags,
//! keywords, locales) are read afterwards as fallbacks and extras.

use std::collections::HashMap;

/// One `<meta>` element with content.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct MetaTag {
    pub name: Option<String>,
    pub property: Option<String>,
    pub itemprop: Option<String>,
    pub http_equiv: Option<String>,
    pub content: String,
}

/// The fields read from the tags.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct MetaFields {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    /// Publication dates under other conventions, most trusted first.
    pub other_dates: Vec<String>,
    /// Declared language (`content-language`, `og:locale`, `language`, `dc.language`).
    pub language: Option<String>,
    /// `article:section` and `article:tag` values.
    pub categories: Vec<String>,
    /// `keywords` / `news_keywords`, used when nothing better names the topics.
    pub keywords: Vec<String>,
    /// `og:type` says article.
    pub declares_article: bool,
}

/// Prefixes Readability recognises in `property` (space-separated lists allowed).
const PROPERTY_PREFIXES: &[&str] = &["article", "dc", "dcterm", "og", "twitter"];
/// Field names Readability recognises in `property`.
const PROPERTY_FIELDS: &[&str] = &[
    "author",
    "creator",
    "description",
    "published_time",
    "title",
    "site_name",
];
/// Field names Readability recognises in `name`.
const NAME_FIELDS: &[&str] = &[
    "author",
    "creator",
    "pub-date",
    "description",
    "title",
    "site_name",
];
/// Prefixes Readability recognises in `name`.
const NAME_PREFIXES: &[&str] = &[
    "dc",
    "dcterm",
    "og",
    "twitter",
    "parsely",
    "weibo:article",
    "weibo:webpage",
];

/// Publication-date conventions beyond Readability's, in order of trust.
/// Modification dates (`article:modified_time`, `og:updated_time`) are left
/// out on purpose: an update is not a publication.
const DATE_KEYS: &[&str] = &[
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "prism.publicationdate",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

/// Reads the fields from the page's `<meta>` tags, in document order.
pub(super) fn read(tags: &[MetaTag]) -> MetaFields {
    let values = readability_values(tags);
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| values.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let article_author = values
        .get("article:author")
        .filter(|v| !v.is_empty() && !looks_like_url(v))
        .cloned();
    let mut fields = MetaFields {
        title: get(&[
            "dc:title",
            "dcterm:title",
            "og:title",
            "weibo:article:title",
            "weibo:webpage:title",
            "title",
            "twitter:title",
            "parsely-title",
        ]),
        byline: get(&["dc:creator", "dcterm:creator", "author", "parsely-author"])
            .or(article_author),
        description: get(&[
            "dc:description",
            "dcterm:description",
            "og:description",
            "weibo:article:description",
            "weibo:webpage:description",
            "description",
            "twitter:description",
        ]),
        site_name: get(&["og:site_name"]),
        published: get(&["article:published_time", "parsely-pub-date"]),
        ..MetaFields::default()
    };
    read_extras(tags, &mut fields);
    fields
}

/// Readability's key → value map (last value wins).
fn readability_values(tags: &[MetaTag]) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for tag in tags {
        if tag.content.is_empty() {
            continue;
        }
        let key = tag
            .property
            .as_deref()
            .and_then(property_key)
            .or_else(|| tag.name.as_deref().and_then(name_key));
        if let Some(key) = key {
            values.insert(key, tag.content.trim().to_owned());
        }
    }
    values
}

/// The first `prefix:field` in a `property` value (case-insensitive,
/// whitespace around the colon allowed), as `prefix:field`.
fn property_key(property: &str) -> Option<String> {
    let lower = property.to_lowercase();
    for (start, _) in lower.char_indices() {
        let rest = &lower[start..];
        for prefix in PROPERTY_PREFIXES {
            let Some(after) = rest.strip_prefix(prefix) else {
                continue;
            };
            let Some(after) = after.trim_start().strip_prefix(':') else {
                continue;
            };
            let after = after.trim_start();
            if let Some(field) = PROPERTY_FIELDS.iter().find(|f| after.starts_with(**f)) {
                return Some(format!("{prefix}:{field}"));
            }
        }
    }
    None
}

/// A whole `name` value of the form `[prefix sep] field`, normalised to
/// lowercase with dots turned into colons (`DC.title` → `dc:title`).
fn name_key(name: &str) -> Option<String> {
    let lower = name.trim().to_lowercase();
    let field = NAME_FIELDS.iter().find(|f| lower.ends_with(**f))?;
    let head = lower[..lower.len() - field.len()].trim_end();
    let valid = if head.is_empty() {
        true
    } else {
        let without_sep = head.strip_suffix(['-', '.', ':']).map(str::trim_end);
        without_sep.is_some_and(|prefix| NAME_PREFIXES.contains(&prefix))
    };
    valid.then(|| {
        lower
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .replace('.', ":")
    })
}

fn looks_like_url(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Dates, language, sections, tags and keywords from any naming convention.
fn read_extras(tags: &[MetaTag], fields: &mut MetaFields) {
    let mut dates: Vec<(usize, String)> = Vec::new();
    for tag in tags {
        let content = tag.content.trim();
        if content.is_empty() {
            continue;
        }
        let keys = [&tag.property, &tag.name, &tag.itemprop, &tag.http_equiv];
        for key in keys.into_iter().flatten() {
            let key = key.trim().to_lowercase();
            if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key) {
                dates.push((rank, content.to_owned()));
            }
            match key.as_str() {
                "content-language" | "og:locale" | "language" | "dc.language"
                | "dcterms.language"
                    if fields.language.is_none() =>
                {
                    fields.language = super::language::normalize_tag(content);
                }
                "article:section" | "article:tag" | "og:article:section" | "og:article:tag" => {
                    fields
                        .categories
                        .extend(content.split(',').filter_map(super::text::clean));
                }
                "keywords" | "news_keywords" => {
                    fields
                        .keywords
                        .extend(content.split([',', ';']).filter_map(super::text::clean));
                }
                "og:type" => fields.declares_article |= content.eq_ignore_ascii_case("article"),
                _ => {}
            }
        }
    }
    dates.sort_by_key(|(rank, _)| *rank);
    fields.other_dates = dates.into_iter().map(|(_, d)| d).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, content: &str) -> MetaTag {
        MetaTag {
            name: Some(name.to_owned()),
            content: content.to_owned(),
            ..MetaTag::default()
        }
    }

    fn property(property: &str, content: &str) -> MetaTag {
        MetaTag {
            property: Some(property.to_owned()),
            content: content.to_owned(),
            ..MetaTag::default()
        }
    }

    #[test]
    fn keys_follow_readability() {
        assert_eq!(property_key("og:title").as_deref(), Some("og:title"));
        assert_eq!(
            property_key("dc:description og:description").as_deref(),
            Some("dc:description")
        );
        assert_eq!(
            property_key("Article : Published_Time").as_deref(),
            Some("article:published_time")
        );
        assert_eq!(property_key("og:image"), None);
        assert_eq!(name_key("DC.title").as_deref(), Some("dc:title"));
        assert_eq!(
            name_key("parsely-pub-date").as_deref(),
            Some("parsely-pub-date")
        );
        assert_eq!(name_key("description").as_deref(), Some("description"));
        assert_eq!(name_key("sailthru.title"), None);
        assert_eq!(name_key("msapplication-title"), None);
    }

    #[test]
    fn fields_take_the_most_trusted_key() {
        let tags = [
            named("twitter:title", "Twitter title"),
            property("og:title", "OG title"),
            named("description", "Plain description"),
            property("og:description", "OG description"),
            named("author", "Jane Doe"),
            property("article:author", "https://example.org/jane"),
            property("og:site_name", "Example"),
            property("article:published_time", "2021-03-05"),
            property("article:tag", "Rust, Parsing"),
            property("og:locale", "en_GB"),
            named("dc.date", "2020-01-01"),
            named("keywords", "a; b"),
        ];
        let fields = read(&tags);
        assert_eq!(fields.title.as_deref(), Some("OG title"));
        assert_eq!(fields.description.as_deref(), Some("OG description"));
        assert_eq!(fields.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(fields.site_name.as_deref(), Some("Example"));
        assert_eq!(fields.published.as_deref(), Some("2021-03-05"));
        assert_eq!(fields.other_dates, ["2020-01-01"]);
        assert_eq!(fields.language.as_deref(), Some("en-GB"));
        assert_eq!(fields.categories, ["Rust", "Parsing"]);
        assert_eq!(fields.keywords, ["a", "b"]);
    }

    #[test]
    fn article_author_url_is_not_a_byline() {
        let fields = read(&[property("article:author", "https://facebook.com/someone")]);
        assert_eq!(fields.byline, None);
        let fields = read(&[property("article:author", "Sam Smith")]);
        assert_eq!(fields.byline.as_deref(), Some("Sam Smith"));
    }
}
