//! Why an extraction failed, shared by every [`crate::Extractor`].

use serde::{Deserialize, Serialize};

/// Why one page could not be extracted.
///
/// Variants split into two families that callers treat differently:
/// faults of the *document* (it is too large, too deep, hostile, or breached a
/// sandbox limit) are final for that document, while [`ExtractError::Unavailable`]
/// is a fault of the *extractor* itself, the only case where a fallback may run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The input is larger than the configured maximum; it was not parsed.
    #[error("input is {size} bytes, over the limit of {limit} bytes")]
    InputTooLarge {
        /// Size of the input in bytes.
        size: u64,
        /// The configured maximum in bytes.
        limit: u64,
    },
    /// The markup nests deeper than the configured maximum; it was not parsed.
    #[error("markup nests at least {depth} elements deep, over the limit of {limit}")]
    TooDeeplyNested {
        /// The nesting depth reached when the scan stopped.
        depth: usize,
        /// The configured maximum depth.
        limit: usize,
    },
    /// The input is not HTML (binary data, or text without any markup).
    #[error("input is not HTML: {0}")]
    NotHtml(String),
    /// A CSS selector given for custom mode does not parse.
    #[error("invalid CSS selector {selector:?}: {reason}")]
    InvalidSelector {
        /// The selector as given.
        selector: String,
        /// The parser's complaint.
        reason: String,
    },
    /// Custom mode was requested without any selector.
    #[error("custom mode needs at least one CSS selector")]
    NoSelector,
    /// The sandboxed extractor tried to grow its memory past the limit.
    #[error("extraction exceeded the sandbox memory limit")]
    MemoryLimit,
    /// The sandboxed extractor used up its fuel (instruction budget).
    #[error("extraction ran out of fuel")]
    OutOfFuel,
    /// The sandboxed extractor ran past its wall-clock deadline.
    #[error("extraction ran past its deadline")]
    Timeout,
    /// The sandboxed extractor overflowed its stack.
    #[error("extraction overflowed the sandbox stack")]
    StackOverflow,
    /// The sandboxed extractor trapped for another reason.
    #[error("extraction trapped: {0}")]
    Trap(String),
    /// The extractor reported an error of its own.
    #[error("extractor failed: {0}")]
    Guest(String),
    /// The extractor itself cannot serve (component failed to load, pool
    /// exhausted, circuit open): the document is not at fault.
    #[error("extractor unavailable: {0}")]
    Unavailable(String),
}

/// The machine-readable kind of an [`ExtractError`], as written in output records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // each kind mirrors the ExtractError variant of the same name
pub enum ExtractErrorKind {
    InputTooLarge,
    TooDeeplyNested,
    NotHtml,
    InvalidSelector,
    NoSelector,
    MemoryLimit,
    OutOfFuel,
    Timeout,
    StackOverflow,
    Trap,
    Guest,
    Unavailable,
}

impl ExtractErrorKind {
    /// The kind's snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InputTooLarge => "input_too_large",
            Self::TooDeeplyNested => "too_deeply_nested",
            Self::NotHtml => "not_html",
            Self::InvalidSelector => "invalid_selector",
            Self::NoSelector => "no_selector",
            Self::MemoryLimit => "memory_limit",
            Self::OutOfFuel => "out_of_fuel",
            Self::Timeout => "timeout",
            Self::StackOverflow => "stack_overflow",
            Self::Trap => "trap",
            Self::Guest => "guest",
            Self::Unavailable => "unavailable",
        }
    }
}

impl ExtractError {
    /// This error's kind.
    pub fn kind(&self) -> ExtractErrorKind {
        match self {
            Self::InputTooLarge { .. } => ExtractErrorKind::InputTooLarge,
            Self::TooDeeplyNested { .. } => ExtractErrorKind::TooDeeplyNested,
            Self::NotHtml(_) => ExtractErrorKind::NotHtml,
            Self::InvalidSelector { .. } => ExtractErrorKind::InvalidSelector,
            Self::NoSelector => ExtractErrorKind::NoSelector,
            Self::MemoryLimit => ExtractErrorKind::MemoryLimit,
            Self::OutOfFuel => ExtractErrorKind::OutOfFuel,
            Self::Timeout => ExtractErrorKind::Timeout,
            Self::StackOverflow => ExtractErrorKind::StackOverflow,
            Self::Trap(_) => ExtractErrorKind::Trap,
            Self::Guest(_) => ExtractErrorKind::Guest,
            Self::Unavailable(_) => ExtractErrorKind::Unavailable,
        }
    }

    /// True when the extractor, not the document, is at fault: the only case
    /// where retrying the same document with another extractor is allowed.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_serde() {
        let kinds = [
            ExtractErrorKind::InputTooLarge,
            ExtractErrorKind::TooDeeplyNested,
            ExtractErrorKind::NotHtml,
            ExtractErrorKind::InvalidSelector,
            ExtractErrorKind::NoSelector,
            ExtractErrorKind::MemoryLimit,
            ExtractErrorKind::OutOfFuel,
            ExtractErrorKind::Timeout,
            ExtractErrorKind::StackOverflow,
            ExtractErrorKind::Trap,
            ExtractErrorKind::Guest,
            ExtractErrorKind::Unavailable,
        ];
        for kind in kinds {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn only_unavailable_allows_fallback() {
        assert!(ExtractError::Unavailable("pool".into()).is_unavailable());
        assert!(!ExtractError::OutOfFuel.is_unavailable());
        assert!(!ExtractError::Timeout.is_unavailable());
    }
}
