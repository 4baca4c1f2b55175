//! The `X-Sdk-Date` timestamp (`YYYYMMDDTHHMMSSZ`, UTC).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::SignError;

/// Writes `t` as an `X-Sdk-Date` value: `YYYYMMDDTHHMMSSZ` in UTC (the official signer's
/// `strftime("%Y%m%dT%H%M%SZ")` of `datetime.utcnow()`). Sub-second precision is dropped.
///
/// Errors with [`SignError::DateOutOfRange`] when the UTC year is outside `1..=9999`.
///
/// ```
/// use time::{Date, Month, UtcOffset};
/// let t = Date::from_calendar_date(2024, Month::January, 1).unwrap()
///     .with_hms_milli(8, 0, 0, 500).unwrap()
///     .assume_offset(UtcOffset::from_hms(8, 0, 0).unwrap());
/// assert_eq!(hcgen_signer::format_sdk_date(t).unwrap(), "20240101T000000Z");
/// ```
pub fn format_sdk_date(t: OffsetDateTime) -> Result<String, SignError> {
    let t = t
        .checked_to_offset(UtcOffset::UTC)
        .ok_or(SignError::DateOutOfRange)?;
    if !(1..=9999).contains(&t.year()) {
        return Err(SignError::DateOutOfRange);
    }
    Ok(format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Parses an `X-Sdk-Date` value: exactly `YYYYMMDDTHHMMSSZ`, a real calendar date in years
/// `0001..=9999`, hours `00..=23`, minutes and seconds `00..=59`. No surrounding whitespace.
///
/// The official signer uses `datetime.strptime(value, "%Y%m%dT%H%M%SZ")` and then signs the
/// re-formatted time. `strptime` also accepts some odd spellings (a one-digit month such as
/// `2024111T000000Z`), whose re-formatted form differs from the header that is sent; this
/// parser rejects them, so for every value it accepts the header and the string to sign
/// agree, and they agree with the official signer.
///
/// ```
/// assert!(hcgen_signer::parse_sdk_date("20240229T235959Z").is_ok());
/// assert!(hcgen_signer::parse_sdk_date("20230229T000000Z").is_err());
/// assert!(hcgen_signer::parse_sdk_date("2024-01-01T00:00:00Z").is_err());
/// ```
pub fn parse_sdk_date(value: &str) -> Result<OffsetDateTime, SignError> {
    let invalid = || SignError::InvalidSdkDate {
        value: value.to_owned(),
    };
    let b = value.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| -> Result<u32, SignError> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            if c.is_ascii_digit() {
                Ok(acc * 10 + u32::from(c - b'0'))
            } else {
                Err(invalid())
            }
        })
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if year == 0 {
        return Err(invalid());
    }
    // Every number has at most four digits, so these conversions cannot fail; `time`
    // validates the ranges (month 1..=12, day of that month, 0..=23, 0..=59, 0..=59).
    let to_u8 = |n: u32| u8::try_from(n).map_err(|_| invalid());
    let year = i32::try_from(year).map_err(|_| invalid())?;
    let month = Month::try_from(to_u8(month)?).map_err(|_| invalid())?;
    let date = Date::from_calendar_date(year, month, to_u8(day)?).map_err(|_| invalid())?;
    let time =
        Time::from_hms(to_u8(hour)?, to_u8(minute)?, to_u8(second)?).map_err(|_| invalid())?;
    Ok(PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_zero_padding() {
        let t = Date::from_calendar_date(2024, Month::March, 5)
            .unwrap()
            .with_hms(7, 8, 9)
            .unwrap()
            .assume_utc();
        assert_eq!(format_sdk_date(t).unwrap(), "20240305T070809Z");
    }

    #[test]
    fn formats_other_offsets_in_utc() {
        let t = Date::from_calendar_date(2024, Month::January, 1)
            .unwrap()
            .with_hms(1, 30, 0)
            .unwrap()
            .assume_offset(UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(format_sdk_date(t).unwrap(), "20231231T233000Z");
    }

    #[test]
    fn format_rejects_years_outside_four_digits() {
        let t = Date::from_calendar_date(-1, Month::January, 1)
            .unwrap()
            .midnight()
            .assume_utc();
        assert_eq!(format_sdk_date(t), Err(SignError::DateOutOfRange));
        let t = Date::from_calendar_date(0, Month::January, 1)
            .unwrap()
            .midnight()
            .assume_utc();
        assert_eq!(format_sdk_date(t), Err(SignError::DateOutOfRange));
    }

    #[test]
    fn parse_round_trips() {
        for s in [
            "20240101T000000Z",
            "20240229T235959Z",
            "99991231T235959Z",
            "00010101T000000Z",
        ] {
            assert_eq!(format_sdk_date(parse_sdk_date(s).unwrap()).unwrap(), s);
        }
    }

    #[test]
    fn parse_rejects_malformed_values() {
        for s in [
            "",
            "20240101T000000",
            "20240101T000000z",
            "20240101t000000Z",
            "2024-01-01T00:00:00Z",
            " 20240101T000000Z",
            "20240101T000000Z ",
            "2024111T0000000Z",
            "20241301T000000Z",
            "20240001T000000Z",
            "20240100T000000Z",
            "20230229T000000Z",
            "20240431T000000Z",
            "20240101T240000Z",
            "20240101T006000Z",
            "20240101T000060Z",
            "00000101T000000Z",
            "2024010１T000000Z",
            "+2024010T000000Z",
            "Mon, 01 Jan 2024",
        ] {
            assert_eq!(
                parse_sdk_date(s),
                Err(SignError::InvalidSdkDate { value: s.into() }),
                "{s:?}"
            );
        }
    }
}
