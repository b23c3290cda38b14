//! Schema.org metadata from `<script type="application/ld+json">` blocks.
//!
//! Two readings of the same scripts:
//!
//! * [`primary_article`] follows Readability.js's `_getJSONLD` closely: the
//!   first script that parses, declares the schema.org context and describes
//!   an `Article` (or a subtype) wins, even if it lacks some fields. Being
//!   faithful here matters because a page's JSON-LD and its `<meta>` tags often
//!   disagree, and the reader-view convention is to trust this block first.
//! * [`collect`] is lenient: it repairs common breakage (HTML comments, CDATA,
//!   raw control characters, trailing commas), walks `@graph`s, arrays and
//!   `@type` arrays, and gathers what the primary reading ignores: sections,
//!   keywords, `inLanguage`, and fallbacks for dates, authors and publishers.

use serde_json::{Map, Value};

use super::text::similarity;

/// Fields of the article object the primary reading found.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Article {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
}

/// What the lenient reading gathered over all scripts.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Collected {
    /// An object of an article type was found.
    pub has_article: bool,
    /// An object of type `Recipe` was found.
    pub has_recipe: bool,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// `articleSection` values, then `keywords`, in order.
    pub categories: Vec<String>,
}

/// Reads the scripts (each parsed once): the primary article and the
/// lenient collection. `document_title` is the cleaned `<title>`, used to
/// choose between `name` and `headline` when they differ.
pub(super) fn read(scripts: &[String], document_title: &str) -> (Option<Article>, Collected) {
    let strict: Vec<Option<Value>> = scripts
        .iter()
        .map(|script| serde_json::from_str(strip_cdata(script)).ok())
        .collect();
    let article = primary_article(&strict, document_title);
    let lenient: Vec<Value> = scripts
        .iter()
        .zip(strict)
        .filter_map(|(script, parsed)| parsed.or_else(|| parse_lenient(script)))
        .collect();
    (article, collect(&lenient))
}

/// The first script's article object, as Readability.js picks it.
fn primary_article(parsed: &[Option<Value>], document_title: &str) -> Option<Article> {
    parsed.iter().flatten().find_map(|value| {
        let object = pick_article(value)?;
        Some(read_article(object, document_title))
    })
}

/// Removes a `<![CDATA[ ... ]]>` wrapper.
fn strip_cdata(script: &str) -> &str {
    let trimmed = script.trim();
    let inner = trimmed.strip_prefix("<![CDATA[").unwrap_or(trimmed);
    inner.strip_suffix("]]>").unwrap_or(inner)
}

/// Readability's choice of the article object inside one parsed script.
fn pick_article(parsed: &Value) -> Option<&Map<String, Value>> {
    let mut object = match parsed {
        Value::Array(items) => first_of_article_type(items)?,
        Value::Object(map) => map,
        _ => return None,
    };
    if !has_schema_context(object) {
        return None;
    }
    if !is_truthy(object.get("@type"))
        && let Some(Value::Array(graph)) = object.get("@graph")
    {
        object = first_of_article_type(graph)?;
    }
    match object.get("@type") {
        Some(Value::String(kind)) if is_article_type(kind) => Some(object),
        _ => None,
    }
}

/// The first item whose string `@type` is an article type. Items that would
/// make Readability's JavaScript throw (null items, non-string types) end the
/// search, as the exception does there.
fn first_of_article_type(items: &[Value]) -> Option<&Map<String, Value>> {
    for item in items {
        let map = match item {
            Value::Object(map) => map,
            Value::Null => return None,
            _ => continue,
        };
        match map.get("@type") {
            Some(Value::String(kind)) if is_article_type(kind) => return Some(map),
            Some(value) if is_truthy(Some(value)) && !value.is_string() => return None,
            _ => {}
        }
    }
    None
}

/// `@context` is `http(s)://schema.org` (optionally with a slash), directly
/// or as the `@vocab` of a context object.
fn has_schema_context(object: &Map<String, Value>) -> bool {
    let is_schema = |s: &str| {
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"));
        matches!(rest, Some("schema.org" | "schema.org/"))
    };
    match object.get("@context") {
        Some(Value::String(context)) => is_schema(context),
        Some(Value::Object(context)) => {
            matches!(context.get("@vocab"), Some(Value::String(v)) if is_schema(v))
        }
        _ => false,
    }
}

/// JavaScript truthiness of an optional JSON value.
fn is_truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// Schema.org `Article` and its subtypes, matched as Readability's regular
/// expression does: a prefix `Article`, a suffix `APIReference`, or any of the
/// named subtypes anywhere in the type name.
pub(super) fn is_article_type(kind: &str) -> bool {
    const SUBTYPES: &[&str] = &[
        "AdvertiserContentArticle",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "Report",
        "SatiricalArticle",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "SocialMediaPosting",
        "BlogPosting",
        "LiveBlogPosting",
        "DiscussionForumPosting",
        "TechArticle",
    ];
    kind.starts_with("Article")
        || kind.ends_with("APIReference")
        || SUBTYPES.iter().any(|s| kind.contains(s))
}

fn string_field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn read_article(object: &Map<String, Value>, document_title: &str) -> Article {
    let name = string_field(object, "name");
    let headline = string_field(object, "headline");
    let title = match (name, headline) {
        (Some(name), Some(headline)) if name != headline => {
            let name_matches = similarity(name, document_title) > 0.75;
            let headline_matches = similarity(headline, document_title) > 0.75;
            if headline_matches && !name_matches {
                headline
            } else {
                name
            }
        }
        (Some(name), _) => name,
        (None, Some(headline)) => headline,
        (None, None) => "",
    };
    let byline = match object.get("author") {
        Some(Value::Object(author)) => string_field(author, "name").and_then(non_empty),
        Some(Value::Array(authors))
            if authors
                .first()
                .and_then(|a| a.get("name"))
                .is_some_and(Value::is_string) =>
        {
            let names: Vec<&str> = authors
                .iter()
                .filter_map(|a| a.get("name").and_then(Value::as_str))
                .map(str::trim)
                .collect();
            non_empty(&names.join(", "))
        }
        _ => None,
    };
    let site_name = match object.get("publisher") {
        Some(Value::Object(publisher)) => string_field(publisher, "name").and_then(non_empty),
        _ => None,
    };
    Article {
        title: non_empty(title),
        byline,
        description: string_field(object, "description").and_then(non_empty),
        site_name,
        published: string_field(object, "datePublished").and_then(non_empty),
    }
}

/// Gathers the extra fields from every parsed script.
fn collect(values: &[Value]) -> Collected {
    let mut objects = Vec::new();
    for value in values {
        flatten(value, &mut objects, 0);
    }
    let mut out = Collected::default();
    let articles = objects
        .iter()
        .filter(|o| types_of(o).iter().any(|t| is_article_type(t)));
    for article in articles {
        out.has_article = true;
        out.byline = out
            .byline
            .take()
            .or_else(|| names_of(article.get("author")));
        out.published = out
            .published
            .take()
            .or_else(|| string_field(article, "datePublished").and_then(non_empty));
        out.site_name = out
            .site_name
            .take()
            .or_else(|| names_of(article.get("publisher")));
        out.language = out
            .language
            .take()
            .or_else(|| language_of(article.get("inLanguage")));
        push_terms(article.get("articleSection"), &mut out.categories);
        push_terms(article.get("keywords"), &mut out.categories);
    }
    out.has_recipe = objects.iter().any(|o| types_of(o).contains(&"Recipe"));
    if out.language.is_none() {
        out.language = objects
            .iter()
            .find_map(|o| language_of(o.get("inLanguage")));
    }
    out
}

/// Parses a script, repairing the usual breakage when strict parsing fails.
fn parse_lenient(script: &str) -> Option<Value> {
    let mut body = script.trim();
    body = body.strip_prefix("<!--").unwrap_or(body);
    body = body.strip_suffix("-->").unwrap_or(body);
    let body = strip_cdata(body);
    if let Ok(value) = serde_json::from_str(body) {
        return Some(value);
    }
    serde_json::from_str(&repair(body)).ok()
}

/// Replaces raw control characters (invalid inside JSON strings, harmless
/// as whitespace outside them) and drops trailing commas before `}` or `]`.
fn repair(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in body.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            out.push(if c.is_control() { ' ' } else { c });
            continue;
        }
        match c {
            '"' => in_string = true,
            '}' | ']' => {
                let kept = out.trim_end().len();
                if out.get(..kept).is_some_and(|head| head.ends_with(',')) {
                    out.truncate(kept - 1);
                }
            }
            _ => {}
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// Collects the objects of a JSON-LD document: top-level arrays, `@graph`
/// members and `mainEntity`/`mainEntityOfPage` objects, depth-limited.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: usize) {
    if depth > 4 || out.len() > 200 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|item| flatten(item, out, depth + 1)),
        Value::Object(map) => {
            out.push(map);
            for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                if let Some(child @ (Value::Array(_) | Value::Object(_))) = map.get(key) {
                    flatten(child, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// `@type` as a list (it may be a string or an array of strings).
fn types_of(object: &Map<String, Value>) -> Vec<&str> {
    match object.get("@type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Names of a person/organisation value: a string, an object with `name`,
/// or an array of either, joined with ", ".
fn names_of(value: Option<&Value>) -> Option<String> {
    let name_of = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => non_empty(s).filter(|s| !s.starts_with("http")),
            Value::Object(o) => string_field(o, "name").and_then(non_empty),
            _ => None,
        }
    };
    match value? {
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => name_of(other),
    }
}

/// `inLanguage` as a string, or a `Language` object's `alternateName`/`name`.
fn language_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => super::language::normalize_tag(s),
        Value::Object(o) => ["alternateName", "name"]
            .iter()
            .find_map(|k| string_field(o, k).and_then(super::language::normalize_tag)),
        Value::Array(items) => items.first().and_then(|first| language_of(Some(first))),
        _ => None,
    }
}

/// Adds section or keyword terms (a comma-separated string or an array).
fn push_terms(value: Option<&Value>, out: &mut Vec<String>) {
    match value {
        Some(Value::String(s)) => out.extend(s.split(',').filter_map(non_empty)),
        Some(Value::Array(items)) => {
            for item in items.iter().filter_map(Value::as_str) {
                out.extend(item.split(',').filter_map(non_empty));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn reads_a_news_article() {
        let s = scripts(&[r#"{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"Big news","author":[{"@type":"Person","name":"Ann"},{"name":" Bob "}],
            "publisher":{"name":"The Daily"},"datePublished":"2021-03-05T10:00:00Z",
            "description":"What happened."}"#]);
        let article = read(&s, "Big news").0.unwrap();
        assert_eq!(article.title.as_deref(), Some("Big news"));
        assert_eq!(article.byline.as_deref(), Some("Ann, Bob"));
        assert_eq!(article.site_name.as_deref(), Some("The Daily"));
        assert_eq!(article.published.as_deref(), Some("2021-03-05T10:00:00Z"));
        assert_eq!(article.description.as_deref(), Some("What happened."));
    }

    #[test]
    fn finds_the_article_in_a_graph_and_skips_other_scripts() {
        let s = scripts(&[
            r#"{"@context":"https://schema.org","@type":"Organization","name":"Org"}"#,
            r#"not json"#,
            r#"<![CDATA[{"@context":"http://schema.org/","@graph":[{"@type":"WebPage","name":"Page"},
                {"@type":"BlogPosting","name":"Post","author":{"name":"Cy"}}]}]]>"#,
        ]);
        let article = read(&s, "").0.unwrap();
        assert_eq!(article.title.as_deref(), Some("Post"));
        assert_eq!(article.byline.as_deref(), Some("Cy"));
    }

    #[test]
    fn prefers_the_headline_that_matches_the_page_title() {
        let s = scripts(&[
            r#"{"@context":{"@vocab":"https://schema.org/"},"@type":"Article",
            "name":"Site Name","headline":"Real article title here"}"#,
        ]);
        let article = read(&s, "Real article title here").0.unwrap();
        assert_eq!(article.title.as_deref(), Some("Real article title here"));
    }

    #[test]
    fn ignores_foreign_contexts_and_types() {
        let s = scripts(&[
            r#"{"@context":"https://example.org","@type":"Article","name":"x"}"#,
            r#"{"@context":"https://schema.org","@type":"Product","name":"y"}"#,
            r#"{"@context":"https://schema.org","@type":["Article"],"name":"z"}"#,
        ]);
        assert_eq!(read(&s, "").0, None);
    }

    #[test]
    fn lenient_reading_repairs_and_collects() {
        let s = scripts(&[
            "<!--{\"@context\":\"https://schema.org\",\"@type\":[\"NewsArticle\"],\n\
             \"headline\":\"Line\nbreak\",\"author\":\"Dee\",\"inLanguage\":\"en_GB\",\n\
             \"articleSection\":[\"World\"],\"keywords\":\"a, b,\",\"datePublished\":\"2020-01-02\",}-->",
        ]);
        let collected = read(&s, "").1;
        assert!(collected.has_article);
        assert_eq!(collected.byline.as_deref(), Some("Dee"));
        assert_eq!(collected.language.as_deref(), Some("en-GB"));
        assert_eq!(collected.published.as_deref(), Some("2020-01-02"));
        assert_eq!(collected.categories, ["World", "a", "b"]);
    }

    #[test]
    fn article_type_names() {
        assert!(is_article_type("Article"));
        assert!(is_article_type("NewsArticle"));
        assert!(is_article_type("WebAPIReference"));
        assert!(!is_article_type("WebPage"));
        assert!(!is_article_type("Organization"));
    }
}
