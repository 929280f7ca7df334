//! The one random generator the core uses: SplitMix64, seeded from the scenario and
//! forked per resource so adding a queue does not reshuffle every other decision.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent stream named `label`: the same seed and label give the same stream.
    pub fn fork(seed: u64, label: &str) -> Self {
        Rng::new(seed ^ fnv1a(label.as_bytes()).rotate_left(17))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (bound > 0), without modulo bias worth noticing at these sizes.
    pub fn below(&mut self, bound: u64) -> u64 {
        debug_assert!(bound > 0);
        ((self.next_u64() as u128 * bound as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance_per_mille(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as u64
    }

    /// A UUID-shaped identifier (version 4 layout), as AWS uses for message and request ids.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        // `{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}`, written digit by digit.
        let mut s = String::with_capacity(36);
        push_hex(&mut s, a >> 32, 8);
        s.push('-');
        push_hex(&mut s, (a >> 16) & 0xffff, 4);
        s.push_str("-4");
        push_hex(&mut s, a & 0x0fff, 3);
        s.push('-');
        push_hex(&mut s, ((b >> 48) & 0x3fff) | 0x8000, 4);
        s.push('-');
        push_hex(&mut s, b & 0xffff_ffff_ffff, 12);
        s
    }
}

/// The low `digits` hex digits of `v`, lower case, zero-padded (`{v:0digits$x}` for
/// a `v` that fits in them).
pub fn push_hex(s: &mut String, v: u64, digits: u32) {
    debug_assert!(
        digits == 16 || v >> (4 * digits) == 0,
        "{v:x} fits in {digits} digits"
    );
    for i in (0..digits).rev() {
        let nibble = ((v >> (4 * i)) & 0xf) as u8;
        s.push(char::from(if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        }));
    }
}

/// FNV-1a, 64 bit: stable across platforms, used for forking and for trace hashes.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    // Still one byte at a time, but eight to a loop step: the trace hashes every
    // entry's text, and the loop's own count and test cost as much as the hash.
    let mut blocks = bytes.chunks_exact(8);
    for block in &mut blocks {
        if let Ok(block) = <&[u8; 8]>::try_from(block) {
            for b in block {
                h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
            }
        }
    }
    for b in blocks.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_forks_differ() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut q1 = Rng::fork(7, "queue:a");
        let mut q2 = Rng::fork(7, "queue:b");
        assert_ne!(q1.next_u64(), q2.next_u64());
    }

    #[test]
    fn known_values_pin_the_algorithm() {
        // SplitMix64 reference output for seed 0.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn fnv1a_is_the_byte_by_byte_hash_at_every_length() {
        let text: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=text.len() {
            let plain = text[..n].iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            assert_eq!(fnv1a(&text[..n]), plain, "{n} bytes");
        }
    }

    #[test]
    fn uuid_shape() {
        let id = Rng::new(1).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(3);
        for _ in 0..1000 {
            assert!(r.below(10) < 10);
            let x = r.between(5, 7);
            assert!((5..=7).contains(&x));
        }
    }
}
