//! Dates and timestamps (`format: date`, `format: date-time`) that never fail a response.
//!
//! The wire text is kept as it is, so a value always round-trips byte for byte, and is
//! parsed on the side: a value without an offset, or in a format the spec did not promise,
//! decodes fine and simply has no parsed form.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;

/// A `format: date-time` value (RFC 3339).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// The text as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The parsed value, when the text is valid RFC 3339 (with an offset).
    pub fn to_offset_date_time(&self) -> Option<time::OffsetDateTime> {
        time::OffsetDateTime::parse(&self.raw, &Rfc3339).ok()
    }

    /// The parsed value without an offset, for texts like `2024-01-01T00:00:00`.
    pub fn to_primitive_date_time(&self) -> Option<time::PrimitiveDateTime> {
        const NO_OFFSET: &[time::format_description::BorrowedFormatItem<'_>] =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let text = self.raw.split('.').next().unwrap_or(&self.raw);
        time::PrimitiveDateTime::parse(text, NO_OFFSET).ok()
    }
}

impl From<time::OffsetDateTime> for Timestamp {
    fn from(t: time::OffsetDateTime) -> Self {
        Timestamp {
            raw: t.format(&Rfc3339).unwrap_or_default(),
        }
    }
}

impl From<&str> for Timestamp {
    fn from(s: &str) -> Self {
        Timestamp { raw: s.to_owned() }
    }
}

impl From<String> for Timestamp {
    fn from(raw: String) -> Self {
        Timestamp { raw }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|raw| Timestamp { raw })
    }
}

/// A `format: date` value (`YYYY-MM-DD`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    raw: String,
}

impl Date {
    /// The text as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The parsed date, when the text is `YYYY-MM-DD`.
    pub fn to_date(&self) -> Option<time::Date> {
        const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
            time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(&self.raw, FORMAT).ok()
    }
}

impl From<time::Date> for Date {
    fn from(d: time::Date) -> Self {
        Date {
            raw: format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        }
    }
}

impl From<&str> for Date {
    fn from(s: &str) -> Self {
        Date { raw: s.to_owned() }
    }
}

impl From<String> for Date {
    fn from(raw: String) -> Self {
        Date { raw }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({:?})", self.raw)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|raw| Date { raw })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_when_they_can_and_never_fail() {
        let t: Timestamp = serde_json::from_str("\"2024-01-01T08:30:00+08:00\"").unwrap();
        assert_eq!(
            t.to_offset_date_time().unwrap().unix_timestamp(),
            1_704_069_000
        );
        let no_offset: Timestamp = serde_json::from_str("\"2024-01-01T08:30:00\"").unwrap();
        assert!(no_offset.to_offset_date_time().is_none());
        assert_eq!(no_offset.to_primitive_date_time().unwrap().hour(), 8);
        let garbage: Timestamp = serde_json::from_str("\"yesterday\"").unwrap();
        assert_eq!(serde_json::to_string(&garbage).unwrap(), "\"yesterday\"");
        let built = Timestamp::from(time::macros::datetime!(2024-01-01 0:00 UTC));
        assert_eq!(built.as_str(), "2024-01-01T00:00:00Z");
    }

    #[test]
    fn dates() {
        let d: Date = serde_json::from_str("\"2024-02-29\"").unwrap();
        assert_eq!(d.to_date().unwrap().ordinal(), 60);
        assert_eq!(
            Date::from(time::macros::date!(2024 - 03 - 01)).as_str(),
            "2024-03-01"
        );
        assert!(Date::from("29/02/2024").to_date().is_none());
    }
}
