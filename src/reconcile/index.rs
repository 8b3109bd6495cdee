//! The generic machinery of matching, apart from invoices: a token index, an amount-and-date
//! window with one cursor per seeker under a heap, and the grouping of equally good pairs.
//!
//! Nothing here knows about invoices, entries or suppliers: items are plain indexes, keys are any
//! ordered type, so bank lines can be paired with ledger lines over the same code. Every choice is
//! ordered by the ranks the caller gives, never by hash order.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};
use std::hash::Hash;

/// Joins the tokens of a multi-token key into one string.
const JOIN: char = '\u{1f}';

/// The tokens of a text: maximal runs of letters, digits, `-` and `_`, without leading or
/// trailing `-`/`_`, uppercased.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map(|t| t.trim_matches(['-', '_']))
        .filter(|t| !t.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// Whether `text` cites `number`: the tokens of `number`, in a row, among those of `text`.
pub(crate) fn cites(text: &str, number: &str) -> bool {
    let wanted = tokens(number);
    if wanted.is_empty() {
        return false;
    }
    tokens(text).windows(wanted.len()).any(|w| w == wanted)
}

/// Items keyed by token sequences (one or more tokens), found by the token windows of a text.
///
/// Looking a text up costs one hash lookup per window length per token, whatever the number of
/// keys: linear in the size of the texts searched.
pub(crate) struct TokenIndex<T> {
    keys: HashMap<String, Vec<T>>,
    /// The distinct numbers of tokens of the keys.
    lengths: BTreeSet<usize>,
}

impl<T: Copy> TokenIndex<T> {
    /// An empty index.
    pub(crate) fn new() -> Self {
        TokenIndex {
            keys: HashMap::new(),
            lengths: BTreeSet::new(),
        }
    }

    /// Files `item` under a key of one or more tokens (ignored when there are none).
    pub(crate) fn insert(&mut self, key: &[String], item: T) {
        if key.is_empty() {
            return;
        }
        self.lengths.insert(key.len());
        self.keys
            .entry(key.join(&JOIN.to_string()))
            .or_default()
            .push(item);
    }

    /// Whether nothing was inserted.
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Calls `found` for each item whose key appears, in a row, in `text` (already cut into
    /// tokens), once per occurrence, by key length then position.
    pub(crate) fn find_in(&self, text: &[String], mut found: impl FnMut(T)) {
        let mut key = String::new();
        for &k in &self.lengths {
            for window in text.windows(k) {
                let items = if k == 1 {
                    self.keys.get(&window[0])
                } else {
                    key.clear();
                    for (n, t) in window.iter().enumerate() {
                        if n > 0 {
                            key.push(JOIN);
                        }
                        key.push_str(t);
                    }
                    self.keys.get(&key)
                };
                for &item in items.map_or(&[][..], Vec::as_slice) {
                    found(item);
                }
            }
        }
    }
}

/// A candidate in an [`AmountIndex`]: (day number, rank, item).
type Dated = (i64, usize, usize);

/// Items filed by (key, amount in cents), each list sorted by date then rank.
pub(crate) struct AmountIndex<K> {
    lists: BTreeMap<(K, i64), Vec<Dated>>,
}

impl<K: Ord + Copy> AmountIndex<K> {
    /// An empty index.
    pub(crate) fn new() -> Self {
        AmountIndex {
            lists: BTreeMap::new(),
        }
    }

    /// Files `item` (ranked `rank` among its kind) under `key` and `cents`, dated `day`.
    pub(crate) fn insert(&mut self, key: K, cents: i64, day: i64, rank: usize, item: usize) {
        self.lists
            .entry((key, cents))
            .or_default()
            .push((day, rank, item));
    }

    /// Sorts the lists; call once, after the last insertion.
    pub(crate) fn sorted(mut self) -> Self {
        for list in self.lists.values_mut() {
            list.sort_unstable();
        }
        self
    }
}

/// One item looking for partners in an [`AmountIndex`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seeker<K> {
    /// The item (an index of the caller's).
    pub(crate) item: usize,
    /// Its rank: breaks ties between seekers, lowest first.
    pub(crate) rank: usize,
    /// The key partners must have.
    pub(crate) key: K,
    /// The amount, in cents.
    pub(crate) cents: i64,
    /// The date, as a day number.
    pub(crate) day: i64,
}

/// Pairs of seekers and indexed items by increasing score (date gap, then amount gap), with
/// the amount within `tolerance` cents and the date at most `window` days apart.
///
/// [`AmountWindow::next_score`] hands out every pair of the best score left, all at once, so
/// that the caller can see ties; [`AmountWindow::requeue`] then puts back the seekers that
/// still look for a partner. Only the candidates a seeker actually looks at are produced, so
/// identical amounts in a crowded window cost what they are used for: O(n log n) for n seekers
/// and items, plus the pairs handed out.
pub(crate) struct AmountWindow<'x> {
    cursors: Vec<Cursor<'x>>,
    /// (date gap, amount gap, seeker rank, cursor).
    heap: BinaryHeap<Reverse<(i64, i64, usize, usize)>>,
    /// The cursors of the last score handed out.
    last: Vec<usize>,
}

impl<'x> AmountWindow<'x> {
    /// Opens one cursor per seeker over `index`.
    pub(crate) fn new<K: Ord + Copy>(
        index: &'x AmountIndex<K>,
        seekers: &[Seeker<K>],
        window: i64,
        tolerance: i64,
    ) -> Self {
        let mut cursors: Vec<Cursor<'x>> = seekers
            .iter()
            .map(|s| {
                let lists = index
                    .lists
                    .range((s.key, s.cents - tolerance)..=(s.key, s.cents + tolerance))
                    .map(|(&(_, cents), list)| {
                        let p = list.partition_point(|x| x.0 < s.day);
                        ((cents - s.cents).abs(), list.as_slice(), p, p)
                    })
                    .collect();
                Cursor {
                    item: s.item,
                    rank: s.rank,
                    day: s.day,
                    window,
                    lists,
                    gap: 0,
                    pending: Vec::new(),
                }
            })
            .collect();
        let mut heap = BinaryHeap::new();
        for (c, cursor) in cursors.iter_mut().enumerate() {
            if let Some((gap, amount)) = cursor.peek() {
                heap.push(Reverse((gap, amount, cursor.rank, c)));
            }
        }
        AmountWindow {
            cursors,
            heap,
            last: Vec::new(),
        }
    }

    /// Every (seeker item, indexed item) pair of the best score left, by seeker rank then
    /// item rank; `None` when no pair is left. Call [`AmountWindow::requeue`] before the next.
    pub(crate) fn next_score(&mut self) -> Option<Vec<(usize, usize)>> {
        let Reverse((gap, amount, _, first)) = self.heap.pop()?;
        self.last = vec![first];
        while let Some(Reverse(top)) = self.heap.peek() {
            if (top.0, top.1) != (gap, amount) {
                break;
            }
            self.last.push(top.3);
            self.heap.pop();
        }
        let mut pairs = Vec::new();
        for &c in &self.last {
            let seeker = self.cursors[c].item;
            pairs.extend(
                self.cursors[c]
                    .take()
                    .into_iter()
                    .map(|item| (seeker, item)),
            );
        }
        Some(pairs)
    }

    /// Puts back the seekers of the last score that `still_seeking` says still look.
    pub(crate) fn requeue(&mut self, still_seeking: impl Fn(usize) -> bool) {
        for &c in &self.last {
            let cursor = &mut self.cursors[c];
            if !still_seeking(cursor.item) {
                continue;
            }
            if let Some((gap, amount)) = cursor.peek() {
                self.heap.push(Reverse((gap, amount, cursor.rank, c)));
            }
        }
        self.last.clear();
    }
}

/// A seeker's candidates, yielded by increasing date gap, then amount gap, then rank.
///
/// Each list holds the items of one amount within tolerance, sorted by date; the two indexes
/// walk away from the seeker's date.
struct Cursor<'x> {
    item: usize,
    rank: usize,
    day: i64,
    window: i64,
    /// (amount gap, items by date, next index going back + 1, next index going forward)
    lists: Vec<(i64, &'x [Dated], usize, usize)>,
    /// The date gap of `pending`.
    gap: i64,
    /// Candidates at `gap` not handed out yet, (amount gap, rank, item), largest first.
    pending: Vec<(i64, usize, usize)>,
}

impl Cursor<'_> {
    /// The score (date gap, amount gap) of the next candidates, if any within the window.
    fn peek(&mut self) -> Option<(i64, i64)> {
        if self.pending.is_empty() {
            self.load();
        }
        self.pending.last().map(|p| (self.gap, p.0))
    }

    /// Loads the candidates at the next date gap.
    fn load(&mut self) {
        let day = self.day;
        let next = self
            .lists
            .iter()
            .filter_map(|&(_, list, left, right)| {
                let back = (left > 0).then(|| day - list[left - 1].0);
                let forward = list.get(right).map(|x| x.0 - day);
                match (back, forward) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .min();
        let Some(gap) = next.filter(|g| *g <= self.window) else {
            return;
        };
        self.gap = gap;
        for (amount, list, left, right) in &mut self.lists {
            while *left > 0 && day - list[*left - 1].0 == gap {
                let (_, rank, e) = list[*left - 1];
                self.pending.push((*amount, rank, e));
                *left -= 1;
            }
            while *right < list.len() && list[*right].0 - day == gap {
                let (_, rank, e) = list[*right];
                self.pending.push((*amount, rank, e));
                *right += 1;
            }
        }
        self.pending.sort_unstable_by(|a, b| b.cmp(a));
    }

    /// Hands out every candidate at the current score.
    fn take(&mut self) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(&(amount, _, _)) = self.pending.last() {
            while self.pending.last().is_some_and(|p| p.0 == amount) {
                if let Some((_, _, e)) = self.pending.pop() {
                    out.push(e);
                }
            }
        }
        out
    }
}

/// Connected components of a bipartite edge list (left, right), each with its edges in input
/// order, components in the order of their first edge. A component of one edge is an
/// unambiguous pair; a larger one is a group of equally good candidates.
pub(crate) fn components<A, B>(edges: &[(A, B)]) -> Vec<Vec<(A, B)>>
where
    A: Copy + Eq + Hash,
    B: Copy + Eq + Hash,
{
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    fn id<N: Eq + Hash>(ids: &mut HashMap<N, usize>, node: N, parent: &mut Vec<usize>) -> usize {
        *ids.entry(node).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    }
    let mut left: HashMap<A, usize> = HashMap::new();
    let mut right: HashMap<B, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut edge_nodes = Vec::with_capacity(edges.len());
    for &(a, b) in edges {
        let x = id(&mut left, a, &mut parent);
        let y = id(&mut right, b, &mut parent);
        let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
        if rx != ry {
            parent[ry] = rx;
        }
        edge_nodes.push(x);
    }
    let mut order: Vec<usize> = Vec::new();
    let mut groups: HashMap<usize, Vec<(A, B)>> = HashMap::new();
    for (&edge, &x) in edges.iter().zip(&edge_nodes) {
        let root = find(&mut parent, x);
        let group = groups.entry(root).or_default();
        if group.is_empty() {
            order.push(root);
        }
        group.push(edge);
    }
    order
        .into_iter()
        .filter_map(|root| groups.remove(&root))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn token_index_finds_single_and_multi_token_keys() {
        let mut index = TokenIndex::new();
        index.insert(&toks("FR1001"), 0);
        index.insert(&toks("2024/17"), 1);
        index.insert(&toks(""), 2);
        assert!(!index.is_empty());
        let mut found = Vec::new();
        index.find_in(&toks("Facture fr1001 et 2024/17, pas 2024/171"), |i| {
            found.push(i)
        });
        assert_eq!(found, [0, 1]);
        let mut none = Vec::new();
        index.find_in(&toks("FR10011 2024-17"), |i| none.push(i));
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn tokens_are_whole_and_case_insensitive() {
        assert_eq!(
            tokens("Facture OVH fr05139670."),
            ["FACTURE", "OVH", "FR05139670"]
        );
        assert!(cites("Facture OVH fr05139670.", "FR05139670"));
        assert!(!cites("FR05139670-bis", "FR05139670"));
        assert!(!cites("FR051396701", "FR05139670"));
        assert!(cites("Retzo (R2024-008)", "R2024-008"));
        assert!(cites("facture 2024/17 du mois", "2024/17"));
        assert!(!cites("facture 2024/171", "2024/17"));
        assert!(!cites("anything", "--"));
    }

    type Pairs = Vec<(usize, usize)>;

    /// Runs the window to the end, taking each lone pair and marking tied groups, like the
    /// amount pass: (pairs taken, groups left ambiguous).
    fn settle(
        index: &AmountIndex<u8>,
        seekers: &[Seeker<u8>],
        window: i64,
        tolerance: i64,
    ) -> (Pairs, Vec<Pairs>) {
        let mut busy_left = BTreeSet::new();
        let mut busy_right = BTreeSet::new();
        let mut taken = Vec::new();
        let mut tied = Vec::new();
        let mut w = AmountWindow::new(index, seekers, window, tolerance);
        while let Some(pairs) = w.next_score() {
            let active: Vec<_> = pairs
                .into_iter()
                .filter(|(a, b)| !busy_left.contains(a) && !busy_right.contains(b))
                .collect();
            for group in components(&active) {
                for &(a, b) in &group {
                    busy_left.insert(a);
                    busy_right.insert(b);
                }
                if group.len() == 1 {
                    taken.push(group[0]);
                } else {
                    tied.push(group);
                }
            }
            w.requeue(|a| !busy_left.contains(&a));
        }
        (taken, tied)
    }

    fn seeker(item: usize, key: u8, cents: i64, day: i64) -> Seeker<u8> {
        Seeker {
            item,
            rank: item,
            key,
            cents,
            day,
        }
    }

    #[test]
    fn closest_date_then_closest_amount_wins() {
        let mut index = AmountIndex::new();
        index.insert(1, 1000, 105, 0, 10); // 5 days away
        index.insert(1, 1000, 103, 1, 11); // 3 days away
        index.insert(1, 1001, 103, 2, 12); // 3 days away, 1 cent off
        index.insert(2, 1000, 100, 3, 13); // another key
        let index = index.sorted();
        let (taken, tied) = settle(&index, &[seeker(0, 1, 1000, 100)], 21, 1);
        assert_eq!(taken, [(0, 11)]);
        assert!(tied.is_empty());
        // Outside the window, nothing.
        let (taken, _) = settle(&index, &[seeker(0, 1, 1000, 130)], 21, 1);
        assert!(taken.is_empty());
        // Outside the tolerance, nothing.
        let (taken, _) = settle(&index, &[seeker(0, 1, 1010, 100)], 21, 1);
        assert!(taken.is_empty());
    }

    #[test]
    fn equally_good_candidates_are_reported_as_one_group() {
        let mut index = AmountIndex::new();
        index.insert(1, 1000, 103, 0, 10);
        index.insert(1, 1000, 97, 1, 11); // as far before as the other is after
        index.insert(1, 500, 100, 2, 12);
        let index = index.sorted();
        let seekers = [seeker(0, 1, 1000, 100), seeker(1, 1, 500, 100)];
        let (taken, tied) = settle(&index, &seekers, 21, 0);
        assert_eq!(taken, [(1, 12)]);
        assert_eq!(tied, [vec![(0, 10), (0, 11)]]);
        // Two seekers for one item: a group too, and neither takes the item later.
        let mut index = AmountIndex::new();
        index.insert(1, 1000, 100, 0, 10);
        index.insert(1, 1000, 110, 1, 11);
        let index = index.sorted();
        let seekers = [seeker(0, 1, 1000, 101), seeker(1, 1, 1000, 99)];
        let (taken, tied) = settle(&index, &seekers, 21, 0);
        assert_eq!(tied, [vec![(0, 10), (1, 10)]]);
        assert!(taken.is_empty(), "{taken:?}");
    }

    #[test]
    fn the_result_does_not_depend_on_insertion_order() {
        let items = [
            (1000, 100),
            (1000, 104),
            (1000, 96),
            (999, 100),
            (1001, 101),
        ];
        let seekers = [
            seeker(0, 1, 1000, 100),
            seeker(1, 1, 1000, 101),
            seeker(2, 1, 1000, 99),
        ];
        let build = |order: &[usize]| {
            let mut index = AmountIndex::new();
            for &n in order {
                let (cents, day) = items[n];
                index.insert(1, cents, day, n, 10 + n);
            }
            index.sorted()
        };
        let first = settle(&build(&[0, 1, 2, 3, 4]), &seekers, 21, 1);
        let second = settle(&build(&[4, 2, 0, 3, 1]), &seekers, 21, 1);
        assert_eq!(first, second);
        let mut reversed = seekers;
        reversed.reverse();
        assert_eq!(first, settle(&build(&[3, 1, 4, 0, 2]), &reversed, 21, 1));
    }

    #[test]
    fn components_group_shared_ends_in_first_seen_order() {
        let edges = [(1, 'a'), (2, 'b'), (3, 'a'), (2, 'c'), (4, 'd')];
        assert_eq!(
            components(&edges),
            [
                vec![(1, 'a'), (3, 'a')],
                vec![(2, 'b'), (2, 'c')],
                vec![(4, 'd')]
            ]
        );
        assert!(components::<usize, usize>(&[]).is_empty());
    }
}
