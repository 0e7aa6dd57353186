//! A whole TUI process on a pseudo-terminal, timed from its start to the first frame that shows
//! the plan: what a coordinator waits for after typing `taskforce`.

use std::io::Write as _;
use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
use std::os::unix::process::CommandExt as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The first paint of a TUI process.
pub struct Paint {
    /// From spawning the process to the first output that holds the marker.
    pub wall: Duration,
    /// The process's peak resident memory, in KiB: the larger of `VmHWM` when the marker
    /// showed and its whole life's peak (a TUI that ends with its first frame).
    pub rss_kib: i64,
}

/// Starts `cmd` on a new pseudo-terminal of `cols` × `rows` (its controlling terminal), waits
/// for `marker` in what it draws, then types `quit` and waits for it to end.
pub fn first_paint(mut cmd: Command, (cols, rows): (u16, u16), marker: &str, quit: &[u8]) -> Paint {
    let (master, slave) = open_pty(cols, rows);
    let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup the pty"));
    cmd.env("TERM", "xterm-256color")
        .stdin(stdio(&slave))
        .stdout(stdio(&slave))
        .stderr(stdio(&slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a new session whose
    // controlling terminal is the pty (crossterm opens /dev/tty for the size and the keys).
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    // The command holds copies of the terminal's other side: only once every copy here is
    // closed does the end of the process show as the end of the output.
    drop(cmd);
    drop(slave);
    let pid = child.id();
    let mut seen = Vec::new();
    let needle = marker.as_bytes();
    let (wall, rss_kib) = loop {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no first paint within two minutes; the screen so far:\n{}",
            String::from_utf8_lossy(&seen)
        );
        if !read_some(&master, &mut seen) {
            panic!(
                "the TUI ended before its first paint:\n{}",
                String::from_utf8_lossy(&seen)
            );
        }
        if seen.windows(needle.len()).any(|w| w == needle) {
            break (start.elapsed(), peak_kib(pid));
        }
    };
    let mut writer = std::fs::File::from(master.try_clone().expect("dup the pty"));
    // A process that ends by itself after its first frame may be gone already.
    let _ = writer.write_all(quit);
    // Drain until the process closes the terminal, so it never blocks on a full pty.
    let quitting = Instant::now();
    while read_some(&master, &mut Vec::new()) {
        assert!(
            quitting.elapsed() < Duration::from_secs(60),
            "the TUI did not quit"
        );
    }
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the child is ours and not yet reaped; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 the TUI");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the TUI failed: {status}"
    );
    // Reaped: dropping the handle does not wait again.
    drop(child);
    let rss_kib = rss_kib.max(usage.ru_maxrss);
    Paint { wall, rss_kib }
}

fn open_pty(cols: u16, rows: u16) -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: the out-pointers are live locals; the name buffer is not asked for.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(r, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: openpty returned two new descriptors that nothing else owns.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Reads what is available within a second into `into`; false once the other side closed.
fn read_some(master: &OwnedFd, into: &mut Vec<u8>) -> bool {
    let mut poll = libc::pollfd {
        fd: master.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one live pollfd.
    let ready = unsafe { libc::poll(&mut poll, 1, 1000) };
    if ready <= 0 {
        return ready == 0;
    }
    let mut buf = [0u8; 65536];
    // SAFETY: reading into a live buffer of the given length.
    let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    if n <= 0 {
        // EIO: every process holding the terminal's other side has closed it.
        return false;
    }
    into.extend_from_slice(&buf[..n as usize]);
    true
}

/// The peak resident memory of process `pid` so far, in KiB (`VmHWM` of /proc).
fn peak_kib(pid: u32) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
