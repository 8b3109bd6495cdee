//! Which input file the current thread is reading, so that the message of a bug (a panic)
//! can name it even when files are read on several threads.

use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    static FILE: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// When set to a file name, rappro panics as it starts reading a file of that name: the
/// only way for a test to see what the treasurer would see of a bug (docs/TESTING.md).
pub const TEST_PANIC_VARIABLE: &str = "RAPPRO_TEST_PANIC";

/// Notes that this thread now reads `file` (as named in messages).
pub fn set(file: &Arc<str>) {
    FILE.with(|current| {
        if let Ok(mut current) = current.try_borrow_mut() {
            *current = Some(Arc::clone(file));
        }
    });
    if std::env::var(TEST_PANIC_VARIABLE).is_ok_and(|name| file.ends_with(name.as_str())) {
        panic!("panique provoquée par {TEST_PANIC_VARIABLE} (test)");
    }
}

/// The file this thread reads, if any.
pub fn current() -> Option<Arc<str>> {
    FILE.with(|current| current.try_borrow().ok().and_then(|c| c.clone()))
}
