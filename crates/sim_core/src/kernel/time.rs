//! Simulated time: integer milliseconds since the scenario started. Never a float,
//! never the wall clock: the shell maps wall time to sim time through its speed setting.

/// Milliseconds since the scenario started.
pub type SimTime = u64;

pub const SECOND_MS: u64 = 1_000;
pub const MINUTE_MS: u64 = 60 * SECOND_MS;
pub const HOUR_MS: u64 = 60 * MINUTE_MS;
pub const DAY_MS: u64 = 24 * HOUR_MS;

/// The wall-clock instant a scenario starts at, in ms since the Unix epoch
/// (2025-05-13T19:00:00Z, the day the main lab's logs were taken). Timestamps in
/// messages and items are this plus sim time, so traces do not depend on when they run.
pub const DEFAULT_EPOCH_MS: u64 = 1_747_162_800_000;

/// `2025-05-13T19:46:17.248Z` for an epoch time in ms.
pub fn iso8601_ms(epoch_ms: u64) -> String {
    let (y, m, d, secs_of_day) = civil_parts(epoch_ms);
    if !(0..=9999).contains(&y) {
        let (date, secs_of_day) = civil(epoch_ms);
        return format!(
            "{date}T{:02}:{:02}:{:02}.{:03}Z",
            secs_of_day / 3600,
            (secs_of_day / 60) % 60,
            secs_of_day % 60,
            epoch_ms % 1000
        );
    }
    // Every digit at a fixed place, in one stack buffer: this runs for every log line
    // and item timestamp, and each field's width is known (the year is 0..=9999 here).
    let mut b = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut v: u64| {
        for i in (at..at + width).rev() {
            b[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y as u64);
    put(5, 2, m as u64);
    put(8, 2, d as u64);
    put(11, 2, secs_of_day / 3600);
    put(14, 2, (secs_of_day / 60) % 60);
    put(17, 2, secs_of_day % 60);
    put(20, 3, epoch_ms % 1000);
    // All ASCII digits and separators: never the empty fallback.
    std::str::from_utf8(&b).unwrap_or_default().to_string()
}

/// `2025-05-13T19:46:17Z`, as EventBridge writes an event's `time`.
pub fn iso8601_s(epoch_ms: u64) -> String {
    let (date, secs_of_day) = civil(epoch_ms);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        secs_of_day / 3600,
        (secs_of_day / 60) % 60,
        secs_of_day % 60
    )
}

/// `13/05/25 19:05:00`, as CloudWatch's alarm state reasons date a datapoint.
pub fn alarm_datapoint_time(epoch_ms: u64) -> String {
    let (date, secs) = civil(epoch_ms);
    format!(
        "{}/{}/{} {:02}:{:02}:{:02}",
        &date[8..10],
        &date[5..7],
        &date[2..4],
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// `Tuesday 13 May, 2025 19:05:00 UTC`, as CloudWatch's alarm e-mails write a time.
pub fn alarm_email_time(epoch_ms: u64) -> String {
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (date, secs) = civil(epoch_ms);
    let weekday = DAYS[((epoch_ms / DAY_MS) % 7) as usize];
    let month = date[5..7].parse::<usize>().unwrap_or(1).clamp(1, 12);
    format!(
        "{weekday} {} {}, {} {:02}:{:02}:{:02} UTC",
        date[8..10].trim_start_matches('0'),
        MONTHS[month - 1],
        &date[0..4],
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// `04/Dec/2026:08:33:58 +0000`, as an HTTP API's event writes requestContext.time.
pub fn http_api_time(epoch_ms: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, secs) = civil_parts(epoch_ms);
    let month = MONTHS[(m.clamp(1, 12) - 1) as usize];
    format!(
        "{d:02}/{month}/{y:04}:{:02}:{:02}:{:02} +0000",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

fn civil(epoch_ms: u64) -> (String, u64) {
    let (y, m, d, secs_of_day) = civil_parts(epoch_ms);
    (format!("{y:04}-{m:02}-{d:02}"), secs_of_day)
}

/// Year, month, day and second of the day of an epoch time in ms.
fn civil_parts(epoch_ms: u64) -> (i64, i64, i64, u64) {
    let secs = epoch_ms / 1000;
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d, secs % 86_400)
}

/// `1m 10.000s`, `250ms`: a sim time or duration for people.
pub fn human_ms(ms: u64) -> String {
    let mut s = String::with_capacity(24);
    HumanMs(ms).push_to(&mut s);
    s
}

/// `human_ms` without a String: written straight into the text that holds it.
#[derive(Clone, Copy, Debug)]
pub struct HumanMs(pub u64);

impl std::fmt::Display for HumanMs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Off the hot path (the trace writes through `push_to`): one writer for both.
        let mut s = String::with_capacity(24);
        self.push_to(&mut s);
        f.write_str(&s)
    }
}

impl HumanMs {
    /// Appends the text to `s`, without a formatter and straight from the digits
    /// (hot trace lines): the same text as `Display`.
    pub fn push_to(self, s: &mut String) {
        let ms = self.0;
        if ms < SECOND_MS {
            push_decimal(s, ms);
            s.push_str("ms");
        } else if ms < MINUTE_MS {
            push_decimal(s, ms / 1000);
            push_millis(s, ms);
        } else if ms < HOUR_MS {
            push_decimal(s, ms / MINUTE_MS);
            s.push_str("m ");
            push_decimal(s, (ms % MINUTE_MS) / 1000);
            push_millis(s, ms);
        } else {
            push_decimal(s, ms / HOUR_MS);
            s.push_str("h ");
            push_decimal(s, (ms % HOUR_MS) / MINUTE_MS);
            s.push_str("m ");
            push_decimal(s, (ms % MINUTE_MS) / 1000);
            s.push('s');
        }
    }
}

/// `.{ms % 1000:03}s`.
fn push_millis(s: &mut String, ms: u64) {
    let m = ms % 1000;
    let digits = [
        b'.',
        b'0' + (m / 100) as u8,
        b'0' + (m / 10 % 10) as u8,
        b'0' + (m % 10) as u8,
        b's',
    ];
    s.push_str(std::str::from_utf8(&digits).unwrap_or_default());
}

/// Appends `v` in decimal, as `{v}` writes it, without a formatter.
pub fn push_decimal(s: &mut String, mut v: u64) {
    // Straight from the digits, without a formatter: trace and log lines write several
    // numbers each.
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// Parses `90s`, `5m`, `1h`, `250ms` or a bare number of milliseconds.
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "ms"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a duration: use e.g. 250ms, 90s, 5m or 1h"))?;
    let scale = match unit {
        "ms" => 1,
        "s" => SECOND_MS,
        "m" | "min" => MINUTE_MS,
        "h" => HOUR_MS,
        "d" => DAY_MS,
        _ => {
            return Err(format!(
                "'{text}' has an unknown unit '{unit}': use ms, s, m, h or d"
            ))
        }
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("'{text}' is too long a duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601_ms(DEFAULT_EPOCH_MS), "2025-05-13T19:00:00.000Z");
        assert_eq!(
            iso8601_s(DEFAULT_EPOCH_MS + 46 * MINUTE_MS + 17_248),
            "2025-05-13T19:46:17Z"
        );
        assert_eq!(iso8601_ms(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn human_ms_push_to_matches_display() {
        let mut ms = 0u64;
        while ms < u64::MAX / 4 {
            let mut s = String::from("t=");
            HumanMs(ms).push_to(&mut s);
            assert_eq!(s, format!("t={}", HumanMs(ms)), "{ms}");
            ms = ms * 2 + 1 + ms % 7;
        }
        for ms in [999, 1_000, 59_999, 60_000, 3_599_999, 3_600_000, u64::MAX] {
            let mut s = String::new();
            HumanMs(ms).push_to(&mut s);
            assert_eq!(s, HumanMs(ms).to_string());
        }
    }

    #[test]
    fn push_decimal_matches_format() {
        for v in [0, 7, 10, 99, 1_000, 123_456_789, u64::MAX - 1, u64::MAX] {
            let mut s = String::from("n=");
            push_decimal(&mut s, v);
            assert_eq!(s, format!("n={v}"));
        }
    }

    #[test]
    fn iso_ms_matches_format() {
        // The digit-by-digit text against the format string it replaced.
        let mut t = 0u64;
        while t < 300_000_000_000_000 {
            let (date, secs) = civil(t);
            let old = format!(
                "{date}T{:02}:{:02}:{:02}.{:03}Z",
                secs / 3600,
                (secs / 60) % 60,
                secs % 60,
                t % 1000
            );
            assert_eq!(iso8601_ms(t), old);
            t = t * 3 + 7_919;
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("90s"), Ok(90_000));
        assert_eq!(parse_duration_ms("5m"), Ok(300_000));
        assert_eq!(parse_duration_ms("250"), Ok(250));
        assert!(parse_duration_ms("5 parsecs").is_err());
        assert!(parse_duration_ms("").is_err());
        assert_eq!(human_ms(70_000), "1m 10.000s");
    }

    #[test]
    fn human_durations_read_as_the_format_strings_wrote_them() {
        let reference = |ms: u64| {
            if ms < SECOND_MS {
                format!("{ms}ms")
            } else if ms < MINUTE_MS {
                format!("{}.{:03}s", ms / 1000, ms % 1000)
            } else if ms < HOUR_MS {
                let (m, s) = (ms / MINUTE_MS, (ms % MINUTE_MS) / 1000);
                format!("{m}m {s}.{:03}s", ms % 1000)
            } else {
                let (h, m) = (ms / HOUR_MS, (ms % HOUR_MS) / MINUTE_MS);
                format!("{h}h {m}m {}s", (ms % MINUTE_MS) / 1000)
            }
        };
        let mut r = crate::kernel::rng::Rng::new(5);
        let edges = [
            0, 1, 999, 1_000, 1_001, 59_999, 60_000, 3_599_999, 3_600_000,
        ];
        let random = (0..2_000).map(|_| r.next_u64() >> r.below(64));
        for ms in edges.into_iter().chain([u64::MAX]).chain(random) {
            assert_eq!(human_ms(ms), reference(ms), "{ms} ms");
        }
    }
}
