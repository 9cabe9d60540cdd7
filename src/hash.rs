//! A small, fast, deterministic hasher for the lookup tables of the text and selection stages.
//!
//! In: bytes or integers. Out: a 64-bit hash. The tables it serves are never iterated into
//! output, so their order does not matter; what matters is that hashing a word takes a few
//! instructions. Unlike std's SipHash it is not keyed, so crafted text could make words
//! collide and slow a run down (never change its output); for a tool run on one's own
//! articles that is the right trade.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash's multiply-rotate, with the high bits brought down in [`Hasher::finish`].
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        // The last 0–7 bytes, without a variable-length copy.
        let tail = chunks.remainder().iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if !chunks.remainder().is_empty() {
            self.write_u64(tail);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // The product's low bits depend only on the input's low bits, and hashbrown picks the
        // bucket from the low bits: bring the well-mixed high bits down (as rustc-hash 2 does).
        // Without this every word pair with the same second word probes the same buckets.
        self.0.rotate_left(26)
    }
}

/// [`FxHasher`] as a `HashMap` hasher.
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// The hash of a byte string.
pub fn hash_bytes(s: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(s);
    h.finish()
}

/// The hash of a sequence of ids.
pub fn hash_u32s(s: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    s.iter().for_each(|&x| h.write_u32(x));
    h.finish()
}
