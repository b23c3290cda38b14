//! Page-level robots directives: `<meta name=robots>` and the `X-Robots-Tag`
//! response header say the same things, so one type reads both.

/// What a page allows a crawler to do with it, beyond robots.txt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RobotsDirectives {
    /// `noindex` (or `none`): do not record the page.
    pub noindex: bool,
    /// `nofollow` (or `none`): follow none of its links.
    pub nofollow: bool,
}

/// Directives that carry a value after a colon (`max-snippet: 20`): a colon
/// after one of these names is not a user-agent scope.
const VALUED: &[&str] = &[
    "unavailable_after",
    "max-snippet",
    "max-image-preview",
    "max-video-preview",
];

impl RobotsDirectives {
    /// Reads a directive list as found in a robots meta tag's `content`
    /// (`"noindex, follow"`, `"none"`); unknown words are ignored.
    ///
    /// ```
    /// use riptide_core::RobotsDirectives;
    ///
    /// let d = RobotsDirectives::parse("NoIndex, follow");
    /// assert!(d.noindex && !d.nofollow);
    /// assert_eq!(RobotsDirectives::parse("none"), RobotsDirectives { noindex: true, nofollow: true });
    /// ```
    pub fn parse(list: &str) -> Self {
        let mut out = Self::default();
        for word in list.split([',', ' ', '\t']) {
            out.apply(word);
        }
        out
    }

    /// Reads `X-Robots-Tag` header values as they apply to the crawler whose
    /// robots.txt product token is `token`: directives without a user agent,
    /// and those after `token:` (`X-Robots-Tag: riptide: noindex, nofollow`).
    /// A named user agent's scope runs to the end of its header value or to
    /// the next user agent.
    ///
    /// ```
    /// use riptide_core::RobotsDirectives;
    ///
    /// let d = RobotsDirectives::from_header_values(["otherbot: noindex", "riptide: nofollow"], "riptide");
    /// assert!(!d.noindex && d.nofollow);
    /// ```
    pub fn from_header_values<'a>(values: impl IntoIterator<Item = &'a str>, token: &str) -> Self {
        let mut out = Self::default();
        for value in values {
            let mut applies = true;
            for part in value.split(',') {
                let mut words = part;
                if let Some((name, rest)) = part.split_once(':') {
                    let name = name.trim();
                    if !VALUED.iter().any(|v| name.eq_ignore_ascii_case(v)) {
                        applies = name.eq_ignore_ascii_case(token);
                        words = rest;
                    }
                }
                if applies {
                    out = out.union(Self::parse(words));
                }
            }
        }
        out
    }

    /// Both sets together: a directive from either source holds.
    pub fn union(self, other: Self) -> Self {
        Self {
            noindex: self.noindex || other.noindex,
            nofollow: self.nofollow || other.nofollow,
        }
    }

    fn apply(&mut self, word: &str) {
        let word = word.trim();
        let none = word.eq_ignore_ascii_case("none");
        self.noindex |= none || word.eq_ignore_ascii_case("noindex");
        self.nofollow |= none || word.eq_ignore_ascii_case("nofollow");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: RobotsDirectives = RobotsDirectives {
        noindex: true,
        nofollow: true,
    };

    fn header(values: &[&str]) -> RobotsDirectives {
        RobotsDirectives::from_header_values(values.iter().copied(), "riptide")
    }

    #[test]
    fn unscoped_values_apply_to_everyone() {
        assert_eq!(header(&["noindex, nofollow"]), BOTH);
        assert_eq!(header(&["NONE"]), BOTH);
        assert_eq!(header(&["all"]), RobotsDirectives::default());
        assert!(header(&["noarchive", "noindex"]).noindex);
    }

    #[test]
    fn scoped_values_apply_to_their_user_agent_only() {
        assert_eq!(
            header(&["googlebot: noindex, nofollow"]),
            RobotsDirectives::default()
        );
        assert_eq!(header(&["RipTide: noindex, nofollow"]), BOTH);
        assert_eq!(
            header(&["googlebot: noindex, riptide: nofollow"]),
            RobotsDirectives {
                noindex: false,
                nofollow: true
            }
        );
        assert!(
            header(&["googlebot: nofollow", "noindex"]).noindex,
            "scopes end with their value"
        );
    }

    #[test]
    fn valued_directives_are_not_user_agents() {
        let d = header(&["unavailable_after: 25 Jun 2010 15:00:00 PST, noindex"]);
        assert!(d.noindex, "{d:?}");
        assert!(header(&["max-snippet: 20, nofollow"]).nofollow);
    }
}
