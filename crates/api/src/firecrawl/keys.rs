//! Which body keys a route accepts: Firecrawl's schemas are strict (an
//! unknown key is an error), and riptide adds a middle ground: a key riptide
//! does not implement is accepted only with a value that asks for nothing
//! (the Firecrawl default, `false`, an empty list), and refused otherwise, so
//! that an option is never silently ignored.

use serde_json::{Map, Value};

use crate::AppError;

/// Which values of an unimplemented key ask for nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Neutral {
    /// `null`, `false`, `0`, `""`, `[]`, `{}`.
    Off,
    /// `null` or `true` (an option that is on by default and always on in riptide).
    OnOrNull,
    /// Any boolean or `null` (riptide behaves the same either way).
    AnyBool,
    /// Anything (bookkeeping fields such as `origin`).
    Any,
    /// `null` or one of these strings.
    OneOf(&'static [&'static str]),
}

impl Neutral {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Self::Off => match value {
                Value::Null => true,
                Value::Bool(b) => !b,
                Value::Number(n) => n.as_f64() == Some(0.0),
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
            },
            Self::OnOrNull => matches!(value, Value::Null | Value::Bool(true)),
            Self::AnyBool => matches!(value, Value::Null | Value::Bool(_)),
            Self::Any => true,
            Self::OneOf(allowed) => match value {
                Value::Null => true,
                Value::String(s) => allowed.contains(&s.as_str()),
                _ => false,
            },
        }
    }
}

/// The keys of one request schema.
pub(crate) struct KeyPolicy {
    /// Keys riptide implements (in groups); left in the body for deserialisation.
    pub(crate) supported: &'static [&'static [&'static str]],
    /// Keys riptide does not implement (in groups), with the values that are
    /// harmless; removed from the body when harmless.
    pub(crate) neutral: &'static [&'static [(&'static str, Neutral)]],
}

impl KeyPolicy {
    /// Checks `body` against the policy and removes the harmless unimplemented keys.
    pub(crate) fn apply(
        &self,
        body: &mut Map<String, Value>,
        context: &str,
    ) -> Result<(), AppError> {
        let keys: Vec<String> = body.keys().cloned().collect();
        for key in keys {
            if self
                .supported
                .iter()
                .any(|group| group.contains(&key.as_str()))
            {
                continue;
            }
            match self
                .neutral
                .iter()
                .flat_map(|group| group.iter())
                .find(|(name, _)| *name == key)
            {
                Some((_, neutral)) if neutral.accepts(&body[&key]) => {
                    body.remove(&key);
                }
                Some(_) => {
                    return Err(AppError::Unsupported(format!(
                        "option `{context}{key}` is not supported by riptide (only its default value is accepted)"
                    )));
                }
                None => {
                    return Err(AppError::BadRequest(format!(
                        "unrecognized key in body: `{context}{key}`"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Scrape options riptide implements, in every Firecrawl version.
pub(crate) const SCRAPE_SUPPORTED: &[&str] = &[
    "formats",
    "onlyMainContent",
    "includeTags",
    "excludeTags",
    "timeout",
];

/// Scrape options riptide does not implement (v1 and v2 together).
pub(crate) const SCRAPE_NEUTRAL: &[(&str, Neutral)] = &[
    ("headers", Neutral::Off),
    ("waitFor", Neutral::Off),
    ("mobile", Neutral::Off),
    ("skipTlsVerification", Neutral::Off),
    ("parsers", Neutral::Any),
    ("parsePDF", Neutral::AnyBool),
    ("actions", Neutral::Off),
    ("location", Neutral::Off),
    ("removeBase64Images", Neutral::AnyBool),
    ("fastMode", Neutral::Off),
    ("blockAds", Neutral::AnyBool),
    ("proxy", Neutral::OneOf(&["basic", "auto"])),
    // riptide keeps no page cache: every scrape is fresh, which satisfies any maxAge.
    ("maxAge", Neutral::Any),
    ("minAge", Neutral::Off),
    ("storeInCache", Neutral::AnyBool),
    ("onlyCleanContent", Neutral::Off),
    ("lockdown", Neutral::Off),
    ("useMock", Neutral::Off),
    ("jsonOptions", Neutral::Off),
    ("changeTrackingOptions", Neutral::Off),
    ("extract", Neutral::Off),
    ("zeroDataRetention", Neutral::Off),
    ("origin", Neutral::Any),
    ("integration", Neutral::Any),
];
