//! Encoding a block of a snapshot in memory, in the encoding of [`super::codec`]: bytes are
//! appended to the block as they come. A block is hashed once, when it is written to the file
//! (see `Encoder`), so nothing is hashed here, and nothing is copied through a buffer.

use super::codec::{Result, uint_bytes};

/// A block being encoded.
#[derive(Default)]
pub struct Block {
    bytes: Vec<u8>,
}

// Each method gives a `Result`, as `Encoder`'s do, so that encoding code reads alike for both.
impl Block {
    /// An empty block.
    pub fn new() -> Self {
        Block::default()
    }

    /// An empty block in `buffer`'s memory (cleared; its room kept).
    pub fn reusing(mut buffer: Vec<u8>) -> Self {
        buffer.clear();
        Block { bytes: buffer }
    }

    /// The bytes encoded.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Raw bytes.
    pub fn bytes(&mut self, b: &[u8]) -> Result<()> {
        self.bytes.extend_from_slice(b);
        Ok(())
    }

    /// An unsigned integer, seven bits a byte.
    pub fn uint(&mut self, n: u64) -> Result<()> {
        // Most are lengths and numbers under 128: one byte.
        if n < 0x80 {
            self.bytes.push(n as u8);
            return Ok(());
        }
        let (buf, len) = uint_bytes(n);
        self.bytes(&buf[..len])
    }

    /// A length or index.
    pub fn len(&mut self, n: usize) -> Result<()> {
        self.uint(n as u64)
    }

    /// A byte.
    pub fn u8(&mut self, b: u8) -> Result<()> {
        self.bytes.push(b);
        Ok(())
    }

    /// A float, bit for bit.
    pub fn f64(&mut self, x: f64) -> Result<()> {
        self.bytes(&x.to_le_bytes())
    }

    /// A text.
    pub fn str(&mut self, s: &str) -> Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    /// An optional text.
    pub fn opt_str(&mut self, s: Option<&str>) -> Result<()> {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1)?;
                self.str(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::codec::Encoder;
    use super::*;

    #[test]
    fn a_block_is_encoded_as_the_encoder_encodes() -> Result<()> {
        let numbers = [0, 1, 127, 128, 300, 1 << 35, u64::MAX];
        let texts = ["", "ar-Raqqah", "الرقة"];
        let mut e = Encoder::new(Vec::new());
        let mut b = Block::new();
        for n in numbers {
            e.uint(n)?;
            b.uint(n)?;
        }
        for t in texts {
            e.str(t)?;
            b.str(t)?;
        }
        e.u8(7)?;
        b.u8(7)?;
        let bytes = b.into_bytes();
        assert_eq!(bytes, e.into_inner()?);
        // A buffer used again starts empty: only what is encoded now is in it.
        let mut again = Block::reusing(bytes);
        again.uint(300)?;
        assert_eq!(again.into_bytes(), vec![0xac, 0x02]);
        Ok(())
    }
}
