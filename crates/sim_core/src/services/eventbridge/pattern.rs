//! EventBridge event patterns: parsed and checked once (at rule creation), then
//! matched against events many times. Follows AWS's matching engine (event-ruler):
//! events are flattened into leaf values at dotted paths, arrays match when any
//! element matches, and fields matched inside one array must come from one element.
//! `explain` says which field matched and which failed, and why.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::net::IpAddr;

use serde_json::{Map, Value};

/// A leaf value of an event or a pattern.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Leaf {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

/// A leaf borrowed from wherever the event lives (the bus matcher's scratch text).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum LeafRef<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
    Null,
}

impl LeafRef<'_> {
    // Inlined: opt-level "z" keeps these tiny calls otherwise, on the hottest path.
    #[inline(always)]
    pub(super) fn equals(self, other: LeafRef<'_>) -> bool {
        match (self, other) {
            // [300] matches 300.0: numbers compare by value.
            (LeafRef::Num(a), LeafRef::Num(b)) => a == b,
            (LeafRef::Str(a), LeafRef::Str(b)) => a == b,
            (LeafRef::Bool(a), LeafRef::Bool(b)) => a == b,
            (LeafRef::Null, LeafRef::Null) => true,
            _ => false,
        }
    }
}

impl Leaf {
    #[inline(always)]
    pub(super) fn as_ref(&self) -> LeafRef<'_> {
        match self {
            Leaf::Str(s) => LeafRef::Str(s),
            Leaf::Num(n) => LeafRef::Num(*n),
            Leaf::Bool(b) => LeafRef::Bool(*b),
            Leaf::Null => LeafRef::Null,
        }
    }

    fn from_json(v: &Value) -> Option<Leaf> {
        match v {
            Value::String(s) => Some(Leaf::Str(s.clone())),
            Value::Number(n) => n.as_f64().map(Leaf::Num),
            Value::Bool(b) => Some(Leaf::Bool(*b)),
            Value::Null => Some(Leaf::Null),
            _ => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Leaf::Str(s) => Value::String(s.clone()).to_string(),
            Leaf::Num(n) => format_num(*n),
            Leaf::Bool(b) => b.to_string(),
            Leaf::Null => "null".into(),
        }
    }
}

fn format_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "=" => Op::Eq,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            _ => return None,
        })
    }

    fn holds(self, x: f64, bound: f64) -> bool {
        match self {
            Op::Eq => x == bound,
            Op::Lt => x < bound,
            Op::Le => x <= bound,
            Op::Gt => x > bound,
            Op::Ge => x >= bound,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum AnythingBut {
    Values(Vec<Leaf>),
    Prefix(Vec<String>),
    Suffix(Vec<String>),
    IgnoreCase(Vec<String>),
    Wildcard(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Matcher {
    Exact(Leaf),
    Prefix { text: String, ignore_case: bool },
    Suffix { text: String, ignore_case: bool },
    EqualsIgnoreCase(String),
    Wildcard(String),
    AnythingBut(AnythingBut),
    Numeric(Vec<(Op, f64)>),
    Exists(bool),
    Cidr { net: IpAddr, bits: u8, text: String },
}

impl Matcher {
    #[inline(always)]
    fn matches(&self, leaf: &Leaf) -> bool {
        self.matches_ref(leaf.as_ref())
    }

    /// `matches` on a borrowed leaf (the bus matcher keeps no owned leaves).
    pub(super) fn matches_ref(&self, leaf: LeafRef<'_>) -> bool {
        match (self, leaf) {
            (Matcher::Exact(want), got) => want.as_ref().equals(got),
            (Matcher::Prefix { text, ignore_case }, LeafRef::Str(s)) => {
                if *ignore_case {
                    lower(s).starts_with(&lower(text))
                } else {
                    s.starts_with(text.as_str())
                }
            }
            (Matcher::Suffix { text, ignore_case }, LeafRef::Str(s)) => {
                if *ignore_case {
                    lower(s).ends_with(&lower(text))
                } else {
                    s.ends_with(text.as_str())
                }
            }
            (Matcher::EqualsIgnoreCase(t), LeafRef::Str(s)) => equals_ignoring_case(s, t),
            (Matcher::Wildcard(p), LeafRef::Str(s)) => wildcard_match(p, s),
            (Matcher::AnythingBut(ab), leaf) => match ab {
                AnythingBut::Values(vs) => !vs.iter().any(|v| v.as_ref().equals(leaf)),
                AnythingBut::Prefix(ps) => match leaf {
                    LeafRef::Str(s) => !ps.iter().any(|p| s.starts_with(p.as_str())),
                    _ => true,
                },
                AnythingBut::Suffix(ps) => match leaf {
                    LeafRef::Str(s) => !ps.iter().any(|p| s.ends_with(p.as_str())),
                    _ => true,
                },
                AnythingBut::IgnoreCase(ps) => match leaf {
                    LeafRef::Str(s) => !ps.iter().any(|p| equals_ignoring_case(s, p)),
                    _ => true,
                },
                AnythingBut::Wildcard(ps) => match leaf {
                    LeafRef::Str(s) => !ps.iter().any(|p| wildcard_match(p, s)),
                    _ => true,
                },
            },
            (Matcher::Numeric(conds), LeafRef::Num(x)) => {
                conds.iter().all(|(op, b)| op.holds(x, *b))
            }
            (Matcher::Cidr { net, bits, .. }, LeafRef::Str(s)) => cidr_contains(*net, *bits, s),
            // exists is decided by presence, before leaves are looked at.
            (Matcher::Exists(_), _) => true,
            _ => false,
        }
    }

    fn describe(&self) -> String {
        match self {
            Matcher::Exact(l) => l.show(),
            Matcher::Prefix { text, ignore_case } => format!(
                "prefix {:?}{}",
                text,
                if *ignore_case { " (ignoring case)" } else { "" }
            ),
            Matcher::Suffix { text, ignore_case } => format!(
                "suffix {:?}{}",
                text,
                if *ignore_case { " (ignoring case)" } else { "" }
            ),
            Matcher::EqualsIgnoreCase(t) => format!("{t:?} ignoring case"),
            Matcher::Wildcard(p) => format!("wildcard {p:?}"),
            Matcher::AnythingBut(ab) => match ab {
                AnythingBut::Values(vs) => format!(
                    "anything but {}",
                    vs.iter().map(Leaf::show).collect::<Vec<_>>().join(", ")
                ),
                AnythingBut::Prefix(p) => format!("anything but prefix {}", p.join(", ")),
                AnythingBut::Suffix(p) => format!("anything but suffix {}", p.join(", ")),
                AnythingBut::IgnoreCase(p) => {
                    format!("anything but {} (ignoring case)", p.join(", "))
                }
                AnythingBut::Wildcard(p) => format!("anything but wildcard {}", p.join(", ")),
            },
            Matcher::Numeric(c) => c
                .iter()
                .map(|(op, b)| format!("{} {}", op.text(), format_num(*b)))
                .collect::<Vec<_>>()
                .join(" and "),
            Matcher::Exists(true) => "present".into(),
            Matcher::Exists(false) => "absent".into(),
            Matcher::Cidr { text, .. } => format!("in {text}"),
        }
    }
}

/// `lower(a) == lower(b)`, without allocating when both are ASCII (a non-ASCII
/// char may lowercase to ASCII, as the Kelvin sign does to `k`, so only then).
fn equals_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        lower(a) == lower(b)
    }
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard_match(pattern: &str, s: &str) -> bool {
    // Iterative glob matching with backtracking to the last star, over byte offsets
    // of char boundaries so nothing is allocated (a bus runs this per event).
    let (mut p, mut i, mut after_star, mut mark) = (0usize, 0usize, None::<usize>, 0usize);
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        match wildcard_token(pattern, p) {
            Some((Some(t), next)) if t == c => {
                p = next;
                i += c.len_utf8();
            }
            Some((None, next)) => {
                after_star = Some(next);
                mark = i;
                p = next;
            }
            _ => {
                let Some(sp) = after_star else {
                    return false;
                };
                p = sp;
                mark += s
                    .get(mark..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
                i = mark;
            }
        }
    }
    while let Some((None, next)) = wildcard_token(pattern, p) {
        p = next;
    }
    p >= pattern.len()
}

/// The token at byte `p` of a wildcard pattern (None for a star, else the literal
/// char) and the byte where the next token starts.
pub(super) fn wildcard_token(pattern: &str, p: usize) -> Option<(Option<char>, usize)> {
    let mut it = pattern.get(p..)?.chars();
    let c = it.next()?;
    let next = p + c.len_utf8();
    Some(match c {
        '*' => (None, next),
        '\\' => match it.next() {
            Some(e) => (Some(e), next + e.len_utf8()),
            None => (Some('\\'), next),
        },
        c => (Some(c), next),
    })
}

fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (ip, bits) = text.split_once('/')?;
    let ip: IpAddr = ip.parse().ok()?;
    let bits: u8 = bits.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

fn cidr_contains(net: IpAddr, bits: u8, s: &str) -> bool {
    let Ok(ip) = s.parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits as u32)
            };
            (u32::from(n) & mask) == (u32::from(a) & mask)
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits as u32)
            };
            (u128::from(n) & mask) == (u128::from(a) & mask)
        }
        _ => false,
    }
}

/// One field's condition: the value at `path` must satisfy one of `matchers`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FieldRule {
    pub(super) path: String,
    pub(super) matchers: Vec<Matcher>,
}

/// A compiled event pattern: alternatives (from `$or`), each a set of field rules
/// that must all hold.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPattern {
    alternatives: Vec<Vec<FieldRule>>,
}

/// `Event pattern is not valid. Reason: …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub String);

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Event pattern is not valid. Reason: {}", self.0)
    }
}

fn err<T>(reason: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError(reason.into()))
}

const OPERATORS: [&str; 9] = [
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
    "equals-ignore-case",
    "wildcard",
    "$or",
];

/// How many alternatives `$or` may expand to before the pattern is refused.
const MAX_ALTERNATIVES: usize = 1_000;

impl EventPattern {
    /// Parses a pattern from its JSON text.
    pub fn parse(text: &str) -> Result<EventPattern, PatternError> {
        let v: Value = serde_json::from_str(text).map_err(|e| PatternError(format!("{e}")))?;
        EventPattern::from_json(&v)
    }

    pub fn from_json(v: &Value) -> Result<EventPattern, PatternError> {
        let Value::Object(obj) = v else {
            return err("Filter is not an object");
        };
        let mut alternatives = compile_object(obj, "", 0)?;
        check_wildcard_complexity(&alternatives)?;
        // "Absent" is judged inside the array elements the other fields picked, so
        // exists:false rules are checked last.
        for rules in &mut alternatives {
            rules.sort_by_key(|r| r.matchers.contains(&Matcher::Exists(false)));
        }
        Ok(EventPattern { alternatives })
    }

    /// The alternatives, each a set of field rules that must all hold (for the bus
    /// matcher, which compiles many patterns together).
    pub(super) fn alternatives(&self) -> &[Vec<FieldRule>] {
        &self.alternatives
    }

    /// Matches a whole event (or any JSON document, for Pipes and SNS filters).
    pub fn matches(&self, event: &Value) -> bool {
        self.matches_flat(&FlatEvent::new(event))
    }

    /// Matches an event flattened once (a bus matches one event against many rules).
    pub fn matches_flat(&self, event: &FlatEvent) -> bool {
        self.alternatives
            .iter()
            .any(|rules| match_rules(rules, &event.0, &mut Vec::new()))
    }

    /// Which fields matched and which one failed, and why.
    pub fn explain(&self, event: &Value) -> Explanation {
        let leaves = flatten(event);
        let mut lines = Vec::new();
        let mut matched = false;
        for (i, rules) in self.alternatives.iter().enumerate() {
            if self.alternatives.len() > 1 {
                lines.push(format!(
                    "alternative {} of {} ($or):",
                    i + 1,
                    self.alternatives.len()
                ));
            }
            let ok = match_rules(rules, &leaves, &mut Vec::new());
            for rule in rules {
                lines.push(format!("  {}", explain_rule(rule, &leaves)));
            }
            if ok {
                matched = true;
                break;
            }
        }
        Explanation { matched, lines }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub matched: bool,
    pub lines: Vec<String>,
}

fn explain_rule(rule: &FieldRule, leaves: &[FlatLeaf]) -> String {
    let here: Vec<&FlatLeaf> = leaves.iter().filter(|l| l.path == rule.path).collect();
    let wanted = rule
        .matchers
        .iter()
        .map(Matcher::describe)
        .collect::<Vec<_>>()
        .join(" or ");
    if let Some(Matcher::Exists(want)) = rule.matchers.first() {
        let present = !here.is_empty();
        return if present == *want {
            format!(
                "✓ {}: {} as required",
                rule.path,
                if present { "present" } else { "absent" }
            )
        } else {
            format!(
                "✗ {}: must be {} but is {}",
                rule.path,
                wanted,
                if present { "present" } else { "absent" }
            )
        };
    }
    if here.is_empty() {
        return format!("✗ {}: missing from the event (wanted {wanted})", rule.path);
    }
    let values = here
        .iter()
        .map(|l| l.leaf.show())
        .collect::<Vec<_>>()
        .join(", ");
    match here
        .iter()
        .find(|l| rule.matchers.iter().any(|m| m.matches(&l.leaf)))
    {
        Some(l) => format!("✓ {}: {} matches {wanted}", rule.path, l.leaf.show()),
        None => {
            let why = match (rule.matchers.as_slice(), here[0].leaf.clone()) {
                ([Matcher::Numeric(_)], Leaf::Str(_)) => {
                    " (numeric never matches a string)".to_string()
                }
                ([Matcher::Numeric(c)], Leaf::Num(x)) => c
                    .iter()
                    .find(|(op, b)| !op.holds(x, *b))
                    .map(|(op, b)| {
                        format!(
                            " ({} is not {} {})",
                            format_num(x),
                            op.text(),
                            format_num(*b)
                        )
                    })
                    .unwrap_or_default(),
                (_, Leaf::Num(_))
                    if rule
                        .matchers
                        .iter()
                        .all(|m| matches!(m, Matcher::Exact(Leaf::Str(_)))) =>
                {
                    " (a number never equals a string)".to_string()
                }
                _ => String::new(),
            };
            format!("✗ {}: {values} is not {wanted}{why}", rule.path)
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Compiles a pattern object into alternatives (sets of rules).
fn compile_object(
    obj: &Map<String, Value>,
    prefix: &str,
    depth: u32,
) -> Result<Vec<Vec<FieldRule>>, PatternError> {
    if depth > 64 {
        return err("pattern is nested too deeply");
    }
    if obj.is_empty() {
        return err("Empty objects are not allowed");
    }
    let mut alternatives: Vec<Vec<FieldRule>> = vec![Vec::new()];
    for (key, value) in obj {
        let branch: Vec<Vec<FieldRule>> = if key == "$or" {
            let Value::Array(items) = value else {
                return err("\"$or\" must be an array of objects");
            };
            if items.len() < 2 {
                return err("\"$or\" needs at least two alternatives");
            }
            let mut out = Vec::new();
            for item in items {
                let Value::Object(o) = item else {
                    return err("every element of \"$or\" must be an object");
                };
                if let Some(k) = o
                    .keys()
                    .find(|k| OPERATORS.contains(&k.as_str()) && k.as_str() != "$or")
                {
                    return err(format!(
                        "\"{k}\" is an operator: inside \"$or\" it must be applied to a field"
                    ));
                }
                out.extend(compile_object(o, prefix, depth + 1)?);
            }
            out
        } else {
            let path = join(prefix, key);
            match value {
                Value::Object(o) => compile_object(o, &path, depth + 1)?,
                Value::Array(items) => vec![vec![FieldRule {
                    matchers: compile_matchers(key, items)?,
                    path,
                }]],
                _ => return err(format!("\"{key}\" must be an object or an array")),
            }
        };
        let mut next = Vec::new();
        for a in &alternatives {
            for b in &branch {
                // A field given both inside "$or" and beside it: the "$or" one wins,
                // whichever comes first (event-ruler's rule override).
                let mut c: Vec<FieldRule> = if key == "$or" {
                    a.iter()
                        .filter(|x| !b.iter().any(|r| r.path == x.path))
                        .cloned()
                        .collect()
                } else {
                    a.clone()
                };
                c.extend(
                    b.iter()
                        .filter(|r| key == "$or" || !a.iter().any(|x| x.path == r.path))
                        .cloned(),
                );
                next.push(c);
            }
        }
        if next.len() > MAX_ALTERNATIVES {
            return err("the pattern's \"$or\" alternatives are too many");
        }
        alternatives = next;
    }
    Ok(alternatives)
}

/// Each field's wildcard patterns (from every `$or` alternative, as event-ruler builds
/// one machine per rule) must stay under the complexity EventBridge allows.
fn check_wildcard_complexity(alternatives: &[Vec<FieldRule>]) -> Result<(), PatternError> {
    let mut by_path: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
    for rule in alternatives.iter().flatten() {
        for m in &rule.matchers {
            if let Matcher::Wildcard(p) = m {
                by_path.entry(&rule.path).or_default().insert(p);
            }
        }
    }
    for patterns in by_path.values() {
        let patterns: Vec<&str> = patterns.iter().copied().collect();
        if super::complexity::wildcard_complexity(&patterns) >= super::complexity::MAX_COMPLEXITY {
            return err("Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character");
        }
    }
    Ok(())
}

fn compile_matchers(key: &str, items: &[Value]) -> Result<Vec<Matcher>, PatternError> {
    if items.is_empty() {
        return err(format!("Empty arrays are not allowed (\"{key}\")"));
    }
    items
        .iter()
        .map(|item| compile_matcher(key, item))
        .collect()
}

fn string_or(key: &str, op: &str, v: &Value) -> Result<String, PatternError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => err(format!("\"{key}\": {op} match pattern must be a string")),
    }
}

/// `"x"` or `["x", "y"]`: non-empty strings for anything-but's prefix and suffix.
fn string_list(
    key: &str,
    op: &str,
    v: &Value,
    allow_empty_strings: bool,
) -> Result<Vec<String>, PatternError> {
    let list = match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.clone()),
                _ => err(format!(
                    "\"{key}\": inside anything-but/{op}, values must be strings"
                )),
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return err(format!(
                "\"{key}\": inside anything-but/{op}, use a string or an array of strings"
            ))
        }
    };
    if !allow_empty_strings && list.iter().any(String::is_empty) {
        return err(format!(
            "\"{key}\": anything-but/{op} needs non-empty strings"
        ));
    }
    Ok(list)
}

fn check_wildcard(key: &str, p: &str) -> Result<(), PatternError> {
    let mut prev_star = false;
    let mut it = p.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '*' => {
                if prev_star {
                    return err(format!(
                        "\"{key}\": consecutive wildcard characters are not allowed"
                    ));
                }
                prev_star = true;
            }
            '\\' => {
                match it.next() {
                    Some('*') | Some('\\') => {}
                    _ => {
                        return err(format!(
                            "\"{key}\": a backslash in a wildcard must escape * or \\"
                        ))
                    }
                }
                prev_star = false;
            }
            _ => prev_star = false,
        }
    }
    Ok(())
}

fn compile_matcher(key: &str, item: &Value) -> Result<Matcher, PatternError> {
    let obj = match item {
        Value::Array(_) => {
            return err(format!(
                "\"{key}\": arrays inside a pattern's value list are not allowed"
            ))
        }
        Value::Object(o) => o,
        leaf => return Ok(Matcher::Exact(Leaf::from_json(leaf).expect("a leaf"))),
    };
    if obj.len() != 1 {
        return err(format!(
            "\"{key}\": an operator object must have exactly one key"
        ));
    }
    let (op, v) = obj.iter().next().expect("one key");
    match op.as_str() {
        "prefix" | "suffix" => {
            let (text, ignore_case) = match v {
                Value::String(s) => (s.clone(), false),
                Value::Object(o) if o.len() == 1 && o.contains_key("equals-ignore-case") => (
                    string_or(key, "equals-ignore-case", &o["equals-ignore-case"])?,
                    true,
                ),
                _ => return err(format!("\"{key}\": {op} match pattern must be a string")),
            };
            Ok(if op == "prefix" {
                Matcher::Prefix { text, ignore_case }
            } else {
                Matcher::Suffix { text, ignore_case }
            })
        }
        "equals-ignore-case" => Ok(Matcher::EqualsIgnoreCase(string_or(key, op, v)?)),
        "wildcard" => {
            let p = string_or(key, op, v)?;
            check_wildcard(key, &p)?;
            Ok(Matcher::Wildcard(p))
        }
        "exists" => match v {
            Value::Bool(b) => Ok(Matcher::Exists(*b)),
            _ => err(format!(
                "\"{key}\": exists match pattern must be either true or false"
            )),
        },
        "cidr" => {
            let text = string_or(key, op, v)?;
            let (net, bits) = parse_cidr(&text).ok_or_else(|| {
                PatternError(format!("\"{key}\": nonstandard IP address: {text}"))
            })?;
            Ok(Matcher::Cidr { net, bits, text })
        }
        "numeric" => compile_numeric(key, v),
        "anything-but" => compile_anything_but(key, v),
        other => err(format!("\"{key}\": unrecognized match type {other}")),
    }
}

fn compile_numeric(key: &str, v: &Value) -> Result<Matcher, PatternError> {
    let Value::Array(a) = v else {
        return err(format!("\"{key}\": value of numeric must be an array"));
    };
    let bad = || {
        PatternError(format!(
            "\"{key}\": numeric takes [\"op\", number] or a range [\">\", lo, \"<\", hi]"
        ))
    };
    let pairs: Vec<(Op, f64)> = a
        .chunks(2)
        .map(|c| match c {
            [Value::String(op), Value::Number(n)] => Op::parse(op).zip(n.as_f64()).ok_or_else(bad),
            _ => Err(bad()),
        })
        .collect::<Result<_, _>>()?;
    match pairs.as_slice() {
        [_] => {}
        [(lo_op, lo), (hi_op, hi)] => {
            let lower = matches!(lo_op, Op::Gt | Op::Ge);
            let upper = matches!(hi_op, Op::Lt | Op::Le);
            if !lower || !upper || lo.partial_cmp(hi) != Some(Ordering::Less) {
                return err(format!("\"{key}\": a numeric range must be a lower bound (> or >=) then a greater upper bound (< or <=)"));
            }
        }
        _ => return Err(bad()),
    }
    Ok(Matcher::Numeric(pairs))
}

fn compile_anything_but(key: &str, v: &Value) -> Result<Matcher, PatternError> {
    let ab = match v {
        Value::String(_) | Value::Number(_) => {
            AnythingBut::Values(vec![Leaf::from_json(v).expect("leaf")])
        }
        Value::Array(items) => {
            if items.is_empty() {
                return err(format!("\"{key}\": anything-but needs at least one value"));
            }
            let leaves: Vec<Leaf> = items
                .iter()
                .map(|x| match x {
                    Value::String(_) | Value::Number(_) => Ok(Leaf::from_json(x).expect("leaf")),
                    _ => err(format!(
                        "\"{key}\": inside anything-but list, values must be strings or numbers"
                    )),
                })
                .collect::<Result<_, _>>()?;
            let strings = leaves.iter().filter(|l| matches!(l, Leaf::Str(_))).count();
            if strings != 0 && strings != leaves.len() {
                return err(format!("\"{key}\": inside anything-but list, values must be all strings or all numbers"));
            }
            AnythingBut::Values(leaves)
        }
        Value::Object(o) => {
            if o.len() != 1 {
                return err(format!("\"{key}\": anything-but takes one of prefix, suffix, equals-ignore-case, wildcard"));
            }
            let (op, x) = o.iter().next().expect("one key");
            match op.as_str() {
                "prefix" => AnythingBut::Prefix(string_list(key, op, x, false)?),
                "suffix" => AnythingBut::Suffix(string_list(key, op, x, false)?),
                "equals-ignore-case" => AnythingBut::IgnoreCase(string_list(key, op, x, true)?),
                "wildcard" => {
                    let list = string_list(key, op, x, true)?;
                    for p in &list {
                        check_wildcard(key, p)?;
                    }
                    AnythingBut::Wildcard(list)
                }
                other => {
                    return err(format!(
                        "\"{key}\": unsupported anything-but pattern: {other}"
                    ))
                }
            }
        }
        _ => {
            return err(format!(
            "\"{key}\": value of anything-but must be an array, a string, a number or an object"
        ))
        }
    };
    Ok(Matcher::AnythingBut(ab))
}

/// An event flattened into its leaves, ready to be matched against many patterns.
#[derive(Debug)]
pub struct FlatEvent(Vec<FlatLeaf>);

impl FlatEvent {
    pub fn new(event: &Value) -> FlatEvent {
        FlatEvent(flatten(event))
    }
}

/// A leaf of the flattened event, with the array elements it sits in.
#[derive(Debug)]
struct FlatLeaf {
    path: String,
    leaf: Leaf,
    /// (array id, index) for every array on the way down.
    arrays: Vec<(u32, u32)>,
}

fn flatten(event: &Value) -> Vec<FlatLeaf> {
    fn walk(
        v: &Value,
        path: &str,
        arrays: &mut Vec<(u32, u32)>,
        next_array: &mut u32,
        out: &mut Vec<FlatLeaf>,
    ) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    walk(x, &join(path, k), arrays, next_array, out);
                }
            }
            Value::Array(a) => {
                let id = *next_array;
                *next_array += 1;
                for (i, x) in a.iter().enumerate() {
                    arrays.push((id, i as u32));
                    walk(x, path, arrays, next_array, out);
                    arrays.pop();
                }
            }
            leaf => out.push(FlatLeaf {
                path: path.to_string(),
                leaf: Leaf::from_json(leaf).expect("leaf"),
                arrays: arrays.clone(),
            }),
        }
    }
    let mut out = Vec::new();
    walk(event, "", &mut Vec::new(), &mut 0, &mut out);
    out
}

/// Backtracking over the rules: each picks a leaf at its path that matches and whose
/// array positions agree with the leaves already picked.
fn match_rules(rules: &[FieldRule], leaves: &[FlatLeaf], chosen: &mut Vec<(u32, u32)>) -> bool {
    let Some((rule, rest)) = rules.split_first() else {
        return true;
    };
    let consistent = |l: &FlatLeaf, chosen: &[(u32, u32)]| {
        l.arrays
            .iter()
            .all(|(id, i)| chosen.iter().all(|(cid, ci)| cid != id || ci == i))
    };
    for leaf in leaves.iter().filter(|l| l.path == rule.path) {
        if !consistent(leaf, chosen) {
            continue;
        }
        let hit = rule.matchers.iter().any(|m| match m {
            Matcher::Exists(want) => *want,
            m => m.matches(&leaf.leaf),
        });
        if !hit {
            continue;
        }
        let before = chosen.len();
        chosen.extend(leaf.arrays.iter().copied());
        if match_rules(rest, leaves, chosen) {
            return true;
        }
        chosen.truncate(before);
    }
    // exists:false holds when no leaf at the path sits in the array elements chosen.
    if rule.matchers.contains(&Matcher::Exists(false))
        && !leaves
            .iter()
            .any(|l| l.path == rule.path && consistent(l, chosen))
    {
        return match_rules(rest, leaves, chosen);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(p: Value, e: Value) -> bool {
        EventPattern::from_json(&p)
            .unwrap_or_else(|e| panic!("{e}"))
            .matches(&e)
    }

    #[test]
    fn documented_quirks() {
        // Values are arrays; any element matches; exact and case-sensitive.
        assert!(m(json!({"source": ["a", "b"]}), json!({"source": "b"})));
        assert!(!m(json!({"source": ["A"]}), json!({"source": "a"})));
        // null and "" are values.
        assert!(m(json!({"x": [null]}), json!({"x": null})));
        assert!(m(json!({"x": [""]}), json!({"x": ""})));
        assert!(!m(json!({"x": [null]}), json!({})));
        // An event array matches if it overlaps.
        assert!(m(json!({"r": ["b"]}), json!({"r": ["a", "b"]})));
        // anything-but matches null but not a missing field.
        assert!(m(json!({"x": [{"anything-but": "a"}]}), json!({"x": null})));
        assert!(!m(json!({"x": [{"anything-but": "a"}]}), json!({})));
        // An empty prefix or suffix matches anything (a string).
        assert!(m(json!({"x": [{"prefix": ""}]}), json!({"x": "abc"})));
        assert!(m(json!({"x": [{"suffix": ""}]}), json!({"x": "abc"})));
        // [300] matches 300.0; numeric never matches strings.
        assert!(m(json!({"x": [300]}), json!({"x": 300.0})));
        assert!(!m(json!({"x": [{"numeric": [">", 1]}]}), json!({"x": "5"})));
        // exists: true does not match an empty array or an object.
        assert!(!m(json!({"x": [{"exists": true}]}), json!({"x": []})));
        assert!(!m(json!({"x": [{"exists": true}]}), json!({"x": {"y": 1}})));
        assert!(m(json!({"x": [{"exists": false}]}), json!({"y": 1})));
        // Dotted keys in the event join with nesting in the pattern.
        assert!(m(json!({"a": {"b": ["c"]}}), json!({"a.b": "c"})));
        // Fields matched inside one array come from one element.
        let e = json!({"a": [{"b": 1, "c": 2}, {"b": 3, "c": 4}]});
        assert!(m(json!({"a": {"b": [1], "c": [2]}}), e.clone()));
        assert!(!m(json!({"a": {"b": [1], "c": [4]}}), e));
    }

    #[test]
    fn operators() {
        assert!(m(
            json!({"x": [{"numeric": [">", 0, "<=", 5]}]}),
            json!({"x": 5})
        ));
        assert!(!m(
            json!({"x": [{"numeric": [">", 0, "<=", 5]}]}),
            json!({"x": 0})
        ));
        assert!(m(
            json!({"ip": [{"cidr": "10.0.0.0/24"}]}),
            json!({"ip": "10.0.0.255"})
        ));
        assert!(!m(
            json!({"ip": [{"cidr": "10.0.0.0/24"}]}),
            json!({"ip": "10.0.1.0"})
        ));
        assert!(m(
            json!({"x": [{"equals-ignore-case": "ABC"}]}),
            json!({"x": "abc"})
        ));
        assert!(m(
            json!({"x": [{"prefix": {"equals-ignore-case": "AB"}}]}),
            json!({"x": "abc"})
        ));
        assert!(m(
            json!({"x": [{"wildcard": "a*c"}]}),
            json!({"x": "abbbc"})
        ));
        assert!(!m(
            json!({"x": [{"wildcard": "a*c"}]}),
            json!({"x": "abcd"})
        ));
        assert!(m(
            json!({"x": [{"anything-but": {"prefix": "a"}}]}),
            json!({"x": "bcd"})
        ));
        assert!(m(json!({"x": [{"anything-but": [1, 2]}]}), json!({"x": 3})));
        assert!(m(json!({"$or": [{"a": [1]}, {"b": [2]}]}), json!({"b": 2})));
        assert!(!m(
            json!({"$or": [{"a": [1]}, {"b": [2]}]}),
            json!({"b": 3})
        ));
    }

    #[test]
    fn ignoring_case_follows_unicode_lowercase() {
        for (a, b, want) in [
            ("ALICE", "alice", true),
            ("alice", "alicE", true),
            ("alice", "alic", false),
            ("\u{212A}", "k", true),
            ("ÉTÉ", "été", true),
            // Unicode's final sigma: the last Σ of a word lowercases to ς.
            ("ΟΔΟΣ", "οδος", true),
            ("ΟΔΟΣ", "οδοσ", false),
        ] {
            assert_eq!(equals_ignoring_case(a, b), want, "{a:?} {b:?}");
            assert_eq!(
                equals_ignoring_case(a, b),
                lower(a) == lower(b),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn wildcards_backtrack_over_chars() {
        for (p, s, want) in [
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("*FAIL*", "please FAIL this", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "aXb", false),
            ("\\\\", "\\", true),
            ("a\\", "a\\", true),
            ("é*ü", "éxxü", true),
            ("*ü", "üü", true),
            ("x*", "ü", false),
        ] {
            assert_eq!(wildcard_match(p, s), want, "{p:?} on {s:?}");
        }
    }

    #[test]
    fn invalid_patterns_say_why() {
        let bad = |p: Value| EventPattern::from_json(&p).unwrap_err().to_string();
        assert_eq!(
            bad(json!({"slug": 1})),
            r#"Event pattern is not valid. Reason: "slug" must be an object or an array"#
        );
        assert!(bad(json!([1])).contains("Filter is not an object"));
        assert!(bad(json!({"x": [{"numeric": [">", 5, "<", 1]}]})).contains("range"));
        assert!(bad(json!({"x": [{"wildcard": "a**b"}]})).contains("consecutive"));
        assert!(bad(json!({"x": [{"exists": "yes"}]})).contains("true or false"));
        assert!(bad(json!({"$or": [{"a": [1]}]})).contains("at least two"));
        assert!(EventPattern::parse("{not json")
            .unwrap_err()
            .to_string()
            .starts_with("Event pattern is not valid. Reason: "));
    }

    #[test]
    fn explanations_name_the_failing_field() {
        let p = EventPattern::from_json(
            &json!({"source": ["shop"], "detail": {"amount": [{"numeric": [">", 10000]}]}}),
        )
        .unwrap();
        let e = p.explain(&json!({"source": "shop", "detail": {"amount": 500}}));
        assert!(!e.matched);
        assert!(
            e.lines.iter().any(|l| l.contains("✓ source: \"shop\"")),
            "{:?}",
            e.lines
        );
        assert!(
            e.lines
                .iter()
                .any(|l| l.contains("✗ detail.amount: 500 is not > 10000 (500 is not > 10000)")),
            "{:?}",
            e.lines
        );
        let e = p.explain(&json!({"source": "shop", "detail": {}}));
        assert!(e.lines.iter().any(|l| l.contains("detail.amount: missing")));
    }
}
