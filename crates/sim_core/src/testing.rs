//! Helpers the unit tests of several modules share.

use crate::kernel::rng::Rng;

/// A random JSON text from `keys` and `scalars` (which may be invalid JSON on
/// purpose: lone surrogates, numbers out of range), nested up to `depth`.
pub(crate) fn random_json_text(r: &mut Rng, depth: u32, keys: &[&str], scalars: &[&str]) -> String {
    if depth == 0 || r.chance_per_mille(300) {
        return scalars[r.below(scalars.len() as u64) as usize].to_string();
    }
    if r.chance_per_mille(200) {
        let items: Vec<String> = (0..r.below(3))
            .map(|_| random_json_text(r, depth - 1, keys, scalars))
            .collect();
        return format!("[{}]", items.join(","));
    }
    let fields: Vec<String> = (0..r.below(5))
        .map(|_| {
            let k = keys[r.below(keys.len() as u64) as usize];
            format!("\"{k}\":{}", random_json_text(r, depth - 1, keys, scalars))
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}
