//! How the process takes memory from the system.

/// Whether new memory may come in transparent huge pages (Linux; elsewhere nothing is done).
///
/// The binary says no, first thing. mimalloc asks for huge pages where the system allows them
/// on request, and with them loading times became erratic on our machines: 1M events parsed in
/// 4.8 to 9.4 s (the kernel clearing four times the memory kept, as parsing frees as it goes),
/// read from a snapshot in 0.75 s, or 1.8 to 2.6 s just after a large parse. Without them:
/// 4.6-4.8 s and 1.1-1.4 s, run after run.
pub fn allow_huge_pages(allow: bool) {
    #[cfg(target_os = "linux")]
    {
        // Only a hint: where it cannot be set, memory is taken as before.
        let _ = nix::sys::prctl::set_thp_disable(!allow);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allow;
}

/// How long memory freed is kept before it is given back to the system, in milliseconds, once
/// the data is loaded.
///
/// mimalloc 3 keeps it for a second, so that it need not ask again soon. What follows a load
/// works in phases, each freeing what the last one made and making more (the viewer's indexes,
/// the snapshot written, a briefing's selection, timeline and search): kept for a second, what
/// one phase freed was still counted while the next made its own. With 10 ms (what mimalloc 2
/// keeps it for), and what the load freed given back at once, at 1M events the viewer's first
/// load peaked at 676–689 MiB, not 703–709 (past the data file's 705), and its briefing of all
/// events at 696–700, not 718–727. The
/// load itself keeps the second: parsing frees and takes memory again at a high rate, and
/// giving it back made parsing 1M events 5–9 % slower (its peak is under the file's size
/// either way).
pub const GIVE_BACK_AFTER_MS: i64 = 10;

/// mimalloc's number for its option `purge_delay` (`mi_option_purge_delay` in `mimalloc.h`,
/// which the Rust bindings do not name).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has memory freed kept as the allocator keeps it by default (a second), while data loads:
/// called before a load (a reload comes after [`give_back_freed_memory_soon`]). An option set
/// in the environment (`MIMALLOC_PURGE_DELAY`) is left as it is.
pub fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    set_purge_delay(*DEFAULT_PURGE_DELAY.get_or_init(purge_delay));
}

/// Gives back to the system what the load freed and the allocator still holds, and has memory
/// freed from now on given back after [`GIVE_BACK_AFTER_MS`] (the binary's allocator; see
/// there): called once data is loaded. An option set in the environment
/// (`MIMALLOC_PURGE_DELAY`) is left as it is.
pub fn give_back_freed_memory_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    DEFAULT_PURGE_DELAY.get_or_init(purge_delay);
    set_purge_delay(GIVE_BACK_AFTER_MS);
    give_back_now();
}

/// The allocator's own `purge_delay`, as it was before fogline set it.
static DEFAULT_PURGE_DELAY: std::sync::OnceLock<i64> = std::sync::OnceLock::new();

/// Gives back what is free now: what the load freed was due to go back a second after it was
/// freed, while the viewer indexed the data and wrote its snapshot. It takes 0.6–0.8 ms after
/// 1M events read from the snapshot, 4 ms after they are parsed.
#[allow(unsafe_code)]
fn give_back_now() {
    // SAFETY: asks mimalloc to collect the memory it holds free; no memory in use is touched.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Sets mimalloc's `purge_delay`.
#[allow(unsafe_code)]
fn set_purge_delay(ms: i64) {
    let ms = std::ffi::c_long::try_from(ms).unwrap_or(std::ffi::c_long::MAX);
    // SAFETY: sets an integer option of mimalloc, which it reads whenever it frees memory; no
    // memory is touched, and any value is valid (negative: never give memory back).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}

/// mimalloc's `purge_delay`.
#[allow(unsafe_code)]
// `c_long` is `i64` here, `i32` on Windows.
#[allow(clippy::useless_conversion)]
fn purge_delay() -> i64 {
    // SAFETY: reads an integer option of mimalloc.
    i64::from(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) })
}

/// Asks the processor to start bringing `bytes[at]` into its cache (a hint: nothing is read,
/// and nothing is done where `at` is past the end or the processor is not x86-64). For a read
/// of memory in an order the processor cannot foresee: a search that skips most of each
/// event's text, and so reads a few bytes here and a few there.
#[allow(unsafe_code)]
pub fn prefetch(bytes: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(byte) = bytes.get(at) {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch reads nothing into the program and cannot fault (the address is
        // in `bytes` besides); SSE, which it needs, is in every x86-64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(byte).cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (bytes, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_is_kept_while_loading_and_given_back_soon_after() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // The option numbered is `purge_delay`: mimalloc 3's default for it is a second. (The
        // default is taken before the option is first set, here or by a test that loads data.)
        keep_freed_memory();
        assert_eq!(DEFAULT_PURGE_DELAY.get(), Some(&1000));
        // Tests that load data, in this process, set it too: to either value.
        give_back_freed_memory_soon();
        let now = purge_delay();
        assert!(now == GIVE_BACK_AFTER_MS || now == 1000, "{now}");
    }
}
