//! Where and why CPython's `json.loads` refuses a text, following its C scanner
//! (Modules/_json.c and Lib/json/decoder.py): the message and the character index a
//! `JSONDecodeError` reports. serde_json refuses the same texts but stops elsewhere and
//! words it otherwise; a learner's poison message should fail with Python's words.

/// The message and the character index of CPython's `JSONDecodeError` for `text`, or
/// `None` when CPython would read it (NaN, Infinity and numbers beyond f64 included).
pub fn cpython_json_error(text: &str) -> Option<(&'static str, usize)> {
    let s: Vec<char> = text.chars().collect();
    if s.first() == Some(&'\u{feff}') {
        return Some(("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = skip_ws(&s, 0);
    let end = match value(&s, start, 0) {
        Ok(end) => end,
        Err(e) => return Some(e),
    };
    let end = skip_ws(&s, end);
    (end != s.len()).then_some(("Extra data", end))
}

type Scan = Result<usize, (&'static str, usize)>;

/// Deeper than this and CPython raises RecursionError; here it is read as refused.
const MAX_DEPTH: usize = 900;

fn is_ws(c: Option<&char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\n' | '\r'))
}

fn skip_ws(s: &[char], mut i: usize) -> usize {
    while is_ws(s.get(i)) {
        i += 1;
    }
    i
}

/// `scan_once`: one value from `i`, its end; "Expecting value" where none starts.
fn value(s: &[char], i: usize, depth: usize) -> Scan {
    let at = |word: &str| {
        s.get(i..i + word.chars().count())
            .is_some_and(|w| w.iter().copied().eq(word.chars()))
    };
    match s.get(i) {
        Some('"') => string(s, i + 1),
        Some('{') if depth < MAX_DEPTH => object(s, i + 1, depth + 1),
        Some('[') if depth < MAX_DEPTH => array(s, i + 1, depth + 1),
        Some('n') if at("null") => Ok(i + 4),
        Some('t') if at("true") => Ok(i + 4),
        Some('f') if at("false") => Ok(i + 5),
        Some('N') if at("NaN") => Ok(i + 3),
        Some('I') if at("Infinity") => Ok(i + 8),
        Some('-') if at("-Infinity") => Ok(i + 9),
        _ => number(s, i).ok_or(("Expecting value", i)),
    }
}

/// `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, each optional part taken only whole.
fn number(s: &[char], i: usize) -> Option<usize> {
    let digit = |j: usize| s.get(j).is_some_and(char::is_ascii_digit);
    let mut j = i + usize::from(s.get(i) == Some(&'-'));
    match s.get(j) {
        Some('0') => j += 1,
        Some('1'..='9') => {
            while digit(j) {
                j += 1;
            }
        }
        _ => return None,
    }
    if s.get(j) == Some(&'.') && digit(j + 1) {
        j += 1;
        while digit(j) {
            j += 1;
        }
    }
    if matches!(s.get(j), Some('e' | 'E')) {
        let k = j + 1 + usize::from(matches!(s.get(j + 1), Some('+' | '-')));
        if digit(k) {
            j = k;
            while digit(j) {
                j += 1;
            }
        }
    }
    Some(j)
}

/// `scanstring` from just after the opening quote at `i - 1`.
fn string(s: &[char], mut i: usize) -> Scan {
    let begin = i - 1;
    loop {
        match s.get(i) {
            None => return Err(("Unterminated string starting at", begin)),
            Some('"') => return Ok(i + 1),
            Some(c) if u32::from(*c) < 0x20 => return Err(("Invalid control character at", i)),
            Some('\\') => match s.get(i + 1) {
                None => return Err(("Unterminated string starting at", begin)),
                Some('u') => {
                    // The four digits, and something after them: the string still
                    // needs its closing quote.
                    let hex = s.get(i + 2..i + 6).filter(|_| i + 6 < s.len());
                    if !hex.is_some_and(|h| h.iter().all(char::is_ascii_hexdigit)) {
                        return Err(("Invalid \\uXXXX escape", i + 1));
                    }
                    i += 6;
                }
                Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => i += 2,
                Some(_) => return Err(("Invalid \\escape", i)),
            },
            Some(_) => i += 1,
        }
    }
}

/// `JSONObject` from just after `{`.
fn object(s: &[char], mut i: usize, depth: usize) -> Scan {
    i = skip_ws(s, i);
    match s.get(i) {
        Some('}') => return Ok(i + 1),
        Some('"') => {}
        _ => return Err(("Expecting property name enclosed in double quotes", i)),
    }
    loop {
        i = string(s, i + 1)?;
        i = skip_ws(s, i);
        if s.get(i) != Some(&':') {
            return Err(("Expecting ':' delimiter", i));
        }
        i = value(s, skip_ws(s, i + 1), depth)?;
        i = skip_ws(s, i);
        match s.get(i) {
            Some('}') => return Ok(i + 1),
            Some(',') => {}
            _ => return Err(("Expecting ',' delimiter", i)),
        }
        i = skip_ws(s, i + 1);
        if s.get(i) != Some(&'"') {
            return Err(("Expecting property name enclosed in double quotes", i));
        }
    }
}

/// `JSONArray` from just after `[`.
fn array(s: &[char], mut i: usize, depth: usize) -> Scan {
    i = skip_ws(s, i);
    if s.get(i) == Some(&']') {
        return Ok(i + 1);
    }
    loop {
        i = value(s, i, depth)?;
        i = skip_ws(s, i);
        match s.get(i) {
            Some(']') => return Ok(i + 1),
            Some(',') => i = skip_ws(s, i + 1),
            _ => return Err(("Expecting ',' delimiter", i)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any text, however broken or deep, gets an answer and never a panic; what
    /// serde_json reads, CPython reads too.
    #[test]
    fn any_text_gets_an_answer() {
        let chars = [
            '{', '}', '[', ']', '"', ',', ':', '\\', 'u', '0', '9', '-', '.', 'e', 'n', ' ', '\n',
            'ç', '😀', '\u{0}',
        ];
        let mut r = crate::kernel::rng::Rng::new(3);
        for _ in 0..20_000 {
            let len = r.below(12) as usize;
            let text: String = (0..len)
                .map(|_| chars[r.below(chars.len() as u64) as usize])
                .collect();
            let answer = cpython_json_error(&text);
            if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
                assert_eq!(answer, None, "{text:?}");
            }
        }
        let deep = "[".repeat(100_000);
        assert!(cpython_json_error(&deep).is_some());
    }
}
