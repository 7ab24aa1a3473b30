//! Telling a file unchanged without reading it, as git's index does: its device, inode, size,
//! modification time and status-change time (ctime) all as they were when it was read.
//!
//! Writing a file, or setting its modification time back, moves its ctime to the present, and
//! nothing but the kernel sets ctime; replacing a file changes its inode. So a file whose stamp
//! still matches has not been touched — unless it was changed again within the file system's
//! clock tick of the change before, which stamps cannot tell apart. A stamp is therefore only
//! trusted when the file had been left alone for [`SETTLED`] before it was read; a file changed
//! just before reading it is checked by its content every time (as git calls such entries
//! "racily clean"). Where the platform gives no inode or ctime (not Unix), there is no stamp and
//! the content is always checked.

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

/// How long a file must have been left alone before it was read for its stamp to be trusted:
/// far longer than any file system's clock tick (FAT's is two seconds).
pub const SETTLED: Duration = Duration::from_secs(3);

/// What the file system says of a file, enough to tell it untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The device the file is on.
    pub dev: u64,
    /// Its inode.
    pub ino: u64,
    /// Its size in bytes.
    pub size: u64,
    /// Last modification: seconds and nanoseconds since the epoch.
    pub mtime: (i64, i64),
    /// Last status change: seconds and nanoseconds since the epoch.
    pub ctime: (i64, i64),
}

impl Stamp {
    /// The stamp of a file's metadata, where the platform gives one.
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// The stamp of a file's metadata, where the platform gives one.
    #[cfg(not(unix))]
    pub fn of(_meta: &Metadata) -> Option<Stamp> {
        None
    }

    /// The stamp of a file read at `read_at` (the clock just before `meta` was taken), if it can
    /// be trusted later: the file's last change, and last modification, were [`SETTLED`] or more
    /// before. A change after `read_at` then falls in a later clock tick and shows in the stamp.
    pub fn settled(meta: &Metadata, read_at: SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(meta)?;
        let latest = stamp.ctime.max(stamp.mtime);
        let read = read_at.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        let read = (
            i64::try_from(read.as_secs()).ok()?,
            i64::from(read.subsec_nanos()),
        );
        let settled = (latest.0.checked_add(SETTLED.as_secs() as i64)?, latest.1);
        (settled <= read).then_some(stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_left_alone_long_enough_before_it_was_read_is_settled() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("data.ron");
        std::fs::write(&path, "Dataset()")?;
        let meta = std::fs::metadata(&path)?;
        let now = SystemTime::now();
        assert_eq!(Stamp::settled(&meta, now), None);
        assert_eq!(Stamp::settled(&meta, now + SETTLED / 2), None);
        let later = now + SETTLED + Duration::from_millis(10);
        assert_eq!(Stamp::settled(&meta, later), Stamp::of(&meta));
        assert_eq!(Stamp::of(&meta).is_some(), cfg!(unix));
        Ok(())
    }
}
