//! DynamoDB: tables with a key schema, the item operations with ConditionExpression,
//! and Streams with AWS's record shape.

pub mod config;
pub mod expr;
pub mod item;
pub mod value;

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use crate::error::{SimError, SimResult};
use crate::kernel::time::SimTime;
pub use expr::{Condition, ExprContext, Subs, Update};
pub use value::{
    item_from_plain, item_to_plain, item_to_typed, typed_json_to_plain, typed_value_to_plain,
    AttributeValue, Item,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamViewType {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

impl StreamViewType {
    /// Its name in the API: `NEW_IMAGE`.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamViewType::KeysOnly => "KEYS_ONLY",
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

impl crate::services::de::FromJson for StreamViewType {
    fn from_json(v: &Value) -> crate::services::de::Res<Self> {
        const TYPES: [StreamViewType; 4] = [
            StreamViewType::KeysOnly,
            StreamViewType::NewImage,
            StreamViewType::OldImage,
            StreamViewType::NewAndOldImages,
        ];
        let names = &["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];
        Ok(TYPES[crate::services::de::unit_variant(v, names)?])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StreamEventName {
    #[serde(rename = "INSERT")]
    Insert,
    #[serde(rename = "MODIFY")]
    Modify,
    #[serde(rename = "REMOVE")]
    Remove,
}

impl StreamEventName {
    pub fn as_str(&self) -> &'static str {
        match self {
            StreamEventName::Insert => "INSERT",
            StreamEventName::Modify => "MODIFY",
            StreamEventName::Remove => "REMOVE",
        }
    }
}

/// One change, as DynamoDB Streams records it.
#[derive(Clone, Debug)]
pub struct StreamRecord {
    pub sequence_number: u64,
    /// FNV-1a of the table's name: the first half of the eventID.
    table_name_hash: u64,
    pub event_name: StreamEventName,
    pub created_ms: SimTime,
    /// The item version the record is about (the new one, or the deleted one), whatever
    /// the view type: `keys()` reads the key attributes from it when asked. A table holds
    /// hundreds of thousands of records, so they keep no text and no copy of their own.
    image: Rc<Item>,
    key_names: Rc<KeyNames>,
    pub new_image: Option<Rc<Item>>,
    pub old_image: Option<Rc<Item>>,
}

/// A table's key schema, shared by its stream records.
#[derive(Debug)]
struct KeyNames {
    hash_key: String,
    range_key: Option<String>,
}

impl StreamRecord {
    /// `{:016x}{:016x}` of the table name's hash and the sequence number.
    pub fn event_id(&self) -> String {
        let mut id = String::with_capacity(32);
        crate::kernel::rng::push_hex(&mut id, self.table_name_hash, 16);
        crate::kernel::rng::push_hex(&mut id, self.sequence_number, 16);
        id
    }

    /// The record's `Keys`: the key attributes of the item it is about.
    pub fn keys(&self) -> Item {
        let names = &self.key_names;
        std::iter::once(&names.hash_key)
            .chain(names.range_key.iter())
            .filter_map(|name| Some((name.clone(), self.image.get(name)?.clone())))
            .collect()
    }
}

/// Key sizes DynamoDB accepts, in UTF-8 bytes (Service quotas: "Partition key length
/// 1 to 2,048 bytes", "Sort key length 1 to 1,024 bytes").
const HASH_KEY_MAX_BYTES: usize = 2048;
const RANGE_KEY_MAX_BYTES: usize = 1024;

#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub region: &'static str,
    pub hash_key: String,
    pub range_key: Option<String>,
    /// The key attributes' declared types (`S`, `N`, `B`), hash then range; `None`
    /// for a table built without definitions, which takes S or N.
    key_types: Option<(&'static str, &'static str)>,
    pub stream_view_type: Option<StreamViewType>,
    /// Items by key. Shared with stream records and write outcomes: an item version
    /// never changes once written (an update writes a new version).
    items: BTreeMap<String, Rc<Item>>,
    /// Set once from `name` and the key schema, for the stream records.
    name_hash: u64,
    key_names: Rc<KeyNames>,
    /// The stream's one shard: records in order, oldest first; `stream_base` is the
    /// sequence number of the first one still held.
    stream: VecDeque<Rc<StreamRecord>>,
    stream_base: u64,
    next_sequence: u64,
    /// AWS/DynamoDB ConditionalCheckFailedRequests, since the start.
    pub conditional_check_failed_requests: u64,
}

/// Whether a key is read from a whole item (PutItem) or from a request's `Key`
/// (GetItem, UpdateItem, DeleteItem): DynamoDB words a wrong key differently.
#[derive(Clone, Copy)]
enum Named {
    Item,
    Key,
}

/// What a write did, so the caller can trace it and feed the stream.
#[derive(Clone, Debug)]
pub struct WriteOutcome {
    pub old: Option<Rc<Item>>,
    pub new: Option<Rc<Item>>,
}

pub fn table_arn(region: &str, table_name: &str) -> String {
    format!(
        "arn:aws:dynamodb:{region}:{}:table/{table_name}",
        crate::ACCOUNT_ID
    )
}

/// The table's stream, under the one label every run gives it (a real stream's
/// label is the time it was enabled).
pub fn stream_arn(region: &str, table_name: &str) -> String {
    format!(
        "{}/stream/2025-05-13T19:00:00.000",
        table_arn(region, table_name)
    )
}

impl Table {
    pub fn new(
        name: &str,
        hash_key: &str,
        range_key: Option<&str>,
        stream: Option<StreamViewType>,
        region: &'static str,
    ) -> Self {
        Table {
            name: name.to_string(),
            region,
            hash_key: hash_key.to_string(),
            range_key: range_key.map(str::to_string),
            key_types: None,
            stream_view_type: stream,
            items: BTreeMap::new(),
            name_hash: crate::kernel::rng::fnv1a(name.as_bytes()),
            key_names: Rc::new(KeyNames {
                hash_key: hash_key.to_string(),
                range_key: range_key.map(str::to_string),
            }),
            stream: VecDeque::new(),
            stream_base: 0,
            next_sequence: 0,
            conditional_check_failed_requests: 0,
        }
    }

    pub fn arn(&self) -> String {
        table_arn(self.region, &self.name)
    }

    pub fn stream_arn(&self) -> String {
        stream_arn(self.region, &self.name)
    }

    /// The stored key of an item (`Named::Item`, PutItem) or of a request's `Key`
    /// (`Named::Key`), refused as DynamoDB refuses it.
    fn key_of(&self, item: &Item, named: Named) -> SimResult<String> {
        let part = |name: &str, declared: Option<&str>| -> SimResult<String> {
            let value = item.get(name);
            if let (Some(declared), Some(v)) = (declared, value) {
                if v.type_name() != declared {
                    return Err(SimError::new(
                        "ValidationException",
                        match named {
                            Named::Item => format!("One or more parameter values were invalid: Type mismatch for key {name} expected: {declared} actual: {}", v.type_name()),
                            Named::Key => "The provided key element does not match the schema".into(),
                        },
                    ));
                }
            }
            match value {
                Some(AttributeValue::S(s)) => Ok(tagged("S:", s)),
                Some(AttributeValue::N(n)) => Ok(tagged("N:", n)),
                Some(other) => Err(SimError::new(
                    "ValidationException",
                    format!(
                        "One or more parameter values were invalid: Type mismatch for key {name} expected: S or N actual: {}",
                        other.type_name()
                    ),
                )),
                None => Err(SimError::new(
                    "ValidationException",
                    format!("One or more parameter values were invalid: Missing the key {name} in the item"),
                )),
            }
        };
        // A partition key holds at most 2,048 bytes and a sort key 1,024 (a number's
        // 38 digits never come near), on every call that names a key.
        let too_long = |name: &str, limit: usize| matches!(item.get(name), Some(AttributeValue::S(s)) if s.len() > limit);
        if too_long(&self.hash_key, HASH_KEY_MAX_BYTES) {
            return Err(SimError::new(
                "ValidationException",
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
            ));
        }
        if self
            .range_key
            .as_deref()
            .is_some_and(|r| too_long(r, RANGE_KEY_MAX_BYTES))
        {
            return Err(SimError::new(
                "ValidationException",
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
            ));
        }
        let (hash_type, range_type) = self.key_types.unzip();
        let mut k = part(&self.hash_key, hash_type)?;
        if let Some(r) = &self.range_key {
            k.push('\u{1f}');
            k.push_str(&part(r, range_type)?);
        }
        Ok(k)
    }

    /// A table as a scenario declares it, with its initial items (written before
    /// the stream is switched on: they make no stream records).
    pub fn from_config(t: &config::TableConfig, region: &'static str) -> SimResult<Table> {
        let key = |kind: &str| {
            t.key_schema
                .iter()
                .find(|k| k.key_type == kind)
                .map(|k| k.attribute_name.as_str())
        };
        let stream = t
            .stream_specification
            .as_ref()
            .filter(|s| s.stream_enabled)
            .and_then(|s| s.stream_view_type);
        let mut table = Table::new(
            &t.table_name,
            key("HASH").unwrap_or("id"),
            key("RANGE"),
            None,
            region,
        );
        // The scenario check let only S, N and B through.
        let declared = |name: Option<&str>| match name.map(|n| t.key_type(n)) {
            Some("N") => "N",
            Some("B") => "B",
            _ => "S",
        };
        table.key_types = Some((declared(key("HASH")), declared(key("RANGE"))));
        for (i, item) in t.items.iter().enumerate() {
            let item = item_from_plain(item).ok_or_else(|| {
                SimError::new(
                    "ValidationException",
                    format!("table {}: Items[{i}] is not an object", t.table_name),
                )
            })?;
            table.put(item, None, 0).map_err(|e| {
                SimError::new(
                    e.code,
                    format!("table {}: Items[{i}]: {}", t.table_name, e.message),
                )
            })?;
        }
        table.stream_view_type = stream;
        Ok(table)
    }

    fn key_item(&self, item: &Item) -> Item {
        let mut k = Item::new();
        for name in std::iter::once(&self.hash_key).chain(self.range_key.iter()) {
            if let Some(v) = item.get(name) {
                k.insert(name.clone(), v.clone());
            }
        }
        k
    }

    pub fn get(&self, key: &Item) -> SimResult<Option<&Item>> {
        Ok(self.items.get(&self.key_of(key, Named::Key)?).map(|i| &**i))
    }

    pub fn scan(&self) -> impl Iterator<Item = &Item> {
        self.items.values().map(|i| &**i)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn check(cond: Option<&Condition>, current: Option<&Item>) -> SimResult<()> {
        match cond {
            Some(c) if !c.holds(current) => Err(SimError::new(
                "ConditionalCheckFailedException",
                "The conditional request failed",
            )),
            _ => Ok(()),
        }
    }

    fn count_failed_check(&mut self, checked: SimResult<()>) -> SimResult<()> {
        if checked.is_err() {
            self.conditional_check_failed_requests += 1;
        }
        checked
    }

    pub fn put(
        &mut self,
        item: Item,
        cond: Option<&Condition>,
        now_ms: SimTime,
    ) -> SimResult<WriteOutcome> {
        let key = self.key_of(&item, Named::Item)?;
        if item_size_bytes(&item) > crate::limits::dynamodb::ITEM_SIZE_MAX_BYTES {
            return Err(SimError::new(
                "ValidationException",
                "Item size has exceeded the maximum allowed size",
            ));
        }
        let checked = Self::check(cond, self.items.get(&key).map(|i| &**i));
        self.count_failed_check(checked)?;
        let item = Rc::new(stored(item));
        let old = self.items.insert(key, item.clone());
        let out = WriteOutcome {
            old,
            new: Some(item),
        };
        self.record(&out, now_ms);
        Ok(out)
    }

    pub fn update(
        &mut self,
        key: &Item,
        update: &Update,
        cond: Option<&Condition>,
        now_ms: SimTime,
    ) -> SimResult<WriteOutcome> {
        let k = self.key_of(key, Named::Key)?;
        for name in update.top_level_names() {
            if name == self.hash_key || Some(name) == self.range_key.as_deref() {
                return Err(SimError::new(
                    "ValidationException",
                    format!("One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"),
                ));
            }
        }
        let old = self.items.get(&k).cloned();
        let checked = Self::check(cond, old.as_deref());
        self.count_failed_check(checked)?;
        // UpdateItem creates the item when it does not exist (an upsert), as on AWS.
        let applied = match old.as_deref() {
            Some(current) => update.applied(current),
            None => update.applied(&self.key_item(key)),
        };
        let applied = applied.map_err(|m| SimError::new("ValidationException", m))?;
        // The limit holds for the item as updated: PutItem's check alone let an
        // update grow an item past 400 KB.
        if item_size_bytes(&applied) > crate::limits::dynamodb::ITEM_SIZE_MAX_BYTES {
            return Err(SimError::new(
                "ValidationException",
                "Item size to update has exceeded the maximum allowed size",
            ));
        }
        let new = Rc::new(stored(applied));
        self.items.insert(k, new.clone());
        let out = WriteOutcome {
            old,
            new: Some(new),
        };
        self.record(&out, now_ms);
        Ok(out)
    }

    pub fn delete(
        &mut self,
        key: &Item,
        cond: Option<&Condition>,
        now_ms: SimTime,
    ) -> SimResult<WriteOutcome> {
        let k = self.key_of(key, Named::Key)?;
        let checked = Self::check(cond, self.items.get(&k).map(|i| &**i));
        self.count_failed_check(checked)?;
        let old = self.items.remove(&k);
        let out = WriteOutcome { old, new: None };
        if out.old.is_some() {
            self.record(&out, now_ms);
        }
        Ok(out)
    }

    fn record(&mut self, out: &WriteOutcome, now_ms: SimTime) {
        let Some(view) = self.stream_view_type else {
            return;
        };
        // "If you perform a PutItem or UpdateItem operation that does not change any
        // data in an item, DynamoDB Streams does not write a stream record for that
        // operation" (Change data capture for DynamoDB Streams).
        if matches!((&out.old, &out.new), (Some(old), Some(new)) if value::same_item(old, new)) {
            return;
        }
        let any = out
            .new
            .as_ref()
            .or(out.old.as_ref())
            .expect("a write has an image");
        let event_name = match (&out.old, &out.new) {
            (None, Some(_)) => StreamEventName::Insert,
            (Some(_), Some(_)) => StreamEventName::Modify,
            _ => StreamEventName::Remove,
        };
        let (new_image, old_image) = match view {
            StreamViewType::KeysOnly => (None, None),
            StreamViewType::NewImage => (out.new.clone(), None),
            StreamViewType::OldImage => (None, out.old.clone()),
            StreamViewType::NewAndOldImages => (out.new.clone(), out.old.clone()),
        };
        let seq = self.next_sequence;
        self.next_sequence += 1;
        self.stream.push_back(Rc::new(StreamRecord {
            sequence_number: seq,
            table_name_hash: self.name_hash,
            event_name,
            created_ms: now_ms,
            image: any.clone(),
            key_names: self.key_names.clone(),
            new_image,
            old_image,
        }));
    }

    /// Records from `sequence_number` on, at most `limit`.
    /// Shared, not copied: a record never changes once written.
    pub fn stream_read(&self, from: u64, limit: usize) -> Vec<Rc<StreamRecord>> {
        let skip = from.saturating_sub(self.stream_base) as usize;
        self.stream
            .range(skip.min(self.stream.len())..)
            .take(limit)
            .cloned()
            .collect()
    }

    /// The record `sequence`, if the stream still has it (kept 24 h).
    pub fn stream_record(&self, sequence: u64) -> Option<&StreamRecord> {
        let i = sequence.checked_sub(self.stream_base)?;
        let r = self.stream.get(usize::try_from(i).ok()?)?;
        (r.sequence_number == sequence).then_some(&**r)
    }

    /// The sequence number the next record will get.
    pub fn stream_end(&self) -> u64 {
        self.next_sequence
    }

    /// Drops records older than the stream's 24-hour retention, and any that every
    /// reader (`min_position`) has passed.
    pub fn stream_trim(&mut self, now_ms: SimTime, min_position: u64) {
        while let Some(r) = self.stream.front() {
            let expired =
                now_ms.saturating_sub(r.created_ms) >= crate::limits::lambda::STREAM_RETENTION_MS;
            if expired || r.sequence_number < min_position {
                self.stream.pop_front();
                self.stream_base += 1;
            } else {
                break;
            }
        }
    }

    /// The record as a Lambda stream event's `Records[]` entry.
    pub fn stream_record_json(&self, r: &StreamRecord, epoch_ms: u64) -> Value {
        stream_record_json(r, self.stream_view_type, &self.stream_arn(), epoch_ms)
    }

    /// Records from `from` on, at most `limit`, with the last sequence number and the
    /// first record's creation time. Typed: their JSON is built only when read.
    pub fn stream_batch(
        &self,
        from: u64,
        limit: usize,
    ) -> Option<(Vec<Rc<StreamRecord>>, u64, SimTime)> {
        let records = self.stream_read(from, limit);
        let last = records.last()?.sequence_number;
        let first_created = records[0].created_ms;
        Some((records, last, first_created))
    }
}

/// The item's size as the simulator measures it: the length of its DynamoDB JSON.
/// That JSON is built only when a cheap upper bound says the item may be near the
/// limit (almost never), so a write does not serialise its item.
/// `{tag}{text}` (`S:abc`), in one allocation.
fn tagged(tag: &str, text: &str) -> String {
    let mut k = String::with_capacity(tag.len() + text.len());
    k.push_str(tag);
    k.push_str(text);
    k
}

fn item_size_bytes(item: &Item) -> usize {
    let bound = item_size_upper_bound(item);
    if bound <= crate::limits::dynamodb::ITEM_SIZE_MAX_BYTES {
        return bound;
    }
    item_to_typed(item).to_string().len()
}

/// At least the length of `item_to_typed(item).to_string()`: every string counted
/// as if each byte needed a 6-byte escape, every value with its `{"T":…}` wrapper.
fn item_size_upper_bound(item: &Item) -> usize {
    fn text(t: &str) -> usize {
        2 + 6 * t.len()
    }
    fn value(v: &AttributeValue) -> usize {
        let inner = match v {
            AttributeValue::S(t) | AttributeValue::N(t) => text(t),
            AttributeValue::Bool(_) | AttributeValue::Null => 5,
            AttributeValue::M(m) => item_size_upper_bound(m),
            AttributeValue::L(l) => 2 + l.iter().map(|x| value(x) + 1).sum::<usize>(),
            AttributeValue::Ss(l) | AttributeValue::Ns(l) => {
                2 + l.iter().map(|x| text(x) + 1).sum::<usize>()
            }
        };
        // {"NULL": …}: braces, the longest type name quoted, the colon.
        inner + 10
    }
    2 + item
        .iter()
        .map(|(name, v)| text(name) + 2 + value(v))
        .sum::<usize>()
}

/// Record `sequence` as a stream event's `SequenceNumber`: 10^20 + sequence, 21 digits
/// without leading zeros (StreamRecord: "Minimum length of 21"; the fidelity check read
/// "000100000000000000000", which AWS never writes). 10^20 is past u64: written as text.
pub fn sequence_number_text(sequence: u64) -> String {
    format!("1{sequence:020}")
}

/// The record a `SequenceNumber` names (a function's `itemIdentifier`), if it is one.
pub fn sequence_of(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('1').filter(|d| d.len() == 20)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An item version as the table keeps it: without spare capacity, since it never grows.
fn stored(mut item: Item) -> Item {
    item.shrink_to_fit();
    item
}

/// A stream record as a Lambda stream event's `Records[]` entry, built field by field.
pub fn stream_record_json(
    r: &StreamRecord,
    view: Option<StreamViewType>,
    stream_arn: &str,
    epoch_ms: u64,
) -> Value {
    let mut d = serde_json::Map::new();
    d.insert(
        "ApproximateCreationDateTime".into(),
        Value::from((epoch_ms + r.created_ms) / 1000),
    );
    d.insert("Keys".into(), item_to_typed(&r.keys()));
    if let Some(n) = &r.new_image {
        d.insert("NewImage".into(), item_to_typed(n));
    }
    if let Some(o) = &r.old_image {
        d.insert("OldImage".into(), item_to_typed(o));
    }
    d.insert(
        "SequenceNumber".into(),
        Value::String(sequence_number_text(r.sequence_number)),
    );
    let size = 26 + r.new_image.as_ref().map(|i| i.len() * 24).unwrap_or(0);
    d.insert("SizeBytes".into(), Value::from(size as u64));
    let view = view.map_or("", StreamViewType::as_str);
    d.insert("StreamViewType".into(), Value::String(view.into()));
    let mut rec = serde_json::Map::new();
    rec.insert("eventID".into(), Value::String(r.event_id()));
    rec.insert(
        "eventName".into(),
        Value::String(r.event_name.as_str().into()),
    );
    rec.insert("eventVersion".into(), Value::String("1.1".into()));
    rec.insert("eventSource".into(), Value::String("aws:dynamodb".into()));
    rec.insert(
        "awsRegion".into(),
        Value::String(crate::region::of_arn(stream_arn).into()),
    );
    rec.insert("dynamodb".into(), Value::Object(d));
    rec.insert(
        "eventSourceARN".into(),
        Value::String(stream_arn.to_string()),
    );
    Value::Object(rec)
}

/// The DynamoDB service of one world: its tables, in the scenario's order.
#[derive(Clone, Debug, Default)]
pub struct DynamoDb {
    pub tables: Vec<Table>,
    /// The expressions the world's functions send, tokenized once.
    pub(crate) exprs: expr::ExprCache,
}

impl DynamoDb {
    pub fn index(&self, name: &str) -> SimResult<usize> {
        self.tables
            .iter()
            .position(|t| t.name == name)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Requested resource not found: Table: {name} not found"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_have_21_digits_without_leading_zeros_and_read_back() {
        for n in [0, 1, 41, u64::MAX] {
            let text = sequence_number_text(n);
            assert!(text.len() >= 21 && text.starts_with('1'), "{text}");
            assert_eq!(sequence_of(&text), Some(n));
        }
        assert_eq!(sequence_number_text(7), "100000000000000000007");
        for bad in [
            "",
            "7",
            "000100000000000000007",
            "10000000000000000000x",
            "2".repeat(21).as_str(),
        ] {
            assert_eq!(sequence_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_size_bound_is_never_below_the_size() {
        let texts = [
            "",
            "plain",
            "quote\" and \\ back",
            "tab\t nl\n \u{1}",
            "ção €😀",
        ];
        for (i, t) in texts.iter().enumerate() {
            let plain = serde_json::json!({
                "id": t, "n": i, "flag": i % 2 == 0, "none": null,
                "list": [t, i, [t]], "map": { t.to_string(): { "deep": t } }, t.to_string(): t,
            });
            let item = item_from_plain(&plain).unwrap();
            let exact = item_to_typed(&item).to_string().len();
            assert!(item_size_upper_bound(&item) >= exact, "{plain}");
            assert!(item_size_bytes(&item) <= crate::limits::dynamodb::ITEM_SIZE_MAX_BYTES);
        }
        let big = item_from_plain(&serde_json::json!({ "id": "x".repeat(500_000) })).unwrap();
        assert!(item_size_bytes(&big) > crate::limits::dynamodb::ITEM_SIZE_MAX_BYTES);
    }
    use serde_json::json;

    /// Lab 004's Orders table with a NEW_AND_OLD_IMAGES stream.
    fn orders_with_stream() -> Table {
        Table::new(
            "Orders",
            "orderId",
            None,
            Some(StreamViewType::NewAndOldImages),
            "us-east-1",
        )
    }

    fn item(v: Value) -> Item {
        item_from_plain(&v).unwrap()
    }

    /// A key of a type its AttributeDefinitions do not declare is refused, in PutItem's
    /// words for an item and in GetItem/UpdateItem/DeleteItem's for a Key; an undeclared
    /// key attribute is a string (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html;
    /// the messages are DynamoDB's, as SDK issues quote them).
    #[test]
    fn keys_are_refused_unless_of_their_declared_type() {
        let config = |defs: Value| {
            <config::TableConfig as crate::services::de::FromJson>::from_json(&json!({
                "TableName": "pedidos", "AttributeDefinitions": defs,
                "KeySchema": [{"AttributeName": "pedidoId", "KeyType": "HASH"},
                              {"AttributeName": "seq", "KeyType": "RANGE"}]
            }))
            .unwrap()
        };
        let mut t = Table::from_config(
            &config(json!([{"AttributeName": "seq", "AttributeType": "N"}])),
            "us-east-1",
        )
        .unwrap();
        t.put(item(json!({"pedidoId": "p1", "seq": 1})), None, 0)
            .unwrap();
        let refused = |r: SimResult<WriteOutcome>| r.unwrap_err().message;
        assert_eq!(
            refused(t.put(item(json!({"pedidoId": 5, "seq": 1})), None, 0)),
            "One or more parameter values were invalid: Type mismatch for key pedidoId expected: S actual: N"
        );
        assert_eq!(
            refused(t.put(item(json!({"pedidoId": "p2", "seq": "1"})), None, 0)),
            "One or more parameter values were invalid: Type mismatch for key seq expected: N actual: S"
        );
        let schema = "The provided key element does not match the schema";
        assert_eq!(
            t.get(&item(json!({"pedidoId": "p1", "seq": "1"})))
                .unwrap_err()
                .message,
            schema
        );
        assert_eq!(
            refused(t.delete(&item(json!({"pedidoId": 1, "seq": 1})), None, 0)),
            schema
        );
        let u = Update::parse("SET a = :a", &{
            let mut c = ExprContext::default();
            c.values.insert(":a".into(), AttributeValue::S("x".into()));
            c
        })
        .unwrap();
        assert_eq!(
            refused(t.update(&item(json!({"pedidoId": true, "seq": 1})), &u, None, 0)),
            schema
        );
        assert_eq!(t.len(), 1, "nothing refused was written");
        assert!(t
            .get(&item(json!({"pedidoId": "p1", "seq": 1})))
            .unwrap()
            .is_some());
    }

    #[test]
    fn conditional_put_is_idempotent_create() {
        let mut t = orders_with_stream();
        let cond =
            Condition::parse("attribute_not_exists(orderId)", &ExprContext::default()).unwrap();
        t.put(item(json!({"orderId": "o1", "n": 1})), Some(&cond), 0)
            .unwrap();
        let err = t
            .put(item(json!({"orderId": "o1", "n": 2})), Some(&cond), 1)
            .unwrap_err();
        assert_eq!(err.code, "ConditionalCheckFailedException");
        assert_eq!(err.message, "The conditional request failed");
        assert_eq!(t.len(), 1);
        assert_eq!(
            t.stream_end(),
            1,
            "a failed condition writes no stream record"
        );
    }

    #[test]
    fn stream_records_have_aws_shape_and_view_types() {
        let mut t = orders_with_stream();
        t.put(item(json!({"orderId": "o1", "status": "PENDING"})), None, 5)
            .unwrap();
        let mut ctx = ExprContext::default();
        ctx.values
            .insert(":s".into(), AttributeValue::S("COMPLETED".into()));
        let u = Update::parse("SET status = :s", &ctx).unwrap();
        t.update(&item(json!({"orderId": "o1"})), &u, None, 6)
            .unwrap();
        t.delete(&item(json!({"orderId": "o1"})), None, 7).unwrap();
        let recs = t.stream_read(0, 10);
        let names: Vec<_> = recs.iter().map(|r| r.event_name).collect();
        assert_eq!(
            names,
            vec![
                StreamEventName::Insert,
                StreamEventName::Modify,
                StreamEventName::Remove
            ]
        );
        let j = t.stream_record_json(&recs[1], 0);
        assert_eq!(j["eventName"], "MODIFY");
        assert_eq!(j["eventSource"], "aws:dynamodb");
        assert_eq!(
            j["dynamodb"]["NewImage"]["status"],
            json!({"S": "COMPLETED"})
        );
        assert_eq!(j["dynamodb"]["OldImage"]["status"], json!({"S": "PENDING"}));
        assert_eq!(j["dynamodb"]["Keys"], json!({"orderId": {"S": "o1"}}));

        let mut keys_only =
            Table::new("T", "id", None, Some(StreamViewType::KeysOnly), "us-east-1");
        keys_only
            .put(item(json!({"id": "a", "x": 1})), None, 0)
            .unwrap();
        let j = keys_only.stream_record_json(&keys_only.stream_read(0, 1)[0], 0);
        assert!(j["dynamodb"].get("NewImage").is_none());
    }

    /// "If you perform a PutItem or UpdateItem operation that does not change any data
    /// in an item, DynamoDB Streams does not write a stream record for that operation"
    /// (docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
    #[test]
    fn a_write_that_changes_nothing_writes_no_stream_record() {
        let mut t = orders_with_stream();
        let order = json!({"orderId": "o1", "status": "PENDING", "amount": 10});
        t.put(item(order.clone()), None, 5).unwrap();
        t.put(item(order), None, 6).unwrap();
        // DynamoDB trims a number's zeroes: 10.0 is the 10 already stored.
        t.put(
            item(json!({"orderId": "o1", "status": "PENDING", "amount": 10.0})),
            None,
            6,
        )
        .unwrap();
        let mut ctx = ExprContext::default();
        ctx.values
            .insert(":s".into(), AttributeValue::S("PENDING".into()));
        let same = Update::parse("SET status = :s", &ctx).unwrap();
        t.update(&item(json!({"orderId": "o1"})), &same, None, 7)
            .unwrap();
        assert_eq!(t.stream_read(0, 10).len(), 1, "only the INSERT");
        ctx.values
            .insert(":s".into(), AttributeValue::S("COMPLETED".into()));
        let changed = Update::parse("SET status = :s", &ctx).unwrap();
        t.update(&item(json!({"orderId": "o1"})), &changed, None, 8)
            .unwrap();
        let names: Vec<_> = t.stream_read(0, 10).iter().map(|r| r.event_name).collect();
        assert_eq!(names, [StreamEventName::Insert, StreamEventName::Modify]);
    }

    #[test]
    fn key_errors_read_like_dynamodb() {
        let mut t = Table::new("Orders", "orderId", None, None, "us-east-1");
        let e = t.put(item(json!({"id": "x"})), None, 0).unwrap_err();
        assert!(
            e.message.contains("Missing the key orderId"),
            "{}",
            e.message
        );
        let mut ctx = ExprContext::default();
        ctx.values
            .insert(":v".into(), AttributeValue::S("y".into()));
        let u = Update::parse("SET orderId = :v", &ctx).unwrap();
        let e = t
            .update(&item(json!({"orderId": "x"})), &u, None, 0)
            .unwrap_err();
        assert!(e.message.contains("part of the key"));
    }

    /// "The maximum item size in DynamoDB is 400 KB" holds for an item an UpdateItem
    /// grows, as for one PutItem writes; the refused update changes nothing
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
    #[test]
    fn an_update_that_grows_an_item_past_400_kb_is_refused() {
        let mut t = Table::new("Orders", "orderId", None, None, "us-east-1");
        let half = "x".repeat(250 * 1024);
        t.put(item(json!({ "orderId": "o1", "a": half })), None, 0)
            .unwrap();
        let mut ctx = ExprContext::default();
        ctx.values
            .insert(":v".into(), AttributeValue::S(half.clone()));
        let u = Update::parse("SET b = :v", &ctx).unwrap();
        let e = t
            .update(&item(json!({"orderId": "o1"})), &u, None, 1)
            .unwrap_err();
        assert_eq!(e.code, "ValidationException");
        assert!(e.message.contains("maximum allowed size"), "{}", e.message);
        let kept = t.get(&item(json!({"orderId": "o1"}))).unwrap().unwrap();
        assert!(
            !kept.contains_key("b"),
            "the refused update changed the item"
        );
    }

    /// Partition keys up to 2,048 bytes, sort keys up to 1,024, counted in UTF-8 bytes,
    /// on writes and reads alike (DynamoDB service quotas:
    /// <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html>).
    #[test]
    fn keys_longer_than_dynamodb_allows_are_refused() {
        let mut t = Table::new("Orders", "orderId", None, None, "us-east-1");
        let at_limit = "€".repeat(682) + "xx"; // 682 × 3 + 2 = 2,048 bytes
        t.put(item(json!({ "orderId": at_limit })), None, 0)
            .unwrap();
        let over = "x".repeat(2049);
        let e = t
            .put(item(json!({ "orderId": over })), None, 1)
            .unwrap_err();
        assert_eq!(e.code, "ValidationException");
        assert_eq!(e.message, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        assert_eq!(t.len(), 1, "nothing written");
        let e = t.get(&item(json!({ "orderId": over }))).unwrap_err();
        assert!(e.message.contains("Size of hashkey"));

        let mut sorted = Table::new("T", "pk", Some("sk"), None, "us-east-1");
        sorted
            .put(item(json!({ "pk": "a", "sk": "y".repeat(1024) })), None, 0)
            .unwrap();
        let e = sorted
            .put(item(json!({ "pk": "a", "sk": "y".repeat(1025) })), None, 1)
            .unwrap_err();
        assert_eq!(e.message, "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }
}
