//! What a crawl job on a database stores for its workers: the `riptide
//! crawl` settings that decide what is fetched and extracted, as JSON.

use riptide_core::ExtractMode;
use serde::{Deserialize, Serialize};

use crate::args::ModeArg;
use crate::crawl_args::{CrawlArgs, CrawlCommon, CrawlExtractor};

/// One job's settings; every worker builds the same crawl from them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobSpec {
    /// Where and how politely to crawl.
    pub common: CrawlCommon,
    /// What to extract.
    pub mode: ModeArg,
    /// CSS selectors of custom mode.
    pub selectors: Vec<String>,
    /// Which extractor runs the pages.
    pub extractor: CrawlExtractor,
}

impl JobSpec {
    /// The job of a `riptide crawl --db` command line.
    pub fn from_args(args: &CrawlArgs) -> Self {
        Self {
            common: args.common.clone(),
            mode: args.mode,
            selectors: args.selectors.clone(),
            extractor: args.extractor,
        }
    }

    /// What to extract; `None` for custom mode without a selector.
    pub fn extract_mode(&self) -> Option<ExtractMode> {
        extract_mode(self.mode, &self.selectors)
    }
}

/// The extraction mode of `--mode` and `--selector`: selectors imply custom
/// mode; custom mode without a selector is `None` (a usage error).
pub fn extract_mode(mode: ModeArg, selectors: &[String]) -> Option<ExtractMode> {
    Some(match mode {
        _ if !selectors.is_empty() => ExtractMode::Custom(selectors.to_vec()),
        ModeArg::Custom => return None,
        ModeArg::Article => ExtractMode::Article,
        ModeArg::Full => ExtractMode::Full,
        ModeArg::Metadata => ExtractMode::Metadata,
    })
}
