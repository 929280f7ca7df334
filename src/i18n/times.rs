//! Sim times and durations as each language writes them. The core writes `20.232s`
//! and `1m 10.000s` (its trace text is pinned by the golden hashes); a Brazilian
//! reads "30.000s" as thirty thousand seconds, so Portuguese gets a decimal comma,
//! no zero milliseconds and spaced units: `20,232 s`, `1 min 10 s` (a no-break space
//! keeps each number with its unit, so a narrow column never leaves a lone "s").
//! English gets the same form with its decimal point: `20.232 s`, `1 min 10 s`.

use sim_core::time::human_ms;

use super::Lang;

/// A day, in ms.
const DAY_MS: u64 = 86_400_000;

/// A sim time or duration for the learner. From an hour on, units that are zero at
/// the end are left out: `1 h 30 min` (not `1 h 30 min 0 s`); from a week on, see
/// `in_days`.
pub fn when(lang: Lang, ms: u64) -> String {
    const HOUR_MS: u64 = 3_600_000;
    const MINUTE_MS: u64 = 60_000;
    // From a week: under it, hours read well enough ("96 h", SQS's default retention)
    // and keep the stage's three-line explanation from growing a line.
    if ms >= 7 * DAY_MS {
        return in_days(lang, ms);
    }
    if ms >= HOUR_MS {
        let (h, m, s) = (
            ms / HOUR_MS,
            ms % HOUR_MS / MINUTE_MS,
            ms % MINUTE_MS / 1000,
        );
        return match (m, s) {
            (0, 0) => format!("{h}\u{a0}h"),
            (m, 0) => format!("{h}\u{a0}h {m}\u{a0}min"),
            (m, s) => format!("{h}\u{a0}h {m}\u{a0}min {s}\u{a0}s"),
        };
    }
    match lang {
        Lang::En => en_times(&human_ms(ms)),
        Lang::Pt => pt_times(&human_ms(ms)),
    }
}

/// A week or more: whole days as a console writes a retention period (`14 days`), else
/// `d` and what is left with its zero units left out (`14 d 15 s`, not `336 h 0 min
/// 15 s`: the FIFO guide's far step, the instructor walk; short, as the stage's line
/// has room for three lines).
fn in_days(lang: Lang, ms: u64) -> String {
    let days = ms / DAY_MS;
    let rest = ms % DAY_MS / 1000;
    if rest == 0 {
        let word = match (lang, days) {
            (Lang::En, 1) => "day",
            (Lang::En, _) => "days",
            (Lang::Pt, 1) => "dia",
            (Lang::Pt, _) => "dias",
        };
        return format!("{days}\u{a0}{word}");
    }
    let parts = [
        (rest / 3600, "h"),
        (rest % 3600 / 60, "min"),
        (rest % 60, "s"),
    ];
    let mut out = format!("{days}\u{a0}d");
    for (n, unit) in parts.iter().filter(|(n, _)| *n > 0) {
        out.push_str(&format!(" {n}\u{a0}{unit}"));
    }
    out
}

/// Every time the core wrote in `text`, in Portuguese form.
pub fn pt_times(text: &str) -> String {
    times(text, ',')
}

/// Every time the core wrote in `text`, as English prose writes it: `30 s`, not
/// `30.000s` (English read "10.000s" beside Portuguese "10 s").
pub fn en_times(text: &str) -> String {
    times(text, '.')
}

fn times(text: &str, decimal: char) -> String {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let next_is_time = words
            .get(i + 1)
            .is_some_and(|w| seconds(w, decimal).is_some());
        match (minutes_or_hours(word), seconds(word, decimal)) {
            (Some(unit), _) if next_is_time || unit.ends_with("\u{a0}h") => out.push(unit),
            (_, Some(s)) => out.push(s),
            _ => out.push(word.to_string()),
        }
    }
    out.join(" ")
}

/// `20.232s` → `20,232 s` (or `20.232 s` with a decimal point), `30.000s` → `30 s`,
/// `250ms` → `250 ms`, `3s` → `3 s` (with any punctuation after it kept).
fn seconds(word: &str, decimal: char) -> Option<String> {
    let end = word.trim_end_matches([',', '.', ';', ':', ')']);
    let tail = &word[end.len()..];
    if let Some(n) = end.strip_suffix("ms").filter(|n| is_number(n)) {
        return Some(format!("{n}\u{a0}ms{tail}"));
    }
    let n = end.strip_suffix('s')?;
    let (whole, millis) = n.split_once('.').unwrap_or((n, ""));
    if !is_number(whole) || !(millis.is_empty() || millis.len() == 3 && is_number(millis)) {
        return None;
    }
    Some(match millis.trim_end_matches('0') {
        "" => format!("{whole}\u{a0}s{tail}"),
        m => format!("{whole}{decimal}{m}\u{a0}s{tail}"),
    })
}

/// `1m` → `1 min`, `2h` → `2 h`: the units of `1m 10.000s` and `1h 2m 3s`.
fn minutes_or_hours(word: &str) -> Option<String> {
    if let Some(n) = word.strip_suffix('m').filter(|n| is_number(n)) {
        return Some(format!("{n}\u{a0}min"));
    }
    word.strip_suffix('h')
        .filter(|n| is_number(n))
        .map(|n| format!("{n}\u{a0}h"))
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_times_have_a_comma_and_no_zero_milliseconds() {
        // Written with plain spaces here; the page gets no-break ones.
        let pt = |ms| when(Lang::Pt, ms).replace('\u{a0}', " ");
        assert_eq!(pt(250), "250 ms");
        assert_eq!(pt(30_000), "30 s");
        assert_eq!(pt(20_232), "20,232 s");
        assert_eq!(pt(20_200), "20,2 s");
        assert_eq!(pt(70_000), "1 min 10 s");
        assert_eq!(pt(3_723_000), "1 h 2 min 3 s");
        assert_eq!(pt(96 * 3_600_000), "96 h");
        assert_eq!(pt(336 * 3_600_000 + 15_000), "14 d 15 s");
        assert_eq!(pt(337 * 3_600_000), "14 d 1 h");
        assert_eq!(pt(7 * 86_400_000), "7 dias");
        assert_eq!(pt(5_400_000), "1 h 30 min");
        assert_eq!(pt(3_605_000), "1 h 0 min 5 s");
        let en = |ms| when(Lang::En, ms).replace('\u{a0}', " ");
        assert_eq!(en(30_000), "30 s");
        assert_eq!(en(20_232), "20.232 s");
        assert_eq!(en(70_000), "1 min 10 s");
        assert_eq!(en(250), "250 ms");
        assert_eq!(en(14 * 86_400_000), "14 days");
        // A line may break between "16 min" and "10,1 s", never inside either.
        assert_eq!(when(Lang::Pt, 970_100), "16\u{a0}min 10,1\u{a0}s");
    }

    #[test]
    fn times_inside_a_sentence_and_nothing_else() {
        assert_eq!(
            pt_times(
                "invisível pelo visibility timeout de 30.000s, visível de novo em 1m 20.232s."
            )
            .replace('\u{a0}', " "),
            "invisível pelo visibility timeout de 30 s, visível de novo em 1 min 20,232 s."
        );
        // Not times: names, versions, a lone "5m" that is not before seconds, amounts.
        for text in [
            "order-100 amount 1.000",
            "v1.2s3",
            "a 5m rope",
            "Python 3.12",
            "10s3",
        ] {
            assert_eq!(pt_times(text), text);
        }
    }
}
