//! `Item`: a DynamoDB item or map attribute, its names in sorted order.
//!
//! Items hold a handful of attributes and a run holds hundreds of thousands of item
//! versions, so one sorted `Vec` replaces the `BTreeMap` of earlier versions: a B-tree
//! leaf is about 600 bytes however few entries it holds. Lookups binary-search the
//! names; the iteration order is the `BTreeMap`'s (by name, bytewise), so every JSON
//! and trace text built from an item is unchanged.

use std::borrow::{Borrow, Cow};

use super::value::AttributeValue;

/// An attribute name.
pub type Name = Cow<'static, str>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    /// Sorted by name, names unique. A name the labs' code spells out is borrowed,
    /// not copied into every item: most items' names cost no allocation at all.
    entries: Vec<(Name, AttributeValue)>,
}

impl Item {
    pub fn new() -> Self {
        Item::default()
    }

    /// An empty item with room for `n` attributes: no regrowing while it is filled.
    pub fn with_capacity(n: usize) -> Self {
        Item {
            entries: Vec::with_capacity(n),
        }
    }

    /// A copy with room for `extra` more attributes (an update's new ones), so that
    /// adding them does not regrow it.
    pub fn clone_with_room(&self, extra: usize) -> Self {
        let mut entries = Vec::with_capacity(self.entries.len() + extra);
        entries.extend(self.entries.iter().cloned());
        Item { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> Result<usize, usize> {
        let name = name.borrow();
        self.entries.binary_search_by(|(k, _)| (**k).cmp(name))
    }

    pub fn get<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> Option<&AttributeValue> {
        let i = self.position(name).ok()?;
        Some(&self.entries[i].1)
    }

    pub fn get_mut<Q: Borrow<str> + ?Sized>(&mut self, name: &Q) -> Option<&mut AttributeValue> {
        let i = self.position(name).ok()?;
        Some(&mut self.entries[i].1)
    }

    pub fn contains_key<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name`, returning the value it replaced.
    pub fn insert(
        &mut self,
        name: impl Into<Name>,
        value: AttributeValue,
    ) -> Option<AttributeValue> {
        let name = name.into();
        match self.position(&*name) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    pub fn remove<Q: Borrow<str> + ?Sized>(&mut self, name: &Q) -> Option<AttributeValue> {
        let i = self.position(name).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// Drops spare capacity: an item version is kept unchanged once written.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    /// Attributes in name order, as `BTreeMap::iter` gives them.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&Name, &AttributeValue)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(
        &self,
    ) -> impl DoubleEndedIterator<Item = &AttributeValue> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Into<Name>> FromIterator<(K, AttributeValue)> for Item {
    /// A later duplicate name replaces an earlier one, as with a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, AttributeValue)>>(iter: I) -> Self {
        let mut item = Item::new();
        item.extend(iter);
        item
    }
}

impl<K: Into<Name>> Extend<(K, AttributeValue)> for Item {
    fn extend<I: IntoIterator<Item = (K, AttributeValue)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.entries.reserve(iter.size_hint().0);
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

impl<K: Into<Name>, const N: usize> From<[(K, AttributeValue); N]> for Item {
    fn from(entries: [(K, AttributeValue); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl IntoIterator for Item {
    type Item = (Name, AttributeValue);
    type IntoIter = std::vec::IntoIter<(Name, AttributeValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Item {
    type Item = (&'a Name, &'a AttributeValue);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Name, AttributeValue)>,
        fn(&'a (Name, AttributeValue)) -> (&'a Name, &'a AttributeValue),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.to_string())
    }

    #[test]
    fn iterates_in_the_order_a_btreemap_would() {
        let names = [
            "status", "pedidoId", "Total", "é", "a", "_x", "status", "10", "9",
        ];
        let mut item = Item::new();
        let mut map = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            let value = s(&i.to_string());
            assert_eq!(
                item.insert(name.to_string(), value.clone()),
                map.insert(name.to_string(), value)
            );
        }
        let from_item: Vec<_> = item.iter().map(|(k, v)| (&**k, v)).collect();
        let from_map: Vec<_> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(from_item, from_map);
        assert_eq!(item.len(), map.len());
    }

    #[test]
    fn get_insert_remove_behave_like_a_map() {
        let mut item: Item = [("b".to_string(), s("1")), ("a".to_string(), s("2"))].into();
        assert_eq!(item.get("a"), Some(&s("2")));
        assert_eq!(item.get("c"), None);
        assert!(item.contains_key("b"));
        assert_eq!(item.insert("a", s("3")), Some(s("2")));
        assert_eq!(item.remove("b"), Some(s("1")));
        assert_eq!(item.remove("b"), None);
        assert_eq!(item.keys().map(|k| &**k).collect::<Vec<_>>(), vec!["a"]);
        let duplicated: Item = [("k".to_string(), s("1")), ("k".to_string(), s("2"))].into();
        assert_eq!(duplicated.get("k"), Some(&s("2")));
        assert_eq!(duplicated.len(), 1);
    }
}
