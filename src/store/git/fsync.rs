//! What reaches the disk: libgit2's fsync switch and the flush of a moved ref.

use std::path::Path;
use std::sync::Once;

use super::super::durable::{self, Round};

/// Makes libgit2 fsync objects, refs and the index; git2 has no switch for it.
pub fn enable_fsync() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if !durable::fsync_on() {
            return;
        }
        // SAFETY: git_libgit2_opts is variadic; this option takes one int and is set before any
        // repository is opened by this process.
        unsafe {
            libgit2_sys::init();
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR as std::ffi::c_int,
                1 as std::ffi::c_int,
            );
        }
    });
}

/// Turns libgit2's own fsync off until dropped, for writes `core.fsync=committed` does not
/// cover (reflogs, the index); the ref itself is then synced by [`sync_ref`].
pub(super) struct NoGitFsync;

impl NoGitFsync {
    pub(super) fn new() -> NoGitFsync {
        libgit2_fsync(false);
        NoGitFsync
    }
}

impl Drop for NoGitFsync {
    fn drop(&mut self) {
        libgit2_fsync(true);
    }
}

fn libgit2_fsync(on: bool) {
    enable_fsync();
    if !durable::fsync_on() {
        return;
    }
    // SAFETY: as in enable_fsync; the option is a process-wide int read at each write.
    unsafe {
        libgit2_sys::git_libgit2_opts(
            libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR as std::ffi::c_int,
            std::ffi::c_int::from(on),
        );
    }
}

/// Flushes a loose ref and its folder, in one round: what git's `core.fsync=committed` does for
/// a ref, plus the folder of its rename.
pub(super) fn sync_ref(git_dir: &Path, name: &str) -> super::Result<()> {
    let path = git_dir.join(name);
    let mut round = Round::default();
    if path.exists() {
        round.add(&path);
        round.add_parent(&path);
    } else {
        // A packed ref: libgit2 wrote packed-refs (synced with its folder).
        round.add(&git_dir.join("packed-refs"));
        round.add(git_dir);
    }
    round.flush()
}
