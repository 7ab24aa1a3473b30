//! A snapshot's lists are stored in LZ4-compressed blocks: a block is the length of its bytes,
//! then those bytes compressed. At a million generated events the snapshot is 94 MB instead of
//! 437 MB (real text compresses less). Compressing happens on every core while the snapshot is
//! written, and decompressing while it is read, a block at a time.
//!
//! A block of a list is a pair of them (see [`pack_pair`]): the items' fields, then their texts
//! end to end, which decompress straight into the allocation that keeps them.

use lz4_flex::block::{compress_into, decompress, get_maximum_output_size};

use super::codec::{CacheError, Result, uint_bytes};
use super::slice::Slice;

/// LZ4 expands at most about this many times (a long run of one byte).
const MAX_RATIO: usize = 255;

/// The longest block read back (a block holds 1,024 items: this is 1 MB an item). A longer
/// one is refused, and the data is loaded from its files instead, so that a damaged length in a
/// snapshot never asks for more memory than that before the snapshot's hash is checked.
const MAX_BLOCK: usize = 1 << 30;

/// `raw` compressed into `out` (cleared first; its room kept), its length in front. A block
/// longer than [`unpack`] reads is refused (then no snapshot is written).
#[cfg(test)]
pub fn pack(raw: &[u8], mut out: Vec<u8>) -> Result<Vec<u8>> {
    out.clear();
    pack_onto(raw, &mut out)?;
    Ok(out)
}

/// Two blocks as one: the first packed (see [`pack`]) after its length, then the second packed.
/// `scratch` is room to pack the first in, kept by the caller.
pub fn pack_pair(
    first: &[u8],
    second: &[u8],
    out: Vec<u8>,
    scratch: &mut Vec<u8>,
) -> Result<Vec<u8>> {
    scratch.clear();
    pack_onto(first, scratch)?;
    let mut out = out;
    out.clear();
    let (len, n) = uint_bytes(scratch.len() as u64);
    out.extend_from_slice(&len[..n]);
    out.extend_from_slice(scratch);
    pack_onto(second, &mut out)?;
    Ok(out)
}

/// The two blocks of a pair written by [`pack_pair`].
pub fn unpack_pair(packed: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut r = Slice::new(packed);
    let n = r.len()?;
    let first = unpack(r.take(n)?)?;
    Ok((first, unpack(r.rest())?))
}

/// `raw` packed onto the end of `out` (see [`pack`]).
fn pack_onto(raw: &[u8], out: &mut Vec<u8>) -> Result<()> {
    if raw.len() > MAX_BLOCK {
        return Err(CacheError::Invalid("a block is too long to store"));
    }
    let (len, n) = uint_bytes(raw.len() as u64);
    out.extend_from_slice(&len[..n]);
    let start = out.len();
    out.resize(start + get_maximum_output_size(raw.len()), 0);
    let written = compress_into(raw, &mut out[start..])
        .map_err(|_| CacheError::Invalid("a block could not be compressed"))?;
    out.truncate(start + written);
    Ok(())
}

/// The bytes of a block written by [`pack`]. A length that the compressed bytes cannot make,
/// or bytes that do not decompress to exactly it, is refused: never a panic, and never more
/// memory than the bytes could make.
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>> {
    let mut r = Slice::new(packed);
    let len = usize::try_from(r.uint()?).map_err(|_| CacheError::Invalid("a block is too long"))?;
    let compressed = r.rest();
    if len > compressed.len().saturating_mul(MAX_RATIO) || len > MAX_BLOCK {
        return Err(CacheError::Invalid(
            "a block is longer than its bytes can make",
        ));
    }
    // Decompressed into the room made for it, not zeroed first (437 MB at 1M events).
    match decompress(compressed, len) {
        Ok(raw) if raw.len() == len => Ok(raw),
        _ => Err(CacheError::Invalid("a block does not decompress")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// A block with bytes changed anywhere (its length included) is refused or decompresses
        /// to some block of the length it claims: never a panic, never a read out of bounds.
        #[test]
        fn changed_blocks_never_panic(
            words in proptest::collection::vec(0u8..8, 0..2000),
            changes in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..6),
        ) {
            let raw: Vec<u8> = words.iter().flat_map(|&w| [b'a' + w, b' ']).collect();
            let mut packed = pack(&raw, Vec::new())
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            for (at, byte) in changes {
                let len = packed.len();
                if let Some(b) = packed.get_mut(at % len) {
                    *b = byte;
                }
            }
            let mut length = Slice::new(&packed);
            let claimed = length.uint().ok();
            if let Ok(block) = unpack(&packed) {
                proptest::prop_assert_eq!(Some(block.len() as u64), claimed);
            }
        }
    }

    #[test]
    fn pairs_come_back_and_cut_ones_are_refused() -> Result<()> {
        let fields: Vec<u8> = (0..3000u32).flat_map(|i| (i % 7).to_le_bytes()).collect();
        let texts = "words, and more words. ".repeat(400).into_bytes();
        let mut scratch = Vec::new();
        for (a, b) in [(&fields[..], &texts[..]), (b"", b""), (b"x", b"")] {
            let packed = pack_pair(a, b, Vec::new(), &mut scratch)?;
            assert_eq!(unpack_pair(&packed)?, (a.to_vec(), b.to_vec()));
            for cut in 0..packed.len().min(300) {
                assert!(unpack_pair(&packed[..cut]).is_err(), "{cut}");
            }
        }
        Ok(())
    }

    #[test]
    fn blocks_come_back_and_damaged_ones_are_refused() -> Result<()> {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for raw in [&b""[..], b"a", &text[..]] {
            let packed = pack(raw, Vec::new())?;
            assert_eq!(unpack(&packed)?, raw);
            // Every prefix is refused, but the whole of an empty block.
            for cut in 0..packed.len().min(300) {
                assert!(unpack(&packed[..cut]).is_err(), "{cut}");
            }
        }
        let mut packed = pack(&text, Vec::new())?;
        assert!(packed.len() < text.len() / 2, "{}", packed.len());
        // A length the bytes cannot make, or longer than a block may be.
        for claim in [u64::MAX >> 1, MAX_BLOCK as u64 + 1] {
            let (huge, n) = uint_bytes(claim);
            let claimed = [&huge[..n], &vec![0u8; 1 << 23][..]].concat();
            assert!(unpack(&claimed).is_err());
        }
        assert!(pack(&vec![0u8; MAX_BLOCK + 1], Vec::new()).is_err());
        // A byte changed in the middle: refused or different, never a panic.
        let middle = packed.len() / 2;
        packed[middle] ^= 0x5a;
        assert!(unpack(&packed).map_or(true, |b| b != text));
        Ok(())
    }
}
