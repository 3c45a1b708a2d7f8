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

/// `90s`, `15m`, `1h`, `7d`, or a bare number of seconds (`--grace`): whole seconds.
pub fn parse_seconds(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_err(|_| format!("{text:?} is too large"));
    }
    let millis = parse_millis(text).map_err(|e| e.replace("--expiry ", ""))?;
    if millis % 1000 != 0 {
        return Err(format!("{text:?} is not a whole number of seconds"));
    }
    Ok(millis / 1000)
}

#[cfg(test)]
mod tests {
    use super::{parse_millis, parse_seconds};

    #[test]
    fn grace_periods() {
        assert_eq!(parse_seconds("3600"), Ok(3600));
        assert_eq!(parse_seconds("0"), Ok(0));
        assert_eq!(parse_seconds("15m"), Ok(900));
        assert_eq!(parse_seconds("1h"), Ok(3600));
        assert!(parse_seconds("1500ms").is_err());
        assert!(parse_seconds("-1").is_err());
    }

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
