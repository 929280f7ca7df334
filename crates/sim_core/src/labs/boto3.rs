//! What boto3 prints of a DynamoDB response besides its attributes: the
//! `ResponseMetadata` with the HTTP headers DynamoDB sent, as lab 000's log lines show
//! them (seed 000, section 6.2: `'HTTPHeaders': {'server': 'Server', 'date': …,
//! 'content-type': 'application/x-amz-json-1.0', 'content-length': '108', 'connection':
//! 'keep-alive', 'x-amzn-requestid': …, 'x-amz-crc32': '3088614704'}`).
//! `content-length` and `x-amz-crc32` are the length and CRC-32 of the JSON body
//! DynamoDB answered: for the lab's own cancel response, 108 and 3088614704.

use super::AttributeValue;

/// The body of an UpdateItem answer with ReturnValues UPDATED_NEW: the attributes in
/// DynamoDB's typed JSON, in the order given.
pub(super) fn update_item_body(attributes: &[(&str, &AttributeValue)]) -> String {
    let mut body = String::from(r#"{"Attributes":{"#);
    for (i, (name, value)) in attributes.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&serde_json::Value::from(*name).to_string());
        body.push(':');
        body.push_str(&value.to_typed().to_string());
    }
    body.push_str("}}");
    body
}

/// `'ResponseMetadata': {…}` for a DynamoDB answer with this body, at `now_iso`
/// (`2025-05-13T19:46:17.248Z`).
pub(super) fn response_metadata(request_id: &str, body: &str, now_iso: &str) -> String {
    format!(
        "'ResponseMetadata': {{'RequestId': '{request_id}', 'HTTPStatusCode': 200, 'HTTPHeaders': {{'server': 'Server', 'date': '{}', 'content-type': 'application/x-amz-json-1.0', 'content-length': '{}', 'connection': 'keep-alive', 'x-amzn-requestid': '{request_id}', 'x-amz-crc32': '{}'}}, 'RetryAttempts': 0}}",
        http_date(now_iso),
        body.len(),
        crc32(body.as_bytes())
    )
}

/// CRC-32 (IEEE 802.3, as zlib's `crc32`), bit by bit: response bodies are short.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// RFC 7231's IMF-fixdate (`Tue, 13 May 2025 19:46:17 GMT`) of an ISO 8601 UTC time;
/// the ISO text itself when it is not one.
pub fn http_date(iso: &str) -> String {
    let num = |r: std::ops::Range<usize>| iso.get(r).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d), Some(time)) =
        (num(0..4), num(5..7), num(8..10), iso.get(11..19))
    else {
        return iso.to_string();
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    if !(1..=12).contains(&m) {
        return iso.to_string();
    }
    // Sakamoto's day of the week (0 = Sunday).
    const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let yy = if m < 3 { y - 1 } else { y };
    let dow = (yy + yy / 4 - yy / 100 + yy / 400 + T[(m - 1) as usize] + d).rem_euclid(7);
    format!(
        "{}, {d:02} {} {y:04} {time} GMT",
        DAYS[dow as usize],
        MONTHS[(m - 1) as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 000, section 6.2: the cancel response DynamoDB sent the lab, byte for byte.
    #[test]
    fn the_labs_own_cancel_response_has_the_labs_length_and_crc() {
        let t = AttributeValue::S("2025-05-13T19:46:17.248662Z".into());
        let s = AttributeValue::S("CANCELADO".into());
        let body = update_item_body(&[("timestampAtualizacao", &t), ("statusPedido", &s)]);
        assert_eq!(body.len(), 108);
        assert_eq!(crc32(body.as_bytes()), 3_088_614_704);
        assert_eq!(
            http_date("2025-05-13T19:46:17.248Z"),
            "Tue, 13 May 2025 19:46:17 GMT"
        );
        assert_eq!(http_date("not a date"), "not a date");
    }
}
