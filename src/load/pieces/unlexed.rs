//! The elements of a list read from the file's pieces as they are, not lexed first: the
//! pieces go to the parser threads (see [`super::super::windows`]) as they are read, and what
//! they give is checked and added in order here.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};
use std::sync::Arc;

use super::super::convert::List;
use super::super::windows::{self, Job, Stop};
use super::{Back, Pipe, Reader, Window, Work};

/// How many pieces' buffers are kept to read into again.
const SPARE: usize = 2;

/// Pieces at least this long are read without lexing them first (see [`windows`]); shorter
/// ones hold too few elements for guessing where one begins to pay.
pub(super) const READ_UNLEXED: usize = 4096;

impl Window {
    /// Reads the next piece into a buffer of its own: one of `spare`, or one the parsers are
    /// done with, if there is one. Empty at the end of the file.
    pub(super) fn read_piece(&mut self, spare: &mut Vec<Vec<u8>>) -> io::Result<Vec<u8>> {
        let used = || self.used.as_ref().and_then(|used| used.try_recv().ok());
        let mut next = spare.pop().or_else(used).unwrap_or_default();
        next.clear();
        next.reserve_exact(self.piece);
        let n = (&mut self.file)
            .take(self.piece as u64)
            .read_to_end(&mut next)?;
        if let Some(h) = self.hasher.as_mut() {
            h.update(&next);
        }
        self.odd |= memchr::memchr(b'\r', &next).is_some();
        self.size += n as u64;
        self.eof = n < self.piece;
        Ok(next)
    }
}

impl Reader {
    /// The elements of the open list, read from pieces of the file as they are, not lexed
    /// first (see [`windows`]), from `self.pos`: then the window holds the rest of the file
    /// read so far, from the list's `]` or from an element left to the lexer, and
    /// `open.first` counts the elements before it. Gives false when the parsers gave up.
    pub(super) fn read_unlexed(&mut self, pipe: &mut Pipe<'_>) -> io::Result<bool> {
        let Some(which) = self.open.as_ref().map(|o| o.which) else {
            return Ok(false);
        };
        // The batches before are added first: items are added in the file's order.
        if !pipe.settle(self.seq) {
            return Ok(false);
        }
        let mut spare = Vec::new();
        // Pieces are read this far ahead of the first not added, no further: a piece read is
        // held until the piece before it is added, and reading on as fast as the parsers took
        // them held 15 MB more at a million events.
        let ahead = pipe.threads + 2;
        // The pieces read from number `base` on: the first are what is left of the window (it
        // may hold several pieces' worth, read on while the list before was read), cut to the
        // size of a piece, so that each goes to a parser of its own.
        let mut left = std::mem::take(&mut self.w.buf);
        left.drain(..self.pos.min(left.len()));
        self.pos = 0;
        let mut pieces: VecDeque<Arc<Vec<u8>>> = VecDeque::new();
        while left.len() > self.w.piece.saturating_mul(2) {
            let rest = left.split_off(self.w.piece);
            pieces.push_back(Arc::new(std::mem::replace(&mut left, rest)));
        }
        pieces.push_back(Arc::new(left));
        let mut base = 0;
        // Pieces sent to the parsers, and those not back yet.
        let (mut sent, mut out) = (0, 0);
        // The next piece to add, and where its first element begins.
        let (mut next, mut begins) = (0, 0);
        let mut done: BTreeMap<usize, windows::Done> = BTreeMap::new();
        // Elements added, and room for as many as the last piece added held.
        let (mut count, mut room) = (0u32, 0);
        let send = |pipe: &Pipe<'_>, job: Job| {
            (pipe.to_parsers.as_ref()).is_some_and(|tx| tx.send(Work::Piece(job)).is_ok())
        };
        let (stop_piece, stop_at) = 'read: loop {
            // Added in order, each where the one before it said its first element begins.
            while let Some(d) = done.remove(&next) {
                let Some(here) = pieces.get(next - base) else {
                    return Ok(false);
                };
                if d.start != Some(begins) {
                    // A wrong guess: read again from where it begins.
                    let job = job_of(&pieces, base, next, which, Some(begins), room);
                    if !job.is_some_and(|job| send(pipe, job)) {
                        return Ok(false);
                    }
                    out += 1;
                    break;
                }
                let Some(mut items) = d.items else {
                    return Ok(false);
                };
                let spanned = here.len().saturating_sub(begins);
                pipe.make_room(which, 0, d.count as usize, spanned, self.w.size);
                items.shift(which, count);
                pipe.add(items);
                count = count.saturating_add(d.count);
                // An eighth over: pieces differ a little.
                room = d.count as usize + d.count as usize / 8;
                match d.stop {
                    Stop::Next(at) => {
                        begins = at;
                        next += 1;
                        // Past: its bytes are read into again.
                        while base < next {
                            if let Some(Ok(bytes)) = pieces.pop_front().map(Arc::try_unwrap)
                                && spare.len() < SPARE
                            {
                                spare.push(bytes);
                            }
                            base += 1;
                        }
                    }
                    Stop::ListEnd { in_next, at } => break 'read (next + usize::from(in_next), at),
                    Stop::Lex(at) => break 'read (next, at),
                    Stop::NoStart => return Ok(false),
                }
            }
            let read = base + pieces.len();
            if sent + 1 < read || (self.w.eof && sent < read) {
                // Its last element ends in the next piece, read (or there is none).
                let job = job_of(&pieces, base, sent, which, (sent == 0).then_some(0), room);
                if !job.is_some_and(|job| send(pipe, job)) {
                    return Ok(false);
                }
                sent += 1;
                out += 1;
            } else if !self.w.eof && (pieces.len() < ahead || out == 0) {
                let piece = self.w.read_piece(&mut spare)?;
                if self.w.odd {
                    return Ok(false);
                }
                if !piece.is_empty() {
                    pieces.push_back(Arc::new(piece));
                }
                continue;
            } else if out > 0 {
                match pipe.back.recv() {
                    Ok(Back::Piece(d)) => {
                        out -= 1;
                        done.insert(d.seq, d);
                    }
                    _ => return Ok(false),
                }
                continue;
            } else {
                // The file ended inside the list.
                return Ok(false);
            }
            while let Ok(back) = pipe.back.try_recv() {
                let Back::Piece(d) = back else {
                    return Ok(false);
                };
                out -= 1;
                done.insert(d.seq, d);
            }
        };
        // What is still out is of pieces after the list's end, or after the lexer's part.
        while out > 0 {
            match pipe.back.recv() {
                Ok(Back::Piece(_)) => out -= 1,
                _ => return Ok(false),
            }
        }
        let Some(stopped) = pieces.get(stop_piece - base) else {
            return Ok(false);
        };
        let Some(first) = stopped.get(stop_at..) else {
            return Ok(false);
        };
        let mut rest = first.to_vec();
        for piece in pieces.range(stop_piece - base + 1..) {
            rest.extend_from_slice(piece);
        }
        self.w.buf = rest;
        self.pos = 0;
        if let Some(open) = self.open.as_mut() {
            open.first = count;
        }
        Ok(true)
    }
}

/// The reading of piece `seq` among `pieces` (the first of which is number `base`) from
/// `start` (guessed when `None`), with the piece after it if it is read; `None` when the piece
/// is not among them.
fn job_of(
    pieces: &VecDeque<Arc<Vec<u8>>>,
    base: usize,
    seq: usize,
    which: List,
    start: Option<usize>,
    room: usize,
) -> Option<Job> {
    let at = seq.checked_sub(base)?;
    Some(Job {
        seq,
        which,
        start,
        here: Arc::clone(pieces.get(at)?),
        next: pieces.get(at + 1).cloned(),
        room,
    })
}
