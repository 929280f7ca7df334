//! A number as a learner types it in their language: Brazilians write 15.000 for
//! fifteen thousand and 1499,90 for a decimal; English readers 15,000 and 1499.90.
//! A decimal point is read in either language (a programmer's habit), unless the text
//! groups thousands the way the language does; a comma before one or two last digits
//! is a decimal comma in English too ("0,5"). Anything else is not a number: a
//! silent misreading (15.000 sent as 15) is worse than a refusal.

use crate::i18n::Lang;

/// The number `text` means in `lang`, if it is one and finite.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let (group, decimal) = match lang {
        Lang::Pt => ('.', ','),
        Lang::En => (',', '.'),
    };
    let plain = if is_grouped(digits, group, decimal) {
        digits.replace(group, "").replace(decimal, ".")
    } else if group == ',' && digits.contains(',') {
        // English: a comma before one or two last digits is a decimal comma ("0,5");
        // any other comma that does not group thousands ("1,5000") is not a number.
        decimal_comma(digits)?
    } else {
        digits.replace(decimal, ".")
    };
    let well_formed = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.matches('.').count() <= 1;
    if !well_formed {
        return None;
    }
    // `+ 0.0` turns -0 into 0.
    let x = sign * plain.parse::<f64>().ok()? + 0.0;
    x.is_finite().then_some(x)
}

/// Whether `text` groups thousands as the other language does and not as `lang` does:
/// "15,000" in Portuguese (read as 15, a learner copying the English lab's "10,000"
/// meant fifteen thousand), "15.000" in English. For amounts of money, where three
/// decimals never occur; a threshold may well be 1,125.
pub fn groups_as_the_other_language(text: &str, lang: Lang) -> bool {
    let digits = text.trim().trim_start_matches(['-', '+']);
    let (ours, theirs) = match lang {
        Lang::Pt => (('.', ','), (',', '.')),
        Lang::En => ((',', '.'), ('.', ',')),
    };
    is_grouped(digits, theirs.0, theirs.1) && !is_grouped(digits, ours.0, ours.1)
}

/// `x` as the learner's language writes it, for a field they may edit and save:
/// `parse_number` reads it back as `x` (in Portuguese 1.125 is "1,125"; "1.125"
/// would read as 1125).
pub fn number_text(x: f64, lang: Lang) -> String {
    let text = x.to_string();
    match lang {
        Lang::Pt => text.replace('.', ","),
        Lang::En => text,
    }
}

/// "0,5" → "0.5": one comma, one or two digits after it, no point.
fn decimal_comma(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_once(',')?;
    let ok = !whole.contains('.') && (1..=2).contains(&fraction.len()) && !fraction.contains(',');
    ok.then(|| format!("{whole}.{fraction}"))
}

/// Whether `text` is digits grouped by three with `group` ("15.000", "1.234.567,5"):
/// one to three digits, then one or more groups of three, then maybe a decimal part.
fn is_grouped(text: &str, group: char, decimal: char) -> bool {
    let (whole, fraction) = match text.split_once(decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let mut parts = whole.split(group);
    // "0.500" is a decimal, not five hundred: no thousands group starts with 0.
    let first_ok = parts.next().is_some_and(|p| {
        (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()) && !p.starts_with('0')
    });
    let rest: Vec<&str> = parts.collect();
    let groups_ok = !rest.is_empty()
        && rest
            .iter()
            .all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()));
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    first_ok && groups_ok && fraction_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_numbers_read_as_brazilians_write_them() {
        let pt = |s| parse_number(s, Lang::Pt);
        assert_eq!(pt("15000"), Some(15000.0));
        assert_eq!(pt("15.000"), Some(15000.0), "a thousands point, not 15");
        assert_eq!(pt("1.234.567,5"), Some(1234567.5));
        assert_eq!(pt("1499,90"), Some(1499.9));
        assert_eq!(pt("1499.90"), Some(1499.9), "a decimal point is read too");
        assert_eq!(pt("0,5"), Some(0.5));
        assert_eq!(pt(" 42 "), Some(42.0));
        assert_eq!(pt("15.00.0"), None);
        assert_eq!(pt("1,2,3"), None);
        assert_eq!(pt("um"), None);
        assert_eq!(pt(""), None);
        assert_eq!(pt("1e400"), None, "no exponent, and never infinite");
        assert_eq!(pt("NaN"), None);
        assert_eq!(pt("0.500"), Some(0.5), "no thousands group starts with 0");
        assert_eq!(pt("0.125"), Some(0.125));
        assert_eq!(pt("-15.000"), Some(-15000.0));
        assert_eq!(pt("+5"), Some(5.0));
        assert_eq!(pt("-0").map(f64::is_sign_negative), Some(false));
        assert_eq!(pt("-"), None);
    }

    #[test]
    fn english_numbers_read_as_english_readers_write_them() {
        let en = |s| parse_number(s, Lang::En);
        assert_eq!(en("15,000"), Some(15000.0));
        assert_eq!(en("15.000"), Some(15.0));
        assert_eq!(en("1,234.5"), Some(1234.5));
        assert_eq!(en("1499.90"), Some(1499.9));
        assert_eq!(
            en("0,5"),
            Some(0.5),
            "a decimal comma before one or two digits"
        );
        assert_eq!(en("12,5"), Some(12.5));
        assert_eq!(
            en("1,5000"),
            None,
            "a comma that neither groups nor ends in 1–2 digits"
        );
        assert_eq!(en("1.2,5"), None);
        assert_eq!(
            en("-3"),
            Some(-3.0),
            "the caller decides what range is allowed"
        );
    }

    /// The student walk typed "15,000" in Portuguese, as the English lab writes its
    /// limit, and sent 15: an amount grouped the other language's way is refused.
    #[test]
    fn thousands_grouped_the_other_way_are_told_apart() {
        let other = groups_as_the_other_language;
        assert!(other("15,000", Lang::Pt) && other("1,500,000", Lang::Pt));
        assert!(other("15.000", Lang::En) && other("-15.000", Lang::En));
        for (text, lang) in [
            ("15.000", Lang::Pt),
            ("1499,90", Lang::Pt),
            ("0,125", Lang::Pt),
            ("1,5", Lang::Pt),
        ] {
            assert!(!other(text, lang), "{text}");
        }
        for text in ["15,000", "1499.90", "0.125", "12,5", "15000"] {
            assert!(!other(text, Lang::En), "{text}");
        }
    }

    /// An alarm's threshold shown in the form and saved unchanged keeps its value
    /// (a Portuguese form read "1.125" back as 1125).
    #[test]
    fn a_number_written_for_a_language_reads_back_the_same() {
        for x in [0.0, 1.0, 1.125, 0.5, 10000.0, 1499.9, 12345.678, -3.25] {
            for lang in [Lang::Pt, Lang::En] {
                assert_eq!(
                    parse_number(&number_text(x, lang), lang),
                    Some(x),
                    "{x} {lang:?}"
                );
            }
        }
    }

    /// Fuzz: any text at all, in either language, reads as a number or as none,
    /// never a panic.
    #[test]
    fn any_text_reads_without_panicking() {
        let alphabet: Vec<char> = "0123456789.,- e€ãN".chars().collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 5)) % alphabet.len() as u64) as usize])
                .collect();
            for lang in [Lang::Pt, Lang::En] {
                if let Some(x) = parse_number(&text, lang) {
                    assert!(x.is_finite(), "{text:?}");
                }
            }
        }
    }
}
