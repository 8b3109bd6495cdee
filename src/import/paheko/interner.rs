//! `Interner`: equal strings of a journal (accounts, labels, projects, line texts) share one
//! allocation, without a map of every string ever seen.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::import::unicode::nfc;
use crate::model::LineText;

/// The hasher of the caches: fast on short keys, randomly seeded.
type Fast = foldhash::fast::RandomState;

/// Shares one allocation between equal strings that repeat (account codes and labels,
/// projects, bank references), without keeping every string ever seen: a direct-mapped
/// cache of recent strings, so that a file of unique references costs no growing map.
/// Equal strings may still get two allocations (after an eviction): sharing saves memory,
/// it never decides anything (strings are compared by content).
#[derive(Debug)]
pub struct Interner {
    hasher: Fast,
    empty: Arc<str>,
    strings: Vec<Option<Arc<str>>>,
    /// Line texts, with the addresses of their three parts. The entry holds those parts,
    /// so an address in a key cannot be reused by another string while the entry exists.
    texts: Vec<Option<([usize; 3], Arc<LineText>)>>,
}

/// Slots of each cache (a power of two).
const INTERNER_SLOTS: usize = 1 << 12;

impl Default for Interner {
    fn default() -> Interner {
        Interner {
            hasher: Fast::default(),
            empty: Arc::from(""),
            strings: vec![None; INTERNER_SLOTS],
            texts: vec![None; INTERNER_SLOTS],
        }
    }
}

impl Interner {
    /// A shared copy of `text`, in Unicode NFC (see `unicode::nfc`).
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if !text.is_ascii()
            && let Cow::Owned(normal) = nfc(text)
        {
            return self.shared(&normal);
        }
        self.shared(text)
    }

    fn shared(&mut self, text: &str) -> Arc<str> {
        if text.is_empty() {
            return Arc::clone(&self.empty);
        }
        let slot = self.hasher.hash_one(text) as usize % INTERNER_SLOTS;
        match self.strings.get_mut(slot) {
            Some(Some(shared)) if **shared == *text => Arc::clone(shared),
            Some(cached) => {
                let shared: Arc<str> = Arc::from(text);
                *cached = Some(Arc::clone(&shared));
                shared
            }
            None => Arc::from(text),
        }
    }

    /// The shared text of a line, `None` when blank.
    pub fn line_text(
        &mut self,
        reference: &str,
        label: &str,
        letter: &str,
    ) -> Option<Arc<LineText>> {
        if reference.is_empty() && label.is_empty() && letter.is_empty() {
            return None;
        }
        let parts = [self.get(reference), self.get(label), self.get(letter)];
        let key = parts
            .each_ref()
            .map(|part| Arc::as_ptr(part).cast::<u8>() as usize);
        let slot = self.hasher.hash_one(key) as usize % INTERNER_SLOTS;
        let [reference, label, letter] = parts;
        match self.texts.get_mut(slot) {
            Some(Some((cached_key, text))) if *cached_key == key => Some(Arc::clone(text)),
            Some(cached) => {
                let text = Arc::new(LineText {
                    reference,
                    label,
                    letter,
                });
                *cached = Some((key, Arc::clone(&text)));
                Some(text)
            }
            None => Some(Arc::new(LineText {
                reference,
                label,
                letter,
            })),
        }
    }
}
