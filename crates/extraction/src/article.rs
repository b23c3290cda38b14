//! Finding the main content of a page.

use ego_tree::NodeId;
use scraper::Html;

use crate::metadata::Metadata;

/// The roots of the page's main content, in document order.
pub(crate) fn main_content(html: &mut Html, _meta: &Metadata) -> Vec<NodeId> {
    crate::dom::visible_roots(html)
}
