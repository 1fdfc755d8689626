//! An account's cached sessions: compact records, found by id, in each sort order.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use scriptix_api::model::Session;

use super::query::SortKey;
use super::record::{Interner, Record};

/// The sessions of one account, in the order they were first listed.
#[derive(Default)]
pub(super) struct Store {
    records: Vec<Record>,
    shared: Interner,
    /// Index of each session by a hash of its id: the id itself is in the record, and a
    /// second copy of 100,000 ids was 5 MB. An id whose hash another id already holds goes
    /// to `collided` (checked against the record, so a collision never mixes two up).
    by_hash: HashMap<u64, u32>,
    collided: HashMap<Box<str>, u32>,
    /// When each page (or single session) was read; a record names its reading by number,
    /// as a page's hundred sessions share one.
    readings: Vec<Instant>,
    /// Every session's index in each sort order asked for, worked out once per change of
    /// the sessions instead of sorting the matches on every keystroke.
    orders: Vec<(Order, Box<[u32]>)>,
}

/// A sort key and whether it runs descending.
type Order = (SortKey, bool);

fn id_hash(id: &str) -> u64 {
    // Fixed keys: the same on every run, which keeps the bench's figures comparable.
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl Store {
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    pub(super) fn get(&self, i: usize) -> &Record {
        &self.records[i]
    }

    pub(super) fn find(&self, id: &str) -> Option<usize> {
        match self.by_hash.get(&id_hash(id)) {
            Some(&i) if self.records[i as usize].id() == id => Some(i as usize),
            _ => self.collided.get(id).map(|&i| i as usize),
        }
    }

    /// Room for `more` sessions, asked once the count is known, so a long list is not
    /// copied every time it doubles (nor left with up to twice the room it needs).
    pub(super) fn reserve(&mut self, more: usize) {
        self.records.reserve_exact(more);
        self.by_hash.reserve(more);
    }

    /// Give back room reserved for sessions that never came (the count was off).
    pub(super) fn shrink(&mut self) {
        self.records.shrink_to_fit();
    }

    /// Add a page of sessions read at `now`, replacing those already known.
    pub(super) fn add(&mut self, page: Vec<Session>, now: Instant) {
        let reading = u32::try_from(self.readings.len()).unwrap_or(u32::MAX);
        self.readings.push(now);
        for s in page {
            let record = Record::new(&s, reading, &mut self.shared);
            match self.find(&s.id) {
                Some(i) => self.records[i] = record,
                None => {
                    let i = u32::try_from(self.records.len()).expect("under 2^32 sessions");
                    match self.by_hash.entry(id_hash(&s.id)) {
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(i);
                        }
                        std::collections::hash_map::Entry::Occupied(_) => {
                            self.collided.insert(s.id.as_str().into(), i);
                        }
                    }
                    self.records.push(record);
                }
            }
        }
        self.orders.clear();
    }

    /// When session `i` was read.
    pub(super) fn read_at(&self, i: usize) -> Instant {
        self.readings[self.records[i].reading as usize]
    }

    pub(super) fn session(&self, i: usize) -> Session {
        self.records[i].to_session(&self.shared)
    }

    /// Every session's index in display order for `sort` (stable: equal keys keep the
    /// order they were listed in, descending too, as sorting the matches did before),
    /// with the records.
    pub(super) fn ordered(&mut self, sort: SortKey, descending: bool) -> (&[u32], &[Record]) {
        let at = match self
            .orders
            .iter()
            .position(|(k, _)| *k == (sort, descending))
        {
            Some(at) => at,
            None => {
                let order = sorted(&self.records, sort, descending);
                self.orders.push(((sort, descending), order));
                self.orders.len() - 1
            }
        };
        (&self.orders[at].1, &self.records)
    }
}

fn sorted(records: &[Record], sort: SortKey, descending: bool) -> Box<[u32]> {
    let mut order: Vec<u32> = (0..records.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&records[a as usize], &records[b as usize]);
        let ord = match sort {
            SortKey::Name => a.name_key().cmp(b.name_key()),
            SortKey::Created => a.created_at().cmp(b.created_at()),
            SortKey::Modified => a.last_modified().cmp(b.last_modified()),
            SortKey::Duration => a.duration_seconds.total_cmp(&b.duration_seconds),
        };
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    order.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_found_by_id_and_replaced_in_place() {
        let mut store = Store::default();
        let s = |id: &str, name: &str| Session {
            id: id.into(),
            filename: name.into(),
            ..Default::default()
        };
        let now = Instant::now();
        store.add(vec![s("a", "A"), s("b", "B")], now);
        store.add(vec![s("b", "B2"), s("c", "C")], now);
        assert_eq!(store.len(), 3);
        assert_eq!(store.find("b"), Some(1));
        assert_eq!(store.session(1).filename, "B2");
        assert_eq!(store.find("nope"), None);
    }

    #[test]
    fn an_id_whose_hash_is_taken_is_still_found() {
        let mut store = Store::default();
        let s = |id: &str| Session {
            id: id.into(),
            ..Default::default()
        };
        let now = Instant::now();
        store.add(vec![s("a")], now);
        // Make "b" collide with "a": its hash already names "a"'s record.
        store.by_hash.insert(id_hash("b"), 0);
        store.add(vec![s("b")], now);
        assert_eq!((store.find("a"), store.find("b")), (Some(0), Some(1)));
        store.add(vec![s("b")], now);
        assert_eq!(store.len(), 2, "found, so replaced rather than added again");
    }
}
