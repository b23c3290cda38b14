//! Publication dates: whatever a page writes, normalised to ISO 8601.
//!
//! Pages declare dates in many shapes: ISO 8601 in JSON-LD and OpenGraph,
//! RFC 2822 in feeds and some `<meta>` tags, Unix timestamps in analytics
//! tags, and prose ("March 5, 2021", "5. März 2021", "2021年3月5日") in
//! visible bylines. This module turns all of them into `YYYY-MM-DD`, or
//! `YYYY-MM-DDTHH:MM:SS` plus the offset when the source gave a time.
//!
//! The date is kept as the page wrote it: a time with an offset is never
//! converted to UTC, because the local calendar day is what readers (and
//! other extractors) call the publication date. A hand-written parser keeps
//! the crate small and wasm-friendly; it only has to recognise dates, not do
//! calendar arithmetic beyond Unix timestamps.

/// A calendar date with an optional time of day and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    year: i32,
    month: u32,
    day: u32,
    time: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes, when the source gave one.
    offset: Option<i32>,
}

impl Stamp {
    fn date(year: i32, month: u32, day: u32) -> Option<Self> {
        let plausible_year = (1900..=2200).contains(&year);
        let valid = plausible_year
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self {
            year,
            month,
            day,
            time: None,
            offset: None,
        })
    }

    fn with_time(mut self, time: Option<(u32, u32, u32)>, offset: Option<i32>) -> Self {
        if let Some((h, m, s)) = time
            && h < 24
            && m < 60
            && s < 61
        {
            self.time = Some((h, m, s.min(59)));
            self.offset = offset.filter(|o| o.abs() <= 18 * 60);
        }
        self
    }

    fn to_iso(self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        let Some((h, m, s)) = self.time else {
            return date;
        };
        let offset = match self.offset {
            None => String::new(),
            Some(0) => "Z".to_owned(),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let abs = minutes.unsigned_abs();
                format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
            }
        };
        format!("{date}T{h:02}:{m:02}:{s:02}{offset}")
    }
}

/// Normalises a date string to ISO 8601, or `None` when it holds no
/// recognisable calendar date.
pub(crate) fn normalize(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 200 {
        return None;
    }
    parse_iso(raw)
        .or_else(|| parse_epoch(raw))
        .or_else(|| parse_loose(raw))
        .map(Stamp::to_iso)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A cursor over ASCII-ish input for the ISO parser.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Reads between `min` and `max` digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        let mut value: u32 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if self.pos - start < min {
            self.pos = start;
            return None;
        }
        Some(value)
    }

    fn eat(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| set.contains(b))?;
        self.pos += 1;
        Some(b)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `YYYYMMDD`, optionally
/// followed by `[T ]HH:MM[:SS[.fff]]` and `Z`, `±HH[:]MM`, `UTC` or `GMT`.
fn parse_iso(raw: &str) -> Option<Stamp> {
    let mut cur = Cursor {
        bytes: raw.as_bytes(),
        pos: 0,
    };
    let year = i32::try_from(cur.digits(4, 4)?).ok()?;
    let (month, day) = match cur.eat(b"-/.") {
        Some(sep) => {
            let month = cur.digits(1, 2)?;
            cur.eat(&[sep])?;
            (month, cur.digits(1, 2)?)
        }
        None => (cur.digits(2, 2)?, cur.digits(2, 2)?),
    };
    if cur.peek().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let stamp = Stamp::date(year, month, day)?;
    if cur.eat(b"T ").is_none() {
        return Some(stamp);
    }
    let Some(time) = parse_clock(&mut cur) else {
        return Some(stamp);
    };
    let offset = parse_offset(&mut cur);
    Some(stamp.with_time(Some(time), offset))
}

/// `HH:MM[:SS[.fraction]]`.
fn parse_clock(cur: &mut Cursor<'_>) -> Option<(u32, u32, u32)> {
    let hour = cur.digits(1, 2)?;
    cur.eat(b":")?;
    let minute = cur.digits(2, 2)?;
    let second = if cur.eat(b":").is_some() {
        cur.digits(2, 2)?
    } else {
        0
    };
    if cur.eat(b".,").is_some() {
        while cur.peek().is_some_and(|b| b.is_ascii_digit()) {
            cur.pos += 1;
        }
    }
    Some((hour, minute, second))
}

/// `Z`, `±HH:MM`, `±HHMM`, `±HH`, `UTC`, `GMT` (optionally after a space).
fn parse_offset(cur: &mut Cursor<'_>) -> Option<i32> {
    cur.skip_spaces();
    let rest = cur.bytes.get(cur.pos..)?;
    if rest.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'z')) {
        return Some(0);
    }
    if rest.len() >= 3
        && (rest[..3].eq_ignore_ascii_case(b"utc") || rest[..3].eq_ignore_ascii_case(b"gmt"))
    {
        cur.pos += 3;
        if cur.peek().is_some_and(|b| b == b'+' || b == b'-') {
            return parse_numeric_offset(cur);
        }
        return Some(0);
    }
    parse_numeric_offset(cur)
}

fn parse_numeric_offset(cur: &mut Cursor<'_>) -> Option<i32> {
    let sign = match cur.eat(b"+-")? {
        b'-' => -1,
        _ => 1,
    };
    let hours = cur.digits(2, 2)?;
    cur.eat(b":");
    let minutes = cur.digits(2, 2).unwrap_or(0);
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some(sign * total)
}

/// Unix timestamps in seconds (9-10 digits) or milliseconds (12-13 digits).
fn parse_epoch(raw: &str) -> Option<Stamp> {
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = raw.parse().ok()?;
    let seconds = match raw.len() {
        9 | 10 => value,
        12 | 13 => value / 1000,
        _ => return None,
    };
    let days = seconds.div_euclid(86_400);
    let secs_of_day = u32::try_from(seconds.rem_euclid(86_400)).ok()?;
    let (year, month, day) = civil_from_days(days)?;
    let time = (
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60,
    );
    Some(Stamp::date(year, month, day)?.with_time(Some(time), Some(0)))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> Option<(i32, u32, u32)> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some((
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    ))
}

/// One token of a free-form date.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A number, its digit count, and the separator character right after it.
    Number(u32, usize, Option<char>),
    /// A lowercase word.
    Word(String),
    /// A time of day.
    Clock(u32, u32, u32),
    /// A UTC offset in minutes.
    Offset(i32),
}

/// Free-form dates: month names in several languages ("March 5, 2021",
/// "5 mars 2021", "Thu, 05 Apr 2018 06:00:00 +0000"), numeric day-month-year
/// ("05.03.2021"), US month/day/year ("3/5/2021") and CJK "2021年3月5日".
fn parse_loose(raw: &str) -> Option<Stamp> {
    let tokens = tokenize(raw);
    let clock = tokens.iter().find_map(|t| match t {
        Token::Clock(h, m, s) => Some((*h, *m, *s)),
        _ => None,
    });
    let offset = tokens.iter().find_map(|t| match t {
        Token::Offset(o) => Some(*o),
        _ => None,
    });
    let stamp = with_month_name(&tokens).or_else(|| numeric_triple(&tokens))?;
    Some(stamp.with_time(clock, offset))
}

fn tokenize(raw: &str) -> Vec<Token> {
    let chars: Vec<char> = raw.chars().take(200).collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut seen_clock = false;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            let digits: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if chars.get(i) == Some(&':')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && digits.len() <= 2
            {
                let rest: String = chars.get(start..).unwrap_or_default().iter().collect();
                let mut cur = Cursor {
                    bytes: rest.as_bytes(),
                    pos: 0,
                };
                if let Some((h, m, s)) = parse_clock(&mut cur) {
                    let consumed = rest.get(..cur.pos).map_or(0, |s| s.chars().count());
                    i = start + consumed;
                    tokens.push(Token::Clock(h, m, s));
                    seen_clock = true;
                    continue;
                }
            }
            let value = digits.parse().unwrap_or(u32::MAX);
            tokens.push(Token::Number(value, digits.len(), chars.get(i).copied()));
        } else if (c == '+' || c == '-')
            && seen_clock
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            let rest: String = chars.get(i..).unwrap_or_default().iter().collect();
            let mut cur = Cursor {
                bytes: rest.as_bytes(),
                pos: 0,
            };
            match parse_numeric_offset(&mut cur) {
                Some(offset) => {
                    tokens.push(Token::Offset(offset));
                    i += rest.get(..cur.pos).map_or(1, |s| s.chars().count().max(1));
                }
                None => i += 1,
            }
        } else if c.is_alphabetic() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_alphabetic()) {
                i += 1;
            }
            let word: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .collect::<String>()
                .to_lowercase();
            match word.as_str() {
                "pm" | "p" => adjust_clock(&mut tokens, 12),
                "am" | "a" => adjust_clock(&mut tokens, 0),
                "utc" | "gmt" | "z" if seen_clock => tokens.push(Token::Offset(0)),
                _ => tokens.push(Token::Word(word)),
            }
        } else {
            i += 1;
        }
    }
    tokens
}

/// Applies an am/pm marker to the last clock token.
fn adjust_clock(tokens: &mut [Token], pm_shift: u32) {
    if let Some(Token::Clock(h, _, _)) = tokens.last_mut() {
        if pm_shift == 12 && *h < 12 {
            *h += 12;
        } else if pm_shift == 0 && *h == 12 {
            *h = 0;
        }
    }
}

/// A date written with a month name: the year is the four-digit number,
/// the day the one- or two-digit number nearest to the month.
fn with_month_name(tokens: &[Token]) -> Option<Stamp> {
    let (month_at, month) = tokens.iter().enumerate().find_map(|(i, t)| match t {
        Token::Word(w) => month_from_name(w).map(|m| (i, m)),
        _ => None,
    })?;
    let year = tokens.iter().find_map(|t| match t {
        Token::Number(v, 4, _) => i32::try_from(*v).ok(),
        _ => None,
    })?;
    let day = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t {
            Token::Number(v, 1 | 2, _) if (1..=31).contains(v) => Some((i.abs_diff(month_at), *v)),
            _ => None,
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, day)| day)?;
    Stamp::date(year, month, day)
}

/// Three numbers in a row: year first (ISO-like or CJK), else day-month-year
/// except with slashes, where a first number up to 12 means US month/day.
fn numeric_triple(tokens: &[Token]) -> Option<Stamp> {
    let numbers: Vec<(u32, usize, Option<char>)> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Number(v, len, sep) => Some((*v, *len, *sep)),
            _ => None,
        })
        .collect();
    numbers.windows(3).find_map(|w| {
        let [(a, a_len, sep), (b, _, _), (c, c_len, _)] = *w else {
            return None;
        };
        if a_len == 4 {
            return Stamp::date(i32::try_from(a).ok()?, b, c);
        }
        if c_len != 4 {
            return None;
        }
        let year = i32::try_from(c).ok()?;
        if sep == Some('/') && a <= 12 {
            Stamp::date(year, a, b).or_else(|| Stamp::date(year, b, a))
        } else {
            Stamp::date(year, b, a)
        }
    })
}

/// Month names and abbreviations in English, German, French, Spanish,
/// Portuguese, Italian and Dutch.
fn month_from_name(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    Some(match word {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "janv" | "enero" | "ene"
        | "janeiro" | "gennaio" | "gen" | "januari" => 1,
        "february" | "feb" | "februar" | "février" | "fevrier" | "févr" | "fév" | "febrero"
        | "fevereiro" | "fev" | "febbraio" | "februari" => 2,
        "march" | "mar" | "märz" | "mär" | "mrz" | "mars" | "marzo" | "março" | "marco"
        | "maart" | "mrt" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maio" | "maggio" | "mag" | "mei" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "junho" | "giugno" | "giu" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" | "julho" | "luglio" | "lug" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setiembre" | "setembro"
        | "settembre" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "outubro" | "ottobre"
        | "ott" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "decembre" | "déc" | "diciembre"
        | "dic" | "dezembro" | "dicembre" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn n(raw: &str) -> Option<String> {
        normalize(raw)
    }

    #[test]
    fn iso_dates_keep_their_local_day() {
        assert_eq!(n("2021-03-05").as_deref(), Some("2021-03-05"));
        assert_eq!(
            n("2015-07-10T09:53:00-04:00").as_deref(),
            Some("2015-07-10T09:53:00-04:00")
        );
        assert_eq!(
            n("2018-04-05T06:00").as_deref(),
            Some("2018-04-05T06:00:00")
        );
        assert_eq!(
            n("2019-01-03T07:00:02.000Z").as_deref(),
            Some("2019-01-03T07:00:02Z")
        );
        assert_eq!(
            n("2021-11-01T10:52:50+0100").as_deref(),
            Some("2021-11-01T10:52:50+01:00")
        );
        assert_eq!(
            n("2017-11-03 03:01:00.000000").as_deref(),
            Some("2017-11-03T03:01:00")
        );
        assert_eq!(n(" 2021/03/05 ").as_deref(), Some("2021-03-05"));
        assert_eq!(n("20210305").as_deref(), Some("2021-03-05"));
        assert_eq!(n("2021-3-5").as_deref(), Some("2021-03-05"));
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            n("Thu, 05 Apr 2018 06:00:00 +0000").as_deref(),
            Some("2018-04-05T06:00:00Z")
        );
        assert_eq!(
            n("Mon, 1 Feb 2016 10:30:00 -0500").as_deref(),
            Some("2016-02-01T10:30:00-05:00")
        );
        assert_eq!(
            n("Wed, 02 Oct 2002 13:00:00 GMT").as_deref(),
            Some("2002-10-02T13:00:00Z")
        );
    }

    #[test]
    fn prose_dates_in_several_languages() {
        assert_eq!(n("March 5, 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("Mar. 5th, 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("5 March 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("5. März 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("le 1er décembre 2020").as_deref(), Some("2020-12-01"));
        assert_eq!(n("5 de março de 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("12 settembre 2019").as_deref(), Some("2019-09-12"));
        assert_eq!(
            n("Updated Feb. 1, 2016 3:45 PM").as_deref(),
            Some("2016-02-01T15:45:00")
        );
    }

    #[test]
    fn numeric_orders() {
        assert_eq!(n("05.03.2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("3/5/2021").as_deref(), Some("2021-03-05"));
        assert_eq!(n("25/12/2021").as_deref(), Some("2021-12-25"));
        assert_eq!(n("2021年3月5日").as_deref(), Some("2021-03-05"));
        assert_eq!(n("21/12/2018 - 12h55").as_deref(), Some("2018-12-21"));
    }

    #[test]
    fn unix_timestamps() {
        assert_eq!(n("1614945600").as_deref(), Some("2021-03-05T12:00:00Z"));
        assert_eq!(n("1614945600000").as_deref(), Some("2021-03-05T12:00:00Z"));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(n(""), None);
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2021-02-30"), None);
        assert_eq!(n("12345"), None);
        assert_eq!(n("March 2021"), None);
        assert_eq!(n("by John Smith"), None);
    }
}
