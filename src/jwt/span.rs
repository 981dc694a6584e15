//! Time spans such as `"90s"`, `"15m"`, `"2 hours"`, `"7d"` (the forms jose
//! and `ms` accept), always resolved to whole seconds.

use crate::error::{JwtError, Result};

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;
const WEEK: f64 = 604_800.0;
const YEAR: f64 = 31_557_600.0; // 365.25 days, as jose counts a year

/// Unit names (any case) and their length in seconds.
const UNITS: [(&[&str], f64); 6] = [
    (&["s", "sec", "secs", "second", "seconds"], 1.0),
    (&["m", "min", "mins", "minute", "minutes"], MINUTE),
    (&["h", "hr", "hrs", "hour", "hours"], HOUR),
    (&["d", "day", "days"], DAY),
    (&["w", "week", "weeks"], WEEK),
    (&["y", "yr", "yrs", "year", "years"], YEAR),
];

/// Parses a span string into seconds (rounded to the nearest second).
pub fn parse(text: &str) -> Result<f64> {
    let bad = || {
        JwtError::arg("invalid time span: use a number of seconds or a string such as \"90s\", \"15m\", \"2h\", \"7d\"")
    };
    let t = text.trim_matches(' ');
    let split = t
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .ok_or_else(bad)?;
    let (number, unit) = t.split_at_checked(split).ok_or_else(bad)?;
    let unit = unit.trim_start_matches(' ');
    if number.is_empty()
        || number.starts_with('.')
        || number.ends_with('.')
        || number.matches('.').count() > 1
    {
        return Err(bad());
    }
    let value = decimal(number).ok_or_else(bad)?;
    let scale = UNITS
        .iter()
        .find(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(unit)))
        .map(|(_, scale)| *scale)
        .ok_or_else(bad)?;
    let seconds = floor(value * scale + 0.5);
    if !seconds.is_finite() || seconds > MAX_SECONDS {
        return Err(bad());
    }
    Ok(seconds)
}

/// `digits[.digits]` without `str::parse::<f64>`, whose exact-rounding
/// tables cost more wasm than the rest of this module; spans are rounded to
/// whole seconds, so plain f64 arithmetic is exact enough.
fn decimal(text: &str) -> Option<f64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut value = 0.0f64;
    for b in int.bytes() {
        value = value * 10.0 + f64::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
    }
    let mut scale = 1.0f64;
    for b in frac.bytes() {
        scale /= 10.0;
        value += scale * f64::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
    }
    Some(value)
}

/// Largest span or time accepted: far beyond any real lifetime, small
/// enough that `now + span` stays an exact integer in an f64.
pub const MAX_SECONDS: f64 = 1e15;

/// `f64::floor` for the bounded times and spans used here (`core` has no
/// float rounding without std). Saturating casts keep it panic-free.
pub fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// Checks a number of seconds given directly (not as a string).
pub fn seconds(value: f64) -> Result<f64> {
    if value.is_finite() && value.abs() <= MAX_SECONDS {
        Ok(value)
    } else {
        Err(JwtError::arg("a number of seconds must be finite"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(parse("90s").unwrap(), 90.0);
        assert_eq!(parse("15m").unwrap(), 900.0);
        assert_eq!(parse("2h").unwrap(), 7200.0);
        assert_eq!(parse("7d").unwrap(), 604_800.0);
        assert_eq!(parse("1w").unwrap(), 604_800.0);
        assert_eq!(parse("2 hours").unwrap(), 7200.0);
        assert_eq!(parse("1.5h").unwrap(), 5400.0);
        assert_eq!(parse("1y").unwrap(), 31_557_600.0);
        assert_eq!(parse("10 Minutes").unwrap(), 600.0);
    }

    #[test]
    fn floor_matches_std_in_range() {
        for x in [
            0.0,
            0.5,
            1.0,
            -0.5,
            -1.0,
            -1.5,
            1e15 + 0.5,
            1_700_000_000.9,
            -3.0,
        ] {
            assert_eq!(floor(x), x.floor(), "{x}");
        }
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "s",
            "10",
            "10 parsecs",
            "-5m",
            "1..5h",
            ".5h",
            "5.h",
            "5m ago",
            "1e3s",
            "99999999999999999999y",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
