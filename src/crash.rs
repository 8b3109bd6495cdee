//! What the treasurer sees if rappro ever panics: a French message saying it is a bug, the
//! file being read when it is known, and exit status [`ExitStatus::Bug`](rappro::pipeline::ExitStatus::Bug), instead of Rust's
//! English panic message and status 101.
//!
//! The panic hook only records what happened: calamine runs under `catch_unwind` (a panic
//! in it is a corrupt workbook, not a crash), so the hook cannot know whether a panic will
//! be caught. `main` prints the message once the panic has reached it.

use std::cell::RefCell;
use std::panic::PanicHookInfo;
use std::sync::Mutex;

/// The last panic's message and place, and the file its thread was reading (the library
/// notes it per thread: invoices are read on worker threads), recorded by the hook.
static LAST_PANIC: Mutex<Option<(Option<String>, String)>> = Mutex::new(None);

thread_local! {
    /// The input file being read, as named in messages.
    static CURRENT_FILE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces Rust's panic message by a silent record of it (see the module documentation).
pub(crate) fn install() {
    std::panic::set_hook(Box::new(|info| {
        let detail = describe(info);
        let file = rappro::reading::current().map(|file| file.to_string());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((file, detail));
        }
    }));
}

/// Notes the file being read, for the message if a panic happens while reading it.
pub(crate) fn reading(file: &str) {
    CURRENT_FILE.with(|current| {
        if let Ok(mut current) = current.try_borrow_mut() {
            *current = Some(file.to_owned());
        }
    });
}

/// The French message of a panic that reached `main` (which prints it).
pub(crate) fn report() -> String {
    let main_file = CURRENT_FILE.with(|current| current.try_borrow().ok().and_then(|c| c.clone()));
    let (file, detail) = LAST_PANIC
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .unwrap_or_else(|| (None, "inconnu".to_owned()));
    message(file.or(main_file).as_deref(), &detail)
}

/// The message: what happened, whose fault it is, what to do; the technical detail last.
pub(crate) fn message(file: Option<&str>, detail: &str) -> String {
    let place = match file {
        Some(file) => format!(" pendant la lecture de « {file} »"),
        None => String::new(),
    };
    format!(
        "rappro : erreur interne{place} : c'est un bogue de rappro, pas une erreur de votre part. \
         Les rapports de cette exécution peuvent manquer ou être incomplets. Merci de signaler ce \
         bogue avec ce message (et, si vous le pouvez, le fichier en cause). \
         (détail technique : {detail})"
    )
}

fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panique".to_owned());
    let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
    match info.location() {
        Some(place) => format!("{what}, {}:{}", place.file(), place.line()),
        None => what,
    }
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn the_message_names_the_file_and_keeps_the_detail_last() {
        let text = message(Some("paheko/export.csv"), "index out of bounds, src/x.rs:1");
        assert!(text.starts_with(
            "rappro : erreur interne pendant la lecture de « paheko/export.csv » : c'est un bogue de rappro"
        ));
        assert!(text.ends_with("(détail technique : index out of bounds, src/x.rs:1)"));
        assert!(!text.contains('\n'));
        assert!(message(None, "x").starts_with("rappro : erreur interne : c'est un bogue"));
    }
}
