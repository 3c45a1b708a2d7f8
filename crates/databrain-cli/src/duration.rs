//! `--expiry` values: human durations into the API's milliseconds.

/// `3600000ms`, `3600s`, `90m`, `1h`, `7d`, or a bare number of milliseconds.
pub fn parse_millis(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number.parse().map_err(|_| format!("--expiry {text:?}: expected a number with a unit, e.g. 1h or 90m"))?;
    let factor = match unit.trim() {
        "" | "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        other => return Err(format!("--expiry {text:?}: unknown unit {other:?} (use ms, s, m, h or d)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("--expiry {text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_millis;

    #[test]
    fn units() {
        assert_eq!(parse_millis("3600000ms"), Ok(3_600_000));
        assert_eq!(parse_millis("3600000"), Ok(3_600_000));
        assert_eq!(parse_millis("90m"), Ok(5_400_000));
        assert_eq!(parse_millis("1h"), Ok(3_600_000));
        assert_eq!(parse_millis("2d"), Ok(172_800_000));
        assert!(parse_millis("1y").is_err());
        assert!(parse_millis("h").is_err());
        assert!(parse_millis("-5m").is_err());
    }
}
