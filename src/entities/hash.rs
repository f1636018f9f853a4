//! Feature hashing and the open-addressing table that maps hashed keys to rows.
//!
//! Keys are 32-bit hashes; 0 is reserved as the empty slot, so [`FeatureHasher::finish`]
//! never returns it.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over bytes, seeded with a template id, finished with a 64-bit mix.
#[derive(Clone, Copy)]
pub(crate) struct FeatureHasher(u64);

impl FeatureHasher {
    pub(crate) fn new(template: u32) -> Self {
        let mut h = FeatureHasher(FNV_OFFSET);
        h.u32(template);
        h
    }

    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }

    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    #[inline]
    pub(crate) fn u32(&mut self, v: u32) {
        // Mixing whole words keeps combination features cheap.
        self.0 = (self.0 ^ u64::from(v)).wrapping_mul(FNV_PRIME);
        self.0 = (self.0 ^ (self.0 >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    #[inline]
    pub(crate) fn finish(self) -> u32 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        let v = (x as u32) ^ ((x >> 32) as u32);
        if v == 0 {
            1
        } else {
            v
        }
    }
}

/// Hash of a template id combined with up to a few already-hashed values.
#[inline]
pub(crate) fn combine(template: u32, parts: &[u32]) -> u32 {
    let mut h = FeatureHasher::new(template);
    for &p in parts {
        h.u32(p);
    }
    h.finish()
}

/// FNV-1a 64 over a byte slice: the model file checksum (detects corruption, not tampering).
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Open-addressing map from non-zero `u32` keys to `u32` values, built once, read often.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable {
    mask: usize,
    /// (key, value) side by side: one cache line per probe.
    slots: Vec<(u32, u32)>,
}

impl KeyTable {
    /// Builds a table from distinct non-zero keys and their values.
    pub(crate) fn build(entries: impl ExactSizeIterator<Item = (u32, u32)>) -> Self {
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = KeyTable {
            mask: capacity - 1,
            slots: vec![(0, 0); capacity],
        };
        for (key, value) in entries {
            debug_assert_ne!(key, 0);
            let mut slot = Self::slot(key) & table.mask;
            while table.slots[slot].0 != 0 && table.slots[slot].0 != key {
                slot = (slot + 1) & table.mask;
            }
            table.slots[slot] = (key, value);
        }
        table
    }

    #[inline]
    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 7) as usize ^ key as usize
    }

    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut slot = Self::slot(key) & self.mask;
        loop {
            let (k, value) = self.slots[slot];
            if k == key {
                return Some(value);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_finds_what_was_put_in() {
        let entries: Vec<(u32, u32)> = (1..2000u32)
            .map(|k| (k.wrapping_mul(2_654_435_761) | 1, k))
            .collect();
        let table = KeyTable::build(entries.iter().copied());
        for &(k, v) in &entries {
            assert_eq!(table.get(k), Some(v));
        }
        assert_eq!(table.get(2), None);
        assert_eq!(KeyTable::default().get(5), None);
    }

    #[test]
    fn hashes_depend_on_template_and_are_never_zero() {
        let mut a = FeatureHasher::new(1);
        a.bytes(b"Gent");
        let mut b = FeatureHasher::new(2);
        b.bytes(b"Gent");
        assert_ne!(a.finish(), b.finish());
        assert_ne!(combine(3, &[0]), 0);
    }
}
