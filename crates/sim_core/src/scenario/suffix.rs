//! A learner's name on every resource, as lab 000 asks ("Substitua seu-nome em todos
//! os nomes de recursos": `pedidos-db-seu-nome`, `cancela-pedido-queue-seu-nome`,
//! `SQSReadCancelaTrigger-seu-nome`). A scenario whose `Console` has a `NameSuffix`
//! can be opened as `ID@NAME` (`lab000-pedidos@maria`): every resource and policy
//! name gets `-NAME`, wherever the file writes it (ARNs, targets, policies, guide
//! steps, presets). The id carries the name, so links, sessions and guide progress
//! keep it with no other field. The order ids the `Console` lists in
//! `NameSuffixOrders` get it too: the lab's orders are `apiP001-seu-nome` and
//! `s3P003-seu-nome`.

use serde_json::Value;

/// Between a scenario id and the learner's name.
pub const SEPARATOR: char = '@';
/// The longest name: every suffixed resource name stays within AWS's limits.
pub const NAME_MAX_CHARS: usize = 20;

/// A scenario id split into its built-in id and the learner's name, if any.
pub fn split_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once(SEPARATOR) {
        Some((base, name)) => (base, Some(name)),
        None => (id, None),
    }
}

/// Why a name cannot be a suffix, in plain words; Ok when it can. Lower-case letters,
/// digits and single hyphens, since S3 bucket names take nothing else.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
        return Err(format!(
            "the name must have 1 to {NAME_MAX_CHARS} characters"
        ));
    }
    if !ok_chars || name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Err(
            "use lower-case letters, digits and single hyphens inside (as in maria-silva): S3 bucket names allow nothing else"
                .into(),
        );
    }
    Ok(())
}

/// The scenario file's text with `-NAME` after every resource and policy name.
pub fn with_name_suffix(text: &str, name: &str) -> Result<String, String> {
    check_name(name)?;
    let mut v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut names = resource_names(&v);
    // Longest first: a name inside a longer one is never renamed on its own.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    rename_strings(&mut v, &names, name);
    serde_json::to_string(&v).map_err(|e| e.to_string())
}

/// Every resource name the file declares, and each role's inline policy names.
fn resource_names(v: &Value) -> Vec<String> {
    const KINDS: [(&str, &str); 12] = [
        ("Queues", "QueueName"),
        ("Tables", "TableName"),
        ("Functions", "FunctionName"),
        ("Apis", "Name"),
        ("EventBuses", "Name"),
        ("Rules", "Name"),
        ("Topics", "TopicName"),
        ("Pipes", "Name"),
        ("Alarms", "AlarmName"),
        ("Roles", "RoleName"),
        ("Buckets", "BucketName"),
        ("Policies", "PolicyName"),
    ];
    let list = |v: &Value, key: &str| -> Vec<Value> {
        v.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let policies: Vec<Value> = list(v, "Roles")
        .iter()
        .flat_map(|r| list(r, "Policies"))
        .collect();
    let mut names: Vec<String> = v
        .pointer("/Console/NameSuffixOrders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| id.as_str().map(str::to_string))
        .collect();
    for (section, key) in KINDS {
        let items = if section == "Policies" {
            policies.clone()
        } else {
            list(v, section)
        };
        names.extend(
            items
                .iter()
                .filter_map(|r| r.get(key).and_then(Value::as_str).map(str::to_string)),
        );
    }
    names
}

fn rename_strings(v: &mut Value, names: &[String], suffix: &str) {
    match v {
        Value::String(s) => *s = rename_in(s, names, suffix),
        Value::Array(a) => a.iter_mut().for_each(|x| rename_strings(x, names, suffix)),
        Value::Object(o) => o
            .values_mut()
            .for_each(|x| rename_strings(x, names, suffix)),
        _ => {}
    }
}

/// Characters a resource name is made of: a name is only renamed where it stands
/// alone between others (`:pedidos-db"`, `table/pedidos-db`, `pedidos-db.`).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn rename_in(text: &str, names: &[String], suffix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < text.len() {
        let before = text[..i].chars().next_back();
        if !before.is_some_and(is_name_char) {
            for n in names {
                let after = text[i..]
                    .strip_prefix(n.as_str())
                    .map(|rest| rest.chars().next());
                if let Some(next) = after {
                    if !next.is_some_and(is_name_char) {
                        out.push_str(n);
                        out.push('-');
                        out.push_str(suffix);
                        i += n.len();
                        continue 'scan;
                    }
                }
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_renamed_only_where_they_stand_alone() {
        let names = vec!["pedidos-db".to_string(), "pedidos".to_string()];
        assert_eq!(
            rename_in(
                "arn:aws:dynamodb:us-east-1:1:table/pedidos-db e pedidos-dbx, pedidos-db.",
                &names,
                "ana"
            ),
            "arn:aws:dynamodb:us-east-1:1:table/pedidos-db-ana e pedidos-dbx, pedidos-db-ana."
        );
        assert_eq!(rename_in("€ pedidos ão", &names, "ana"), "€ pedidos-ana ão");
        assert!(check_name("maria-silva").is_ok());
        for bad in [
            "",
            "Maria",
            "a_b",
            "-a",
            "a-",
            "a--b",
            "abcdefghijklmnopqrstu",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
