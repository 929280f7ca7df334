//! One matcher per event bus: every rule's pattern compiled into one index, the way
//! aws/event-ruler and quamina do, so an event costs about the same against 300 rules
//! as against 3.
//!
//! Compiled: the field paths the patterns name form a tree (event keys lead from one
//! path to the next); each path holds its tests: exact values and equals-ignore-case in
//! hash maps, other operators in a short list, each distinct test once however many
//! rules share it. Each alternative (a rule, or one `$or` branch) has one trigger: its
//! field shared by the fewest alternatives, preferring hashed ones; a trigger's
//! alternatives are grouped by a second hashed field they need.
//!
//! Per event: the event is walked once, only down paths some pattern names; each leaf
//! looks up its path's hashed tests and runs the listed tests of trigger fields. A
//! fired trigger makes candidates of its groups whose second field holds; a
//! candidate's other fields are then evaluated once per event however many
//! candidates share them. Checking fields one by one is exact unless the alternative
//! has an `exists: false` field or two of its fields have leaves inside event arrays
//! (array-element consistency): those candidates are confirmed by the same
//! backtracking `EventPattern` uses.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::pattern::{EventPattern, FieldRule, Leaf, LeafRef, Matcher};
use super::Rule;

/// FNV-1a for the exact-value maps: short keys, no iteration, so any fixed hash does.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

type FnvMap<K> = HashMap<K, u32, BuildHasherDefault<Fnv>>;

/// A joined field path ("detail.amount"): the keys that lead on from it, and whether a
/// field rule looks at the leaves found here.
#[derive(Clone, Debug, Default)]
struct Node {
    /// The event key `k` leads to the node of `join(path, k)`.
    children: Vec<Child>,
    /// The same, hashed, for nodes with many children.
    children_by_key: Option<FnvMap<Box<str>>>,
    /// Some field rule names this path, so its leaves are kept.
    is_field: bool,
    tests: PathTests,
}

#[derive(Clone, Debug)]
struct Child {
    /// Length, first and last byte of the key: most keys are told apart by these.
    signature: u32,
    key: Box<str>,
    node: u32,
}

/// Up to this many children, a scan of signatures beats hashing the key.
const SCANNED_CHILDREN: usize = 16;

fn key_signature(key: &str) -> u32 {
    let b = key.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    (b.len().min(0xffff) as u32) << 16 | (first.unwrap_or(0) as u32) << 8 | last.unwrap_or(0) as u32
}

/// The tests run on every leaf at one path. A test is one distinct matcher;
/// `BusMatcher::test_fields` says which fields it satisfies.
#[derive(Clone, Debug, Default)]
struct PathTests {
    exact_str: FnvMap<Box<str>>,
    /// Exact numbers by their bits (+0.0 for -0.0): numbers compare by value.
    exact_num: FnvMap<u64>,
    /// Exact booleans and null.
    exact_other: Vec<(Leaf, u32)>,
    /// equals-ignore-case, keyed by the lowercased text.
    ignore_case: FnvMap<Box<str>>,
    /// Other operators of trigger fields, tried one by one.
    scan: Vec<(Matcher, u32)>,
}

/// A distinct field rule (path and matchers), shared by every alternative that has it.
#[derive(Clone, Debug)]
struct Field {
    node: u32,
    matchers: Vec<Matcher>,
    /// The matchers the path's hashed tests do not cover: evaluated when needed.
    unhashed: Vec<Matcher>,
    /// Holds `exists: false`: never counted, always confirmed.
    absent_ok: bool,
    /// The alternatives this field triggers, grouped by a second hashed field they
    /// also need, so one look at that field rules out a whole group.
    triggers: Vec<TriggerGroup>,
}

#[derive(Clone, Debug)]
struct TriggerGroup {
    /// A hashed field every alternative of the group counts too, if they share one.
    also: Option<u32>,
    alternatives: Vec<u32>,
}

/// One alternative of one rule (a pattern without `$or` has one).
#[derive(Clone, Debug)]
struct Alternative {
    /// The rule's place among the matcher's rules, sorted by rule index.
    slot: u32,
    /// In the pattern's order (`exists: false` last), for confirmation.
    fields: Vec<u32>,
    /// The distinct fields some leaf must satisfy (all but `exists: false` ones).
    counted: Vec<u32>,
    /// Those left to check once its trigger group named it a candidate.
    unchecked: Vec<u32>,
    has_absent: bool,
}

/// Every rule of one bus, compiled together.
#[derive(Clone, Debug, Default)]
pub struct BusMatcher {
    /// Node 0 is the root (the empty path).
    nodes: Vec<Node>,
    fields: Vec<Field>,
    alternatives: Vec<Alternative>,
    /// Per test, the fields it satisfies.
    test_fields: Vec<Vec<u32>>,
    /// Alternatives with only `exists: false` fields: candidates for every event.
    always: Vec<u32>,
    /// Rule index by slot, ascending.
    rules: Vec<u32>,
}

/// Reusable per-event buffers, so matching allocates nothing once warmed up.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    flat: Flat,
    marks: Marks,
    lower: String,
    chosen: Vec<(u32, u32)>,
}

/// The event's leaves at the paths patterns name.
#[derive(Clone, Debug, Default)]
struct Flat {
    leaves: Vec<FlatLeaf>,
    /// Every string leaf's text, back to back.
    text: String,
    /// Every leaf's (array id, index) positions, back to back.
    positions: Vec<(u32, u32)>,
    /// Positions on the way down to the current value.
    stack: Vec<(u32, u32)>,
    next_array: u32,
    /// Child nodes met in the objects being read, to spot duplicate keys.
    keys: Vec<u32>,
}

#[derive(Clone, Copy, Debug)]
struct FlatLeaf {
    node: u32,
    value: FlatValue,
    /// Range in `Flat::positions`.
    positions: (u32, u32),
}

#[derive(Clone, Copy, Debug)]
enum FlatValue {
    /// Range in `Flat::text`.
    Str(u32, u32),
    Num(f64),
    Bool(bool),
    Null,
}

/// Per-event marks, valid while they carry the current epoch (no clearing per event).
#[derive(Clone, Debug, Default)]
struct Marks {
    epoch: u32,
    /// (epoch, satisfied) per field, once known.
    field_state: Vec<(u32, bool)>,
    /// The epoch in which a leaf inside an array was seen at the node.
    node_in_array: Vec<u32>,
    /// Some leaf of this event is inside an array.
    any_in_array: bool,
    /// (epoch, 1 + last leaf) per node, and per leaf 1 + the previous leaf at its node.
    node_last_leaf: Vec<(u32, u32)>,
    previous_leaf: Vec<u32>,
    /// Trigger fields satisfied by this event.
    fired: Vec<u32>,
    candidates: Vec<u32>,
    /// Matched rule slots, one bit each.
    slots: Vec<u64>,
}

/// Said when an object repeats a key a pattern names: the bytes are then parsed into a
/// `Value` (where the last one wins) and matched from there.
const DUPLICATE_KEY: &str = "a key the patterns name appears twice in one object";

impl BusMatcher {
    /// Compiles `(rule index, pattern)` pairs; matches are reported by rule index.
    pub fn new(patterns: &[(u32, &EventPattern)]) -> BusMatcher {
        let mut b = Builder::default();
        for (rule, pattern) in patterns {
            for rules in pattern.alternatives() {
                b.add_alternative(*rule, rules);
            }
        }
        b.finish()
    }

    /// The rules whose pattern matches `event`, ascending (allocates fresh buffers).
    pub fn matching_rules(&self, event: &Value) -> Vec<u32> {
        let mut out = Vec::new();
        self.matching_rules_with(event, &mut Scratch::default(), &mut out);
        out
    }

    /// Like `matching_rules`, into `out` (cleared first), reusing `scratch`.
    pub fn matching_rules_with(&self, event: &Value, scratch: &mut Scratch, out: &mut Vec<u32>) {
        scratch.flat.clear();
        self.walk_value(event, 0, &mut scratch.flat);
        self.match_flat(scratch, out);
    }

    /// Parses one JSON document and matches it without building a `Value`: only the
    /// paths patterns name are kept, the rest is skipped (its syntax is checked, but a
    /// lone surrogate escape in a string there is not refused). Otherwise answers as
    /// parsing into a `Value` and calling `matching_rules` would, errors included.
    pub fn matching_rules_in_json(
        &self,
        json: &[u8],
        scratch: &mut Scratch,
        out: &mut Vec<u32>,
    ) -> Result<(), serde_json::Error> {
        scratch.flat.clear();
        // UTF-8 checked once for the whole text, not string by string.
        let Ok(text) = std::str::from_utf8(json) else {
            // Not UTF-8: the Value parser says where (or, inside no string, matches).
            let event: Value = serde_json::from_slice(json)?;
            self.matching_rules_with(&event, scratch, out);
            return Ok(());
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let walked = Walk {
            m: self,
            node: 0,
            flat: &mut scratch.flat,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end());
        if walked.is_ok() {
            self.match_flat(scratch, out);
        } else {
            // A duplicate key, or not JSON: the Value parser decides (and explains).
            let event: Value = serde_json::from_slice(json)?;
            self.matching_rules_with(&event, scratch, out);
        }
        Ok(())
    }

    /// How many alternatives (rules, plus one per extra `$or` branch) are compiled.
    pub fn alternative_count(&self) -> usize {
        self.alternatives.len()
    }

    fn child(&self, node: u32, key: &str) -> Option<u32> {
        let node = self.nodes.get(node as usize)?;
        if let Some(by_key) = &node.children_by_key {
            return by_key.get(key).copied();
        }
        let signature = key_signature(key);
        node.children
            .iter()
            .find(|c| c.signature == signature && *c.key == *key)
            .map(|c| c.node)
    }

    fn is_field(&self, node: u32) -> bool {
        self.nodes.get(node as usize).is_some_and(|n| n.is_field)
    }

    /// Flattens like `EventPattern` does, but only down the paths patterns name.
    fn walk_value(&self, v: &Value, node: u32, flat: &mut Flat) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    if let Some(child) = self.child(node, k) {
                        self.walk_value(x, child, flat);
                    }
                }
            }
            Value::Array(a) => {
                let id = flat.open_array();
                for (i, x) in a.iter().enumerate() {
                    flat.stack.push((id, i as u32));
                    self.walk_value(x, node, flat);
                    flat.stack.pop();
                }
            }
            Value::String(s) => self.leaf(node, LeafRef::Str(s), flat),
            Value::Number(n) => {
                if let Some(x) = n.as_f64() {
                    self.leaf(node, LeafRef::Num(x), flat);
                }
            }
            Value::Bool(b) => self.leaf(node, LeafRef::Bool(*b), flat),
            Value::Null => self.leaf(node, LeafRef::Null, flat),
        }
    }

    fn leaf(&self, node: u32, value: LeafRef<'_>, flat: &mut Flat) {
        if self.is_field(node) {
            flat.push(node, value);
        }
    }

    /// Runs the leaves' tests, then checks the candidates the triggers named.
    fn match_flat(&self, scratch: &mut Scratch, out: &mut Vec<u32>) {
        out.clear();
        let Scratch {
            flat,
            marks,
            lower,
            chosen,
        } = scratch;
        marks.start(self, flat.leaves.len());
        for (i, leaf) in flat.leaves.iter().enumerate() {
            marks.link_leaf(i, leaf);
            let Some(node) = self.nodes.get(leaf.node as usize) else {
                continue;
            };
            self.run_tests(&node.tests, flat.value(leaf), lower, marks);
        }
        self.name_candidates(marks);
        let mut i = 0;
        while let Some(&a) = marks.candidates.get(i) {
            i += 1;
            let Some(alt) = self.alternatives.get(a as usize) else {
                continue;
            };
            if marks.has_slot(alt.slot) {
                continue;
            }
            let counted_hold = alt
                .unchecked
                .iter()
                .all(|&f| self.field_holds(f, flat, marks));
            if counted_hold
                && (!self.needs_confirmation(alt, marks) || {
                    chosen.clear();
                    self.confirm(&alt.fields, flat, chosen)
                })
            {
                marks.set_slot(alt.slot);
            }
        }
        marks.matched_slots(|slot| {
            if let Some(r) = self.rules.get(slot) {
                out.push(*r);
            }
        });
    }

    /// The alternatives of every fired trigger whose group's second field holds
    /// (hashed, so already known), and those without counted fields.
    fn name_candidates(&self, marks: &mut Marks) {
        let Marks {
            fired,
            candidates,
            field_state,
            epoch,
            ..
        } = marks;
        for &f in fired.iter() {
            let Some(field) = self.fields.get(f as usize) else {
                continue;
            };
            for group in &field.triggers {
                let holds = |g: u32| field_state.get(g as usize) == Some(&(*epoch, true));
                if group.also.is_none_or(holds) {
                    candidates.extend_from_slice(&group.alternatives);
                }
            }
        }
        candidates.extend_from_slice(&self.always);
    }

    /// Calls `satisfy` for every test on the path that `value` passes.
    fn run_tests(
        &self,
        tests: &PathTests,
        value: LeafRef<'_>,
        lower: &mut String,
        marks: &mut Marks,
    ) {
        match value {
            LeafRef::Str(s) => {
                if let Some(t) = tests.exact_str.get(s) {
                    self.satisfy(*t, marks);
                }
                if !tests.ignore_case.is_empty() {
                    lowercase_into(s, lower);
                    if let Some(t) = tests.ignore_case.get(lower.as_str()) {
                        self.satisfy(*t, marks);
                    }
                }
            }
            LeafRef::Num(x) => {
                if let Some(t) = tests.exact_num.get(&number_key(x)) {
                    self.satisfy(*t, marks);
                }
            }
            other => {
                for (want, t) in &tests.exact_other {
                    if want.as_ref().equals(other) {
                        self.satisfy(*t, marks);
                    }
                }
            }
        }
        for (m, t) in &tests.scan {
            if m.matches_ref(value) {
                self.satisfy(*t, marks);
            }
        }
    }

    /// A passed test satisfies its fields; a satisfied trigger names its alternatives
    /// as candidates.
    fn satisfy(&self, test: u32, marks: &mut Marks) {
        let Some(fields) = self.test_fields.get(test as usize) else {
            return;
        };
        for &f in fields {
            let (Some(state), Some(field)) = (
                marks.field_state.get_mut(f as usize),
                self.fields.get(f as usize),
            ) else {
                continue;
            };
            if *state == (marks.epoch, true) {
                continue;
            }
            *state = (marks.epoch, true);
            if !field.triggers.is_empty() {
                marks.fired.push(f);
            }
        }
    }

    /// Whether some leaf at the field's path passes one of its matchers (array
    /// positions aside), worked out once per event.
    fn field_holds(&self, f: u32, flat: &Flat, marks: &mut Marks) -> bool {
        let Some(&(epoch, held)) = marks.field_state.get(f as usize) else {
            return false;
        };
        if epoch == marks.epoch {
            return held;
        }
        let Some(field) = self.fields.get(f as usize) else {
            return false;
        };
        // The hashed matchers already had their chance at every leaf.
        let mut held = false;
        let mut next = marks.last_leaf(field.node);
        while let Some(i) = next {
            let Some(leaf) = flat.leaves.get(i) else {
                break;
            };
            let value = flat.value(leaf);
            if field.unhashed.iter().any(|m| match m {
                Matcher::Exists(want) => *want,
                m => m.matches_ref(value),
            }) {
                held = true;
                break;
            }
            next = marks.previous_leaf(i);
        }
        if let Some(state) = marks.field_state.get_mut(f as usize) {
            *state = (marks.epoch, held);
        }
        held
    }

    /// Counting ignores `exists: false` and which array element each field's leaf
    /// came from; that matters only with `exists: false` or when two of the
    /// alternative's fields have leaves inside arrays in this event.
    fn needs_confirmation(&self, alt: &Alternative, marks: &Marks) -> bool {
        alt.has_absent
            || marks.any_in_array
                && alt
                    .fields
                    .iter()
                    .filter(|&&f| {
                        self.fields.get(f as usize).is_some_and(|field| {
                            marks.node_in_array.get(field.node as usize) == Some(&marks.epoch)
                        })
                    })
                    .nth(1)
                    .is_some()
    }

    /// `EventPattern`'s backtracking: each field picks a leaf at its path that
    /// matches and whose array positions agree with the leaves already picked.
    fn confirm(&self, fields: &[u32], flat: &Flat, chosen: &mut Vec<(u32, u32)>) -> bool {
        let Some((&f, rest)) = fields.split_first() else {
            return true;
        };
        let Some(field) = self.fields.get(f as usize) else {
            return false;
        };
        let here = || flat.leaves.iter().filter(|l| l.node == field.node);
        for leaf in here() {
            if !flat.consistent(leaf, chosen) {
                continue;
            }
            let value = flat.value(leaf);
            let hit = field.matchers.iter().any(|m| match m {
                Matcher::Exists(want) => *want,
                m => m.matches_ref(value),
            });
            if !hit {
                continue;
            }
            let before = chosen.len();
            chosen.extend_from_slice(flat.positions_of(leaf));
            if self.confirm(rest, flat, chosen) {
                return true;
            }
            chosen.truncate(before);
        }
        // exists:false holds when no leaf at the path sits in the array elements chosen.
        if field.absent_ok && !here().any(|l| flat.consistent(l, chosen)) {
            return self.confirm(rest, flat, chosen);
        }
        false
    }
}

/// Numbers compare by value: one key for 0.0 and -0.0 (JSON has no NaN).
fn number_key(x: f64) -> u64 {
    (x + 0.0).to_bits()
}

/// `str::to_lowercase`, without allocating for ASCII text.
fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Tests the hash maps answer for every leaf (the others run only for triggers).
fn is_hashed(m: &Matcher) -> bool {
    matches!(m, Matcher::Exact(_) | Matcher::EqualsIgnoreCase(_))
}

impl Flat {
    fn clear(&mut self) {
        self.leaves.clear();
        self.text.clear();
        self.positions.clear();
        self.stack.clear();
        self.next_array = 0;
        self.keys.clear();
    }

    fn open_array(&mut self) -> u32 {
        let id = self.next_array;
        self.next_array = self.next_array.wrapping_add(1);
        id
    }

    fn push(&mut self, node: u32, value: LeafRef<'_>) {
        let value = match value {
            LeafRef::Str(s) => {
                let start = self.text.len() as u32;
                self.text.push_str(s);
                FlatValue::Str(start, self.text.len() as u32)
            }
            LeafRef::Num(x) => FlatValue::Num(x),
            LeafRef::Bool(b) => FlatValue::Bool(b),
            LeafRef::Null => FlatValue::Null,
        };
        let start = self.positions.len() as u32;
        self.positions.extend_from_slice(&self.stack);
        self.leaves.push(FlatLeaf {
            node,
            value,
            positions: (start, self.positions.len() as u32),
        });
    }

    fn value(&self, leaf: &FlatLeaf) -> LeafRef<'_> {
        match leaf.value {
            FlatValue::Str(a, b) => {
                LeafRef::Str(self.text.get(a as usize..b as usize).unwrap_or(""))
            }
            FlatValue::Num(x) => LeafRef::Num(x),
            FlatValue::Bool(b) => LeafRef::Bool(b),
            FlatValue::Null => LeafRef::Null,
        }
    }

    fn positions_of(&self, leaf: &FlatLeaf) -> &[(u32, u32)] {
        let (a, b) = leaf.positions;
        self.positions.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The leaf sits in the same element of every array it shares with `chosen`.
    fn consistent(&self, leaf: &FlatLeaf, chosen: &[(u32, u32)]) -> bool {
        self.positions_of(leaf)
            .iter()
            .all(|(id, i)| chosen.iter().all(|(cid, ci)| cid != id || ci == i))
    }
}

impl Marks {
    /// Starts a new event: a fresh epoch, buffers sized to the matcher and event.
    fn start(&mut self, m: &BusMatcher, leaves: usize) {
        self.fired.clear();
        self.candidates.clear();
        self.any_in_array = false;
        if self.epoch == u32::MAX {
            *self = Marks::default();
        }
        self.epoch += 1;
        if self.field_state.len() < m.fields.len() {
            self.field_state.resize(m.fields.len(), (0, false));
        }
        if self.node_in_array.len() < m.nodes.len() {
            self.node_in_array.resize(m.nodes.len(), 0);
            self.node_last_leaf.resize(m.nodes.len(), (0, 0));
        }
        self.previous_leaf.clear();
        self.previous_leaf.resize(leaves, 0);
        self.slots.clear();
        self.slots.resize(m.rules.len().div_ceil(64), 0);
    }

    /// Chains leaf `i` to the previous leaf at its node; notes leaves inside arrays.
    fn link_leaf(&mut self, i: usize, leaf: &FlatLeaf) {
        let n = leaf.node as usize;
        if leaf.positions.0 != leaf.positions.1 {
            self.any_in_array = true;
            if let Some(m) = self.node_in_array.get_mut(n) {
                *m = self.epoch;
            }
        }
        if let Some(last) = self.node_last_leaf.get_mut(n) {
            let previous = if last.0 == self.epoch { last.1 } else { 0 };
            *last = (self.epoch, i as u32 + 1);
            if let Some(p) = self.previous_leaf.get_mut(i) {
                *p = previous;
            }
        }
    }

    fn last_leaf(&self, node: u32) -> Option<usize> {
        match self.node_last_leaf.get(node as usize) {
            Some(&(epoch, i)) if epoch == self.epoch && i > 0 => Some(i as usize - 1),
            _ => None,
        }
    }

    fn previous_leaf(&self, i: usize) -> Option<usize> {
        match self.previous_leaf.get(i) {
            Some(&p) if p > 0 => Some(p as usize - 1),
            _ => None,
        }
    }

    fn has_slot(&self, slot: u32) -> bool {
        self.slots
            .get(slot as usize / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    fn set_slot(&mut self, slot: u32) {
        if let Some(w) = self.slots.get_mut(slot as usize / 64) {
            *w |= 1 << (slot % 64);
        }
    }

    /// Calls `f` with every matched slot, ascending.
    fn matched_slots(&self, mut f: impl FnMut(usize)) {
        for (w, &word) in self.slots.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                f(w * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
    }
}

/// Collects the bus's patterns into nodes, fields and alternatives, each distinct one
/// once; `finish` picks triggers and files the tests.
#[derive(Default)]
struct Builder {
    m: BusMatcher,
    node_ids: BTreeMap<String, u32>,
    field_ids: BTreeMap<String, u32>,
    test_ids: BTreeMap<(u32, String), u32>,
    /// Per field, the alternatives that count it.
    counted_by: Vec<Vec<u32>>,
    /// Per alternative, its rule index (slots are given in `finish`).
    rule_of: Vec<u32>,
}

impl Builder {
    fn add_alternative(&mut self, rule: u32, rules: &[FieldRule]) {
        let a = self.m.alternatives.len() as u32;
        let fields: Vec<u32> = rules.iter().map(|r| self.field(r)).collect();
        let absent = |f: &u32| self.m.fields.get(*f as usize).is_some_and(|x| x.absent_ok);
        let has_absent = fields.iter().any(absent);
        let mut counted: Vec<u32> = fields.iter().copied().filter(|f| !absent(f)).collect();
        counted.sort_unstable();
        counted.dedup();
        for &f in &counted {
            if let Some(by) = self.counted_by.get_mut(f as usize) {
                by.push(a);
            }
        }
        self.rule_of.push(rule);
        self.m.alternatives.push(Alternative {
            slot: 0,
            fields,
            unchecked: counted.clone(),
            counted,
            has_absent,
        });
    }

    fn field(&mut self, r: &FieldRule) -> u32 {
        let key = format!("{:?}\u{0}{:?}", r.path, r.matchers);
        if let Some(&f) = self.field_ids.get(&key) {
            return f;
        }
        let f = self.m.fields.len() as u32;
        self.field_ids.insert(key, f);
        let node = self.node(&r.path);
        if let Some(n) = self.m.nodes.get_mut(node as usize) {
            n.is_field = true;
        }
        self.m.fields.push(Field {
            node,
            matchers: r.matchers.clone(),
            unhashed: r
                .matchers
                .iter()
                .filter(|m| !is_hashed(m))
                .cloned()
                .collect(),
            absent_ok: r.matchers.contains(&Matcher::Exists(false)),
            triggers: Vec::new(),
        });
        self.counted_by.push(Vec::new());
        f
    }

    /// The node of `path` and of every prefix an event walks through to reach it.
    fn node(&mut self, path: &str) -> u32 {
        if self.node_ids.is_empty() {
            self.node_ids.insert(String::new(), 0);
            self.m.nodes.push(Node::default());
        }
        for (i, _) in path.match_indices('.') {
            if let Some(prefix) = path.get(..i) {
                self.intern(prefix);
            }
        }
        self.intern(path)
    }

    fn intern(&mut self, path: &str) -> u32 {
        if let Some(&n) = self.node_ids.get(path) {
            return n;
        }
        let n = self.m.nodes.len() as u32;
        self.node_ids.insert(path.to_string(), n);
        self.m.nodes.push(Node::default());
        n
    }

    /// The trigger of each alternative: a hashed field if it has one, then the field
    /// fewest alternatives count (fewest candidates per event, roughly); and the next
    /// such hashed field, to group the trigger's alternatives by.
    fn pick_triggers(&mut self) {
        let mut groups: BTreeMap<(u32, Option<u32>), usize> = BTreeMap::new();
        for a in 0..self.m.alternatives.len() {
            let Some((trigger, also)) = self.choose_trigger(a) else {
                self.m.always.push(a as u32);
                continue;
            };
            if let Some(alt) = self.m.alternatives.get_mut(a) {
                alt.unchecked.retain(|f| *f != trigger && Some(*f) != also);
            }
            let Some(field) = self.m.fields.get_mut(trigger as usize) else {
                continue;
            };
            let g = *groups.entry((trigger, also)).or_insert_with(|| {
                field.triggers.push(TriggerGroup {
                    also,
                    alternatives: Vec::new(),
                });
                field.triggers.len() - 1
            });
            if let Some(group) = field.triggers.get_mut(g) {
                group.alternatives.push(a as u32);
            }
        }
    }

    fn choose_trigger(&self, a: usize) -> Option<(u32, Option<u32>)> {
        let hashed = |f: u32| {
            self.m
                .fields
                .get(f as usize)
                .is_some_and(|x| x.unhashed.is_empty())
        };
        let cost = |f: &u32| {
            let sharing = self.counted_by.get(*f as usize).map_or(0, Vec::len);
            (!hashed(*f), sharing, *f)
        };
        let mut by_cost = self.m.alternatives.get(a)?.counted.clone();
        by_cost.sort_by_key(cost);
        let trigger = *by_cost.first()?;
        let also = by_cost
            .get(1)
            .copied()
            .filter(|f| hashed(trigger) && hashed(*f));
        Some((trigger, also))
    }

    /// Files each counted field's tests on its path: hashed ones always, the others
    /// only for triggers (other fields evaluate them when a candidate asks).
    fn file_tests(&mut self) {
        for f in 0..self.m.fields.len() {
            let Some(field) = self.m.fields.get(f) else {
                continue;
            };
            if field.absent_ok || self.counted_by.get(f).is_none_or(Vec::is_empty) {
                continue;
            }
            let (node, trigger) = (field.node, !field.triggers.is_empty());
            let wanted: Vec<Matcher> = field
                .matchers
                .iter()
                .filter(|m| trigger || is_hashed(m))
                .cloned()
                .collect();
            for m in &wanted {
                let t = self.test(node, m);
                if let Some(fields) = self.m.test_fields.get_mut(t as usize) {
                    if fields.last() != Some(&(f as u32)) {
                        fields.push(f as u32);
                    }
                }
            }
        }
    }

    /// The test of matcher `m` on `node`, filed where a leaf will look for it.
    fn test(&mut self, node: u32, m: &Matcher) -> u32 {
        let key = match m {
            Matcher::EqualsIgnoreCase(t) => format!("EqualsIgnoreCase({:?})", t.to_lowercase()),
            Matcher::Exact(Leaf::Num(x)) => format!("Num({})", number_key(*x)),
            m => format!("{m:?}"),
        };
        if let Some(&t) = self.test_ids.get(&(node, key.clone())) {
            return t;
        }
        let t = self.m.test_fields.len() as u32;
        self.test_ids.insert((node, key), t);
        self.m.test_fields.push(Vec::new());
        let Some(tests) = self.m.nodes.get_mut(node as usize).map(|n| &mut n.tests) else {
            return t;
        };
        match m {
            Matcher::Exact(Leaf::Str(s)) => {
                tests.exact_str.insert(s.as_str().into(), t);
            }
            Matcher::Exact(Leaf::Num(x)) => {
                tests.exact_num.insert(number_key(*x), t);
            }
            Matcher::Exact(other) => tests.exact_other.push((other.clone(), t)),
            Matcher::EqualsIgnoreCase(s) => {
                tests.ignore_case.insert(s.to_lowercase().into(), t);
            }
            m => tests.scan.push((m.clone(), t)),
        }
        t
    }

    /// Gives slots by rule index, picks triggers, files tests, links the nodes.
    fn finish(mut self) -> BusMatcher {
        let mut rules = self.rule_of.clone();
        rules.sort_unstable();
        rules.dedup();
        for (alt, rule) in self.m.alternatives.iter_mut().zip(&self.rule_of) {
            alt.slot = rules.binary_search(rule).unwrap_or(0) as u32;
        }
        self.m.rules = rules;
        self.pick_triggers();
        self.file_tests();
        let paths: Vec<(&String, &u32)> = self.node_ids.iter().collect();
        for (parent, &p) in &paths {
            let children: Vec<Child> = paths
                .iter()
                .filter_map(|(path, &node)| {
                    let key = key_between(parent, path)?;
                    Some(Child {
                        signature: key_signature(key),
                        key: key.into(),
                        node,
                    })
                })
                .collect();
            let Some(node) = self.m.nodes.get_mut(p as usize) else {
                continue;
            };
            if children.len() > SCANNED_CHILDREN {
                let by_key = children.iter().map(|c| (c.key.clone(), c.node)).collect();
                node.children_by_key = Some(by_key);
            }
            node.children = children;
        }
        self.m
    }
}

/// The event key `k` with `join(parent, k) == path`, if there is one.
fn key_between<'a>(parent: &str, path: &'a str) -> Option<&'a str> {
    if parent.is_empty() {
        return Some(path);
    }
    path.strip_prefix(parent)?.strip_prefix('.')
}

/// Streams a JSON value into `Flat`, skipping keys no pattern names.
struct Walk<'m, 'f> {
    m: &'m BusMatcher,
    node: u32,
    flat: &'f mut Flat,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        self.m.leaf(self.node, LeafRef::Bool(b), self.flat);
        Ok(())
    }
    // As serde_json's Number::as_f64 does.
    fn visit_i64<E: de::Error>(self, x: i64) -> Result<(), E> {
        self.visit_f64(x as f64)
    }
    fn visit_u64<E: de::Error>(self, x: u64) -> Result<(), E> {
        self.visit_f64(x as f64)
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<(), E> {
        self.m.leaf(self.node, LeafRef::Num(x), self.flat);
        Ok(())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.m.leaf(self.node, LeafRef::Str(s), self.flat);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.m.leaf(self.node, LeafRef::Null, self.flat);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let id = self.flat.open_array();
        let mut i = 0u32;
        loop {
            self.flat.stack.push((id, i));
            let more = seq.next_element_seed(Walk {
                m: self.m,
                node: self.node,
                flat: &mut *self.flat,
            })?;
            self.flat.stack.pop();
            if more.is_none() {
                return Ok(());
            }
            i = i.wrapping_add(1);
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let base = self.flat.keys.len();
        while let Some(child) = map.next_key_seed(Key {
            m: self.m,
            node: self.node,
        })? {
            let Some(child) = child else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if self
                .flat
                .keys
                .get(base..)
                .is_some_and(|k| k.contains(&child))
            {
                return Err(de::Error::custom(DUPLICATE_KEY));
            }
            self.flat.keys.push(child);
            map.next_value_seed(Walk {
                m: self.m,
                node: child,
                flat: &mut *self.flat,
            })?;
        }
        self.flat.keys.truncate(base);
        Ok(())
    }
}

/// Reads an object key: the node it leads to, or None when no pattern goes there.
struct Key<'m> {
    m: &'m BusMatcher,
    node: u32,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<u32>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u32>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<u32>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Option<u32>, E> {
        Ok(self.m.child(self.node, k))
    }
}

/// Every bus's matcher, built from the world's rules (indices into that list).
#[derive(Clone, Debug, Default)]
pub struct BusMatchers {
    buses: BTreeMap<String, BusMatcher>,
    scratch: Scratch,
}

impl BusMatchers {
    pub fn new(rules: &[Rule]) -> BusMatchers {
        let mut by_bus: BTreeMap<&str, Vec<(u32, &EventPattern)>> = BTreeMap::new();
        for (i, r) in rules.iter().enumerate() {
            by_bus
                .entry(r.config.event_bus_name.as_str())
                .or_default()
                .push((i as u32, &r.pattern));
        }
        BusMatchers {
            buses: by_bus
                .into_iter()
                .map(|(bus, patterns)| (bus.to_string(), BusMatcher::new(&patterns)))
                .collect(),
            scratch: Scratch::default(),
        }
    }

    /// The rules on `bus` whose pattern matches `event` (enabled or not), ascending.
    pub fn matching_rules(&mut self, bus: &str, event: &Value) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(m) = self.buses.get(bus) {
            m.matching_rules_with(event, &mut self.scratch, &mut out);
        }
        out
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(patterns: &[Value]) -> (Vec<EventPattern>, BusMatcher) {
        let ps: Vec<EventPattern> = patterns
            .iter()
            .map(|p| EventPattern::from_json(p).unwrap_or_else(|e| panic!("{p}: {e}")))
            .collect();
        let pairs: Vec<(u32, &EventPattern)> = ps.iter().zip(0..).map(|(p, i)| (i, p)).collect();
        let m = BusMatcher::new(&pairs);
        (ps, m)
    }

    /// The matcher, from a Value and from bytes, agrees with one pattern at a time.
    fn check(patterns: &[Value], event: &Value) -> Vec<u32> {
        let (ps, m) = compile(patterns);
        let want: Vec<u32> = (0..)
            .zip(&ps)
            .filter(|(_, p)| p.matches(event))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(m.matching_rules(event), want, "event {event}");
        let (mut scratch, mut out) = (Scratch::default(), Vec::new());
        m.matching_rules_in_json(event.to_string().as_bytes(), &mut scratch, &mut out)
            .expect("JSON");
        assert_eq!(out, want, "event {event} from bytes");
        want
    }

    #[test]
    fn indexes_exact_values_and_operators() {
        let patterns = [
            json!({"source": ["shop"], "detail-type": ["order.placed"]}),
            json!({"source": ["shop"], "detail": {"amount": [{"numeric": [">", 100]}]}}),
            json!({"detail": {"product": [{"prefix": "Key"}, "Mouse"]}}),
            json!({"detail": {"status": [{"anything-but": ["FAILED"]}]}}),
            json!({"detail": {"notes": [{"wildcard": "*FAIL*"}]}}),
            json!({"detail": {"name": [{"equals-ignore-case": "ALICE"}]}}),
            json!({"$or": [{"source": ["bank"]}, {"detail": {"amount": [300]}}]}),
            json!({"detail": {"ip": [{"cidr": "10.0.0.0/8"}], "flag": [true, null]}}),
        ];
        let e = json!({"source": "shop", "detail-type": "order.placed",
            "detail": {"amount": 300.0, "product": "Keyboard", "status": "OK", "notes": "x FAIL y",
                       "name": "alice", "ip": "10.1.2.3", "flag": null}});
        assert_eq!(check(&patterns, &e), vec![0, 1, 2, 3, 4, 5, 6, 7]);
        let e = json!({"source": "bank", "detail": {"amount": 5, "product": "Mouse", "status": "FAILED", "flag": false}});
        assert_eq!(check(&patterns, &e), vec![2, 6]);
        assert_eq!(check(&patterns, &json!({})), Vec::<u32>::new());
    }

    #[test]
    fn arrays_keep_fields_in_one_element() {
        let patterns = [
            json!({"a": {"b": [1], "c": [2]}}),
            json!({"a": {"b": [1], "c": [4]}}),
            json!({"a": {"b": [3]}, "r": ["x"]}),
        ];
        let e = json!({"a": [{"b": 1, "c": 2}, {"b": 3, "c": 4}], "r": ["y", "x"]});
        assert_eq!(check(&patterns, &e), vec![0, 2]);
        // Nested arrays, and an array of arrays.
        let e = json!({"a": [[{"b": 1}], [{"c": 4}, {"b": 1, "c": 4}]], "r": [["x"]]});
        assert_eq!(check(&patterns, &e), vec![1]);
    }

    #[test]
    fn exists_false_and_anything_but_keep_their_semantics() {
        let patterns = [
            json!({"x": [{"exists": false}]}),
            json!({"a": {"b": [1], "c": [{"exists": false}]}}),
            json!({"x": [{"exists": false}, "v"]}),
            json!({"x": [{"anything-but": "a"}]}),
            json!({"x": [{"exists": true}]}),
        ];
        assert_eq!(check(&patterns, &json!({"y": 1})), vec![0, 2]);
        assert_eq!(check(&patterns, &json!({"x": "v"})), vec![2, 3, 4]);
        assert_eq!(check(&patterns, &json!({"x": null})), vec![3, 4]);
        assert_eq!(check(&patterns, &json!({"x": []})), vec![0, 2]);
        let e = json!({"a": [{"b": 1, "c": 0}, {"b": 1}], "x": {"y": 1}});
        assert_eq!(check(&patterns, &e), vec![0, 1, 2]);
        let e = json!({"a": [{"b": 1, "c": 0}, {"b": 2}]});
        assert_eq!(check(&patterns, &e), vec![0, 2]);
    }

    #[test]
    fn dotted_keys_empty_keys_and_root_leaves() {
        let patterns = [
            json!({"a": {"b": ["c"]}}),
            json!({"a.b": ["c"]}),
            json!({"": {"x": [1]}}),
            json!({"a": {"": {"b": [2]}}}),
            json!({"": [5]}),
        ];
        assert_eq!(check(&patterns, &json!({"a.b": "c"})), vec![0, 1]);
        assert_eq!(check(&patterns, &json!({"a": {"b": "c"}})), vec![0, 1]);
        assert_eq!(check(&patterns, &json!({"": {"x": 1}})), vec![2]);
        assert_eq!(check(&patterns, &json!({"x": 1})), vec![2]);
        assert_eq!(check(&patterns, &json!({"a.": {"b": 2}})), vec![3]);
        assert_eq!(check(&patterns, &json!(5)), vec![4]);
        assert_eq!(check(&patterns, &json!([5, {"": 5}])), vec![4]);
    }

    #[test]
    fn bytes_follow_the_value_parser() {
        let (_, m) = compile(&[json!({"source": ["b"]}), json!({"detail": {"n": [1]}})]);
        let (mut scratch, mut out) = (Scratch::default(), Vec::new());
        let mut run = |text: &str| {
            m.matching_rules_in_json(text.as_bytes(), &mut scratch, &mut out)
                .map(|()| out.clone())
        };
        // A repeated key: the last one wins, as in a Value.
        assert_eq!(run(r#"{"source": "b", "source": "a"}"#).ok(), Some(vec![]));
        assert_eq!(run(r#"{"source": "a", "source": "b"}"#).ok(), Some(vec![0]));
        assert_eq!(
            run(r#"{"detail": {"n": 1}, "detail": {"m": 1}}"#).ok(),
            Some(vec![])
        );
        // Escapes, skipped subtrees, numbers of every kind.
        assert_eq!(
            run(r#"{"x": [{"y": "\u00e9"}], "source": "\u0062", "detail": {"n": 1.0}}"#).ok(),
            Some(vec![0, 1])
        );
        assert_eq!(run(r#"{"detail": {"n": -1}}"#).ok(), Some(vec![]));
        for bad in [
            "",
            "{",
            r#"{"source": "b"} x"#,
            r#"{"source": "b",}"#,
            "nul",
        ] {
            assert!(run(bad).is_err(), "{bad:?}");
        }
        // Not UTF-8, where a pattern looks or not: refused, as the Value parser does.
        let invalid: [&[u8]; 2] = [
            b"{\"source\": \"\xff\"}",
            b"{\"x\": \"\xff\", \"source\": \"b\"}",
        ];
        for bad in invalid {
            assert!(m
                .matching_rules_in_json(bad, &mut scratch, &mut out)
                .is_err());
        }
    }

    #[test]
    fn many_rules_share_tests() {
        let patterns: Vec<Value> = (0..50)
            .map(|i| json!({"source": [format!("s{}", i % 5)], "detail": {"amount": [{"numeric": [">", i * 10]}]}}))
            .collect();
        let (_, m) = compile(&patterns);
        // One field per distinct (path, matchers): 5 sources and 50 thresholds.
        assert_eq!(m.fields.len(), 55);
        assert_eq!(m.alternative_count(), 50);
        let got = check(
            &patterns,
            &json!({"source": "s1", "detail": {"amount": 205}}),
        );
        assert_eq!(got, vec![1, 6, 11, 16]);
    }

    #[test]
    fn many_keys_at_one_path_are_hashed() {
        let patterns: Vec<Value> = (0..40)
            .map(|i| json!({ format!("k{i}"): [i], "detail": { format!("d{i}"): [{"exists": true}] } }))
            .collect();
        let (_, m) = compile(&patterns);
        assert!(m.nodes[0].children_by_key.is_some());
        let e =
            json!({"k7": 7, "k8": 7, "detail": {"d7": "x", "d8": [1]}, "detail.d9": 1, "k9": 9});
        assert_eq!(check(&patterns, &e), vec![7, 9]);
    }

    #[test]
    fn rules_come_back_by_index_whatever_the_order_given() {
        let p = EventPattern::from_json(&json!({"a": [1]})).unwrap();
        let q = EventPattern::from_json(&json!({"$or": [{"a": [1]}, {"b": [2]}]})).unwrap();
        let m = BusMatcher::new(&[(90, &p), (2, &q), (40, &p)]);
        assert_eq!(m.matching_rules(&json!({"a": 1, "b": 2})), vec![2, 40, 90]);
        assert_eq!(m.matching_rules(&json!({"b": 2})), vec![2]);
        assert_eq!(
            BusMatcher::new(&[]).matching_rules(&json!({"a": 1})),
            Vec::<u32>::new()
        );
    }
}
