//! What SQS accepts inside a message: the body's characters and each message
//! attribute's type and value, with SQS's own errors.
//!
//! "A message can include only XML, JSON, and unformatted text. The following Unicode
//! characters are allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD |
//! #x10000 to #x10FFFF" (SendMessage, Amazon SQS API Reference:
//! https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
//! Number attributes "can have up to 38 digits of precision, and it can be between
//! 10^-128 and 10^+126" (Amazon SQS message attributes, SQS Developer Guide:
//! https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html).

use std::collections::BTreeMap;

use super::MessageAttribute;
use crate::error::{SimError, SimResult};

const ALLOWED: &str = "#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]";

/// The first character SQS refuses in a text, if any. A Rust string holds no
/// surrogates, so what is left to refuse is the C0 controls but tab, LF and CR, and
/// U+FFFE and U+FFFF.
fn first_refused(text: &str) -> Option<char> {
    // Most texts are compact JSON: one branch-free pass over the bytes (which the
    // compiler turns into vector compares) finds nothing to look at closer. A tab or a
    // newline, or U+E000–U+FFFF (lead byte 0xEF), sends it to the exact check.
    let suspect = text
        .bytes()
        .fold(false, |s, b| s | (b < 0x20) | (b == 0xEF));
    if !suspect {
        return None;
    }
    text.chars().find(|&c| {
        let c = u32::from(c);
        !(matches!(c, 0x9 | 0xA | 0xD) || (0x20..=0xFFFD).contains(&c) || c >= 0x10000)
    })
}

/// Refuses a body with a character outside SQS's set, in SQS's words
/// (InvalidMessageContents).
pub(super) fn check_body(body: &str) -> SimResult<()> {
    match first_refused(body) {
        None => Ok(()),
        Some(c) => Err(SimError::new(
            "InvalidMessageContents",
            format!(
                "Invalid binary character '#x{:X}' was found in the message body, the set of allowed characters is {ALLOWED}.",
                u32::from(c)
            ),
        )),
    }
}

/// Refuses an attribute whose type is not String, Number or Binary (a custom label may
/// follow: "Number.float"), whose value is empty, a Number that is not one, or a value
/// with a character the body could not hold.
pub(super) fn check_attributes(attributes: &BTreeMap<String, MessageAttribute>) -> SimResult<()> {
    attributes
        .iter()
        .try_for_each(|(name, a)| check_attribute(name, a))
}

fn check_attribute(name: &str, a: &MessageAttribute) -> SimResult<()> {
    let invalid = |text: String| Err(SimError::new("InvalidParameterValue", text));
    check_attribute_name(name)?;
    if a.data_type.is_empty() {
        return invalid(format!(
            "Message (user) attribute '{name}' must contain a non-empty message attribute type."
        ));
    }
    let base = a.data_type.split('.').next().unwrap_or_default();
    if !matches!(base, "String" | "Number" | "Binary") {
        return invalid(format!("The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String."));
    }
    // A Binary attribute carries a BinaryValue, which this simulator's forms never send.
    if base == "Binary" || a.string_value.is_empty() {
        return invalid(format!(
            "Message (user) attribute '{name}' must contain a non-empty value of type '{base}'."
        ));
    }
    if base == "Number" && !is_sqs_number(&a.string_value) {
        return invalid(format!(
            "Can't cast the value of message (user) attribute '{name}' to a number."
        ));
    }
    match first_refused(&a.string_value) {
        None => Ok(()),
        Some(c) => invalid(format!(
            "Invalid binary character '#x{:X}' was found in the value of message (user) attribute '{name}', the set of allowed characters is {ALLOWED}.",
            u32::from(c)
        )),
    }
}

/// An attribute's name: letters, digits, underscore (_), hyphen (-) and period (.), at
/// most 256 characters, not starting with "AWS." or "Amazon." (any case), not starting
/// or ending with a period, no two periods in a row (Message metadata, SQS Developer
/// Guide). The characters' sentence is AWS's; the others say the name is invalid.
fn check_attribute_name(name: &str) -> SimResult<()> {
    let invalid = |text: String| Err(SimError::new("InvalidParameterValue", text));
    // Letters beyond ASCII pass: "attr.1øßä" is accepted (LocalStack's test run against
    // AWS, test_send_message_with_invalid_string_attributes).
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !name.chars().all(allowed) {
        return invalid("Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ".to_string());
    }
    if name.len() > 256 {
        return invalid(
            "Message (user) attribute names must be shorter than 256 Bytes".to_string(),
        );
    }
    let lower = name.to_ascii_lowercase();
    let reserved = lower.starts_with("aws.") || lower.starts_with("amazon.");
    if name.is_empty()
        || reserved
        || name.starts_with('.')
        || name.ends_with('.')
        || name.contains("..")
    {
        return invalid(format!(
            "Message (user) attribute name '{name}' is invalid."
        ));
    }
    Ok(())
}

/// A decimal number SQS stores: an optional sign, digits with an optional point, an
/// optional exponent; at most 38 significant digits, between 10^-128 and 10^+126.
/// ("NaN", "inf", "0x10" and "1,5" are not.)
fn is_sqs_number(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match t.split_once(['e', 'E']) {
        Some((m, e)) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            // Past i32 the number is far outside SQS's range either way.
            match e.parse::<i32>() {
                Ok(e) => (m, e),
                Err(_) => return false,
            }
        }
        None => (t, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return false;
    }
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let Some(first) = digits.iter().position(|&d| d != b'0') else {
        return true; // zero
    };
    let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
    if last - first + 1 > 38 {
        return false;
    }
    // The power of ten of the first significant digit.
    let magnitude = i64::from(exponent) + whole.len() as i64 - 1 - first as i64;
    (-128..=126).contains(&magnitude)
}

/// MD5OfMessageAttributes: each attribute, in name order, as its name, data type and
/// value each preceded by its length (4 bytes, big-endian), with a transport byte (1
/// for String and Number) before the value; the MD5 of it all ("Calculating the MD5
/// message digest for message attributes", SQS Developer Guide:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html).
/// None without attributes: SQS returns no digest then.
pub fn md5_of_message_attributes(
    attributes: &BTreeMap<String, MessageAttribute>,
) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    fn put(bytes: &mut Vec<u8>, b: &[u8]) {
        bytes.extend_from_slice(&(b.len() as u32).to_be_bytes());
        bytes.extend_from_slice(b);
    }
    let mut bytes = Vec::new();
    // A BTreeMap iterates by name, byte order, as SQS sorts them.
    for (name, a) in attributes {
        put(&mut bytes, name.as_bytes());
        put(&mut bytes, a.data_type.as_bytes());
        bytes.push(1);
        put(&mut bytes, a.string_value.as_bytes());
    }
    Some(crate::kernel::md5::md5_hex(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(data_type: &str, value: &str) -> BTreeMap<String, MessageAttribute> {
        BTreeMap::from([(
            "priority".to_string(),
            MessageAttribute {
                data_type: data_type.into(),
                string_value: value.into(),
            },
        )])
    }

    #[test]
    fn bodies_with_a_control_character_or_a_noncharacter_are_refused() {
        for ok in [
            "{\"a\":1}",
            "tab\there\r\n",
            "€ 🍕 \u{D7FF} \u{E000} \u{FFFD}",
        ] {
            assert!(check_body(ok).is_ok(), "{ok:?}");
        }
        for (bad, hex) in [
            ("a\u{1}b", "1"),
            ("\u{0}", "0"),
            ("x\u{B}", "B"),
            ("\u{FFFF}", "FFFF"),
            ("é\u{FFFE}", "FFFE"),
            ("\u{1F}", "1F"),
        ] {
            let e = check_body(bad).unwrap_err();
            assert_eq!(e.code, "InvalidMessageContents");
            assert!(
                e.message.starts_with(&format!(
                    "Invalid binary character '#x{hex}' was found in the message body"
                )),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn number_attributes_hold_decimal_numbers_sqs_can_store() {
        for ok in [
            "5",
            "-3",
            "+2.50",
            "0",
            "0.000",
            ".5",
            "5.",
            "1e20",
            "1.5E-3",
            "12345678901234567890123456789012345678",
            "1e126",
            "1e-128",
        ] {
            assert!(is_sqs_number(ok), "{ok}");
        }
        for bad in [
            "alta",
            "",
            "-",
            ".",
            "NaN",
            "inf",
            "0x10",
            "1,5",
            "1e",
            "1e+",
            " 5",
            "5 ",
            "123456789012345678901234567890123456789",
            "1e127",
            "1e-129",
            "1e99999999999",
        ] {
            assert!(!is_sqs_number(bad), "{bad}");
        }
    }

    /// The digests an SDK checks a ReceiveMessage against, from the aws-md5-of-message-
    /// attributes package's examples (https://npmjs.com/package/aws-md5-of-message-attributes).
    #[test]
    fn the_attributes_digest_is_the_one_sdks_compute() {
        let one = |name: &str, t: &str, v: &str| {
            let a = MessageAttribute {
                data_type: t.into(),
                string_value: v.into(),
            };
            BTreeMap::from([(name.to_string(), a)])
        };
        let digest = md5_of_message_attributes(&one("attribName1", "String", "attribValue 1"));
        assert_eq!(digest.as_deref(), Some("19e27d4e946b072f3f58da80d94fd778"));
        let number = one(
            "customNumberTypeAttrib",
            "Number.float",
            "4563442423554324324264524243.32543234",
        );
        let digest = md5_of_message_attributes(&number);
        assert_eq!(digest.as_deref(), Some("9fe1b90bbd9965bdf77bac517c7d2495"));
        assert_eq!(md5_of_message_attributes(&BTreeMap::new()), None);
    }

    #[test]
    fn attributes_are_refused_in_sqs_words() {
        let message = |t: &str, v: &str| check_attributes(&attr(t, v)).unwrap_err().message;
        assert_eq!(
            message("Number", "alta"),
            "Can't cast the value of message (user) attribute 'priority' to a number."
        );
        assert_eq!(
            message("String", ""),
            "Message (user) attribute 'priority' must contain a non-empty value of type 'String'."
        );
        assert_eq!(message("Text", "x"), "The type of message (user) attribute 'priority' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        assert!(message("String", "a\u{8}").starts_with("Invalid binary character '#x8'"));
        assert_eq!(
            message("", "x"),
            "Message (user) attribute 'priority' must contain a non-empty message attribute type."
        );
        let named = |n: &str| {
            let a = MessageAttribute {
                data_type: "String".into(),
                string_value: "x".into(),
            };
            check_attributes(&BTreeMap::from([(n.to_string(), a)]))
        };
        let long = "L".repeat(257);
        for bad in [
            "trace id",
            "a!",
            "AWS.x",
            "amazon.trace",
            ".a",
            "a.",
            "a..b",
            "",
            &long,
        ] {
            assert!(named(bad).is_err(), "{bad:?}");
        }
        for ok in ["attr.1øßä", "Trace-Id_2", &long[1..]] {
            assert!(named(ok).is_ok(), "{ok:?}");
        }
        for ok in [
            ("String", "alta"),
            ("Number", "10"),
            ("Number.int", "7"),
            ("String.json", "{}"),
        ] {
            assert!(check_attributes(&attr(ok.0, ok.1)).is_ok(), "{ok:?}");
        }
    }
}
