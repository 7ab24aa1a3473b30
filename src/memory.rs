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
