//! Decoding a block of a snapshot that is whole in memory. It trusts nothing either: every length
//! is checked against what is left of the block and every text against UTF-8. Working on the
//! bytes themselves (rather than through a reader's buffer), a one-byte integer is one compare,
//! and a text is checked and copied once, straight from the block.

use super::codec::{CacheError, Result, read_uint};

/// The bytes of a block not decoded yet.
pub struct Slice<'a> {
    rest: &'a [u8],
}

const PAST_THE_END: CacheError = CacheError::Invalid("a length runs past the end of its block");

impl<'a> Slice<'a> {
    /// Decodes `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Slice { rest: bytes }
    }

    /// The bytes not yet decoded.
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Whether every byte has been decoded.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.rest.len() {
            return Err(PAST_THE_END);
        }
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(taken)
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8> {
        let (&b, rest) = self.rest.split_first().ok_or(PAST_THE_END)?;
        self.rest = rest;
        Ok(b)
    }

    /// An unsigned integer, seven bits a byte (most are one byte).
    #[inline]
    pub fn uint(&mut self) -> Result<u64> {
        if let Some((&b, rest)) = self.rest.split_first()
            && b < 0x80
        {
            self.rest = rest;
            return Ok(u64::from(b));
        }
        self.long_uint()
    }

    fn long_uint(&mut self) -> Result<u64> {
        read_uint(|| self.u8())
    }

    /// A count of items that each take at least one byte: never more than what is left.
    pub fn len(&mut self) -> Result<usize> {
        let n = self.uint()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.rest.len())
            .ok_or(CacheError::Invalid(
                "a count runs past the end of its block",
            ))
    }

    /// An index below `bound`.
    #[inline]
    pub fn index(&mut self, bound: usize) -> Result<usize> {
        let n = self.uint()?;
        usize::try_from(n)
            .ok()
            .filter(|&i| i < bound)
            .ok_or(CacheError::Invalid("an index is out of range"))
    }

    /// A float.
    pub fn f64(&mut self) -> Result<f64> {
        let b = self.take(8)?;
        let mut eight = [0u8; 8];
        eight.copy_from_slice(b);
        Ok(f64::from_le_bytes(eight))
    }

    /// A text, borrowed from the block.
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| CacheError::Invalid("a text is not UTF-8"))
    }

    /// A text of its own.
    pub fn string(&mut self) -> Result<String> {
        self.str().map(str::to_string)
    }

    /// A flag written as 0 or 1.
    pub fn flag(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(CacheError::Invalid("a flag is neither 0 nor 1")),
        }
    }

    /// An optional text, borrowed from the block.
    pub fn opt_str(&mut self) -> Result<Option<&'a str>> {
        if self.flag()? {
            self.str().map(Some)
        } else {
            Ok(None)
        }
    }

    /// An optional text of its own.
    pub fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(self.opt_str()?.map(str::to_string))
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::Block;
    use super::*;

    #[test]
    fn values_written_into_a_block_come_back() -> Result<()> {
        let mut e = Block::new();
        let numbers = [0, 1, 127, 128, 300, 1 << 35, u64::MAX];
        for n in numbers {
            e.uint(n)?;
        }
        e.str("Raqqa")?;
        e.opt_str(None)?;
        e.opt_str(Some("ar-Raqqah"))?;
        e.f64(-0.5)?;
        let bytes = e.into_bytes();
        let mut s = Slice::new(&bytes);
        for n in numbers {
            assert_eq!(s.uint()?, n);
        }
        assert_eq!(s.str()?, "Raqqa");
        assert_eq!(s.opt_str()?, None);
        assert_eq!(s.opt_string()?.as_deref(), Some("ar-Raqqah"));
        assert_eq!(s.f64()?, -0.5);
        assert!(s.is_empty());
        Ok(())
    }

    #[test]
    fn what_runs_past_the_block_is_refused() {
        assert!(Slice::new(&[5, b'a', b'b']).str().is_err());
        assert!(Slice::new(&[0xff; 11]).uint().is_err());
        assert!(Slice::new(&[0x80]).uint().is_err());
        assert!(Slice::new(&[2, 0xc3, 0x28]).str().is_err(), "not UTF-8");
        assert!(Slice::new(&[1, 2, 3]).f64().is_err());
        assert!(Slice::new(&[2]).flag().is_err());
        assert!(Slice::new(&[]).u8().is_err());
        assert!(Slice::new(&[9, 0]).len().is_err());
        assert!(Slice::new(&[3]).index(3).is_err());
    }
}
