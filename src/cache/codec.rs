//! The cache's primitive encoding: unsigned LEB128 integers, length-prefixed UTF-8, `f64` as
//! eight little-endian bytes; and a reader that trusts nothing it reads (every length is checked
//! against what is left, every text against UTF-8), hashing what passes so that a damaged file
//! is told from a good one. Reading goes through one buffer: the file's header, and its blocks
//! whole, which are then decoded from memory (see [`super::slice`]).

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use xxhash_rust::xxh3::Xxh3;

/// Why a cache file cannot be used. Never shown as an error: the data is loaded instead.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not what this version of fogline writes.
    #[error("not a usable cache: {0}")]
    Invalid(&'static str),
}

/// Shorthand for a result with a [`CacheError`].
pub type Result<T> = std::result::Result<T, CacheError>;

/// `n` as unsigned LEB128, seven bits a byte, low bits first: the bytes, and how many of them.
pub fn uint_bytes(mut n: u64) -> ([u8; 10], usize) {
    let (mut buf, mut len) = ([0u8; 10], 0);
    while n >= 0x80 {
        buf[len] = (n as u8 & 0x7f) | 0x80;
        n >>= 7;
        len += 1;
    }
    buf[len] = n as u8;
    (buf, len + 1)
}

/// An unsigned LEB128 integer, its bytes taken one by one from `next`; one longer than a `u64`
/// can hold is refused.
pub fn read_uint(mut next: impl FnMut() -> Result<u8>) -> Result<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = next()?;
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(CacheError::Invalid("an integer is too long"))
}

/// A writer that hashes everything written through it, a buffer at a time.
pub struct Encoder<W: Write> {
    out: BufWriter<HashedOut<W>>,
}

/// Hashes what is written through it.
struct HashedOut<W> {
    inner: W,
    hash: Xxh3,
}

impl<W: Write> Write for HashedOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Encoder<W> {
    /// Encodes into `out`.
    pub fn new(out: W) -> Self {
        let hashed = HashedOut {
            inner: out,
            hash: Xxh3::new(),
        };
        Encoder {
            out: BufWriter::with_capacity(1 << 16, hashed),
        }
    }

    /// Raw bytes.
    pub fn bytes(&mut self, b: &[u8]) -> Result<()> {
        self.out.write_all(b)?;
        Ok(())
    }

    /// An unsigned integer, seven bits a byte.
    pub fn uint(&mut self, n: u64) -> Result<()> {
        let (buf, len) = uint_bytes(n);
        self.bytes(&buf[..len])
    }

    /// A length or index.
    pub fn len(&mut self, n: usize) -> Result<()> {
        self.uint(n as u64)
    }

    /// A byte.
    pub fn u8(&mut self, b: u8) -> Result<()> {
        self.bytes(&[b])
    }

    /// A text.
    pub fn str(&mut self, s: &str) -> Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    /// The hash of everything written so far.
    pub fn digest(&mut self) -> Result<u128> {
        self.out.flush()?;
        Ok(self.out.get_ref().hash.digest128())
    }

    /// The underlying writer, everything written.
    pub fn into_inner(self) -> Result<W> {
        let hashed = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(hashed.inner)
    }
}

/// A reader that refuses to read past `limit` bytes and hashes those bytes as they pass, a
/// buffer at a time; what lies past the limit (a trailer) is read with [`Decoder::rest`].
pub struct Decoder<R: Read> {
    input: BufReader<Hashed<R>>,
    left: u64,
}

/// Hashes the first `hashable` bytes read through it.
struct Hashed<R> {
    inner: R,
    hash: Xxh3,
    hashable: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let h = (n as u64).min(self.hashable) as usize;
        self.hash.update(&buf[..h]);
        self.hashable -= h as u64;
        Ok(n)
    }
}

impl<R: Read> Decoder<R> {
    /// Decodes at most `limit` bytes from `input`.
    pub fn new(input: R, limit: u64) -> Self {
        let hashed = Hashed {
            inner: input,
            hash: Xxh3::new(),
            hashable: limit,
        };
        Decoder {
            input: BufReader::with_capacity(1 << 16, hashed),
            left: limit,
        }
    }

    /// The next block: its length, then that many bytes.
    pub fn block(&mut self) -> Result<Vec<u8>> {
        let n = self.len()?;
        self.take(n as u64)?;
        let mut buf = vec![0u8; n];
        self.input.read_exact(&mut buf)?;
        Ok(buf)
    }

    fn take(&mut self, n: u64) -> Result<()> {
        if n > self.left {
            return Err(CacheError::Invalid(
                "a length runs past the end of the file",
            ));
        }
        self.left -= n;
        Ok(())
    }

    /// Exactly `buf.len()` bytes.
    pub fn bytes(&mut self, buf: &mut [u8]) -> Result<()> {
        self.take(buf.len() as u64)?;
        self.input.read_exact(buf)?;
        Ok(())
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8> {
        self.take(1)?;
        let b = match self.input.fill_buf()?.first() {
            Some(&b) => b,
            None => return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into()),
        };
        self.input.consume(1);
        Ok(b)
    }

    /// An unsigned integer.
    pub fn uint(&mut self) -> Result<u64> {
        read_uint(|| self.u8())
    }

    /// A count of items that each take at least one byte: never more than what is left.
    pub fn len(&mut self) -> Result<usize> {
        let n = self.uint()?;
        if n > self.left {
            return Err(CacheError::Invalid("a count runs past the end of the file"));
        }
        usize::try_from(n).map_err(|_| CacheError::Invalid("a count is too large"))
    }

    /// A text.
    pub fn string(&mut self) -> Result<String> {
        let n = self.len()?;
        self.take(n as u64)?;
        String::from_utf8(self.gather(n)?).map_err(|_| CacheError::Invalid("a text is not UTF-8"))
    }

    /// The next `n` bytes (already taken), copied from the buffer as they come: no zeroed
    /// scratch space, no second copy.
    fn gather(&mut self, n: usize) -> Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(n);
        while buf.len() < n {
            let avail = self.input.fill_buf()?;
            if avail.is_empty() {
                return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
            }
            let k = avail.len().min(n - buf.len());
            buf.extend_from_slice(&avail[..k]);
            self.input.consume(k);
        }
        Ok(buf)
    }

    /// A flag written by [`Encoder::u8`] as 0 or 1.
    pub fn flag(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(CacheError::Invalid("a flag is neither 0 nor 1")),
        }
    }

    /// The hash of the first `limit` bytes, once all of them have been read.
    pub fn digest(&self) -> Result<u128> {
        if self.left > 0 {
            return Err(CacheError::Invalid("the contents end early"));
        }
        Ok(self.input.get_ref().hash.digest128())
    }

    /// Exactly `buf.len()` bytes past the limit (not hashed).
    pub fn rest(&mut self, buf: &mut [u8]) -> Result<()> {
        self.input.read_exact(buf)?;
        Ok(())
    }

    /// Whether nothing is left to read at all (the file must end exactly where it should).
    pub fn at_end(&mut self) -> Result<bool> {
        Ok(self.input.fill_buf()?.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() -> Result<()> {
        let mut e = Encoder::new(Vec::new());
        for n in [0, 1, 127, 128, 300, u64::MAX] {
            e.uint(n)?;
        }
        e.str("Raqqa")?;
        let written = e.digest()?;
        let bytes = e.into_inner()?;
        let mut d = Decoder::new(bytes.as_slice(), bytes.len() as u64);
        for n in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(d.uint()?, n);
        }
        assert_eq!(d.string()?, "Raqqa");
        assert_eq!(d.digest()?, written);
        assert!(d.at_end()?);
        Ok(())
    }

    #[test]
    fn lengths_past_the_end_are_refused() -> Result<()> {
        let mut e = Encoder::new(Vec::new());
        e.uint(1_000_000)?;
        let bytes = e.into_inner()?;
        let mut d = Decoder::new(bytes.as_slice(), bytes.len() as u64);
        assert!(matches!(d.string(), Err(CacheError::Invalid(_))));
        let mut d = Decoder::new(&[0xffu8; 11][..], 11);
        assert!(matches!(d.uint(), Err(CacheError::Invalid(_))));
        Ok(())
    }
}
