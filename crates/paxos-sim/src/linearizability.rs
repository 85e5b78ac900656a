//! Is what the clients saw linearizable? A small search in the style of Wing and Gong.
//!
//! A history lists every client call: when it was invoked, and when and with what result it
//! returned (or that it never returned). It is *linearizable* with respect to a sequential
//! key-value store when the calls can be put in one order that (1) respects real time: a call
//! that returned before another was invoked comes first, and (2) gives every returned call the
//! result the sequential store gives it in that order. A call that never returned may take
//! effect at any point after its invocation, or not at all.
//!
//! The search tries, at each point, every call that may come next (one invoked before every
//! remaining call returned), applies it to a copy of the store, and backtracks on a wrong
//! result; states already tried (the set of calls done and the store's contents) are not tried
//! again. The histories a simulated run produces are short (tens of calls), so this is fast
//! enough to run after every action; stateright's `LinearizabilityTester` does the same job.

use paxos_core::multi::{Op, Outcome};
use paxos_core::{NodeId, Value};
use std::collections::{BTreeMap, HashSet};

/// One client call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Call {
    /// Who made it.
    pub client: NodeId,
    /// What it asked.
    pub op: Op,
    /// When it was invoked (a step number).
    pub invoked: u64,
    /// When it returned, and with what; `None` while (or if forever) unanswered.
    pub returned: Option<(u64, Outcome)>,
}

/// The store the calls are checked against, sequentially.
pub type Store = BTreeMap<Value, Value>;

fn apply(store: &mut Store, op: Op) -> Outcome {
    match op {
        Op::Put { key, value } => {
            store.insert(key, value);
            Outcome::Stored
        }
        Op::Get { key } => Outcome::Read(store.get(&key).copied()),
        Op::Cas { key, expect, new } => {
            let was = store.get(&key).copied();
            let done = was == Some(expect);
            if done {
                store.insert(key, new);
            }
            Outcome::Swapped { done, was }
        }
    }
}

/// The most calls a history may have (the search keeps the set of calls done in a `u64`).
pub const MAX_CALLS: usize = 64;

/// Why a history was not found linearizable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotLinearizable {
    /// No order of the calls explains every result.
    NoOrder {
        /// The longest prefix of an order the search could build: call indices.
        longest: Vec<usize>,
    },
    /// The history is longer than [`MAX_CALLS`].
    TooLong(usize),
}

/// An order of the calls that explains the history (call indices; unanswered calls that took
/// no effect are left out), or why there is none.
pub fn check(calls: &[Call]) -> Result<Vec<usize>, NotLinearizable> {
    check_from(calls, &[Store::new()])
}

/// Like [`check`], with the store starting in any of `bases` (the possible states after an
/// earlier part of the history, see [`final_stores`]).
pub fn check_from(calls: &[Call], bases: &[Store]) -> Result<Vec<usize>, NotLinearizable> {
    if calls.len() > MAX_CALLS {
        return Err(NotLinearizable::TooLong(calls.len()));
    }
    let mut search = Search::new(calls, None);
    let answered = answered(calls);
    for base in bases {
        if search.extend(0, answered, &mut base.clone()) {
            return Ok(search.order);
        }
    }
    Err(NotLinearizable::NoOrder {
        longest: search.longest,
    })
}

fn answered(calls: &[Call]) -> u64 {
    calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.returned.is_some())
        .fold(0u64, |m, (i, _)| m | 1 << i)
}

/// Every store a valid order of `calls` can end in, starting from any of `bases`, for a history
/// in which every call returned. At such a quiescent point every later call comes after every
/// one of these in real time, so the history can be checked on from these stores alone: that
/// is how a long history is checked in pieces of at most [`MAX_CALLS`] calls. Empty when the
/// calls are not linearizable.
pub fn final_stores(calls: &[Call], bases: &[Store]) -> Result<Vec<Store>, NotLinearizable> {
    if calls.len() > MAX_CALLS {
        return Err(NotLinearizable::TooLong(calls.len()));
    }
    let mut ends = Vec::new();
    let mut search = Search::new(calls, Some(&mut ends));
    let all = answered(calls);
    for base in bases {
        search.extend(0, all, &mut base.clone());
    }
    drop(search);
    ends.sort();
    ends.dedup();
    Ok(ends)
}

struct Search<'a> {
    calls: &'a [Call],
    seen: HashSet<(u64, Vec<(Value, Value)>)>,
    order: Vec<usize>,
    longest: Vec<usize>,
    /// When collecting final stores: every store a complete order ends in (the search then
    /// goes on after finding one).
    ends: Option<&'a mut Vec<Store>>,
}

impl<'a> Search<'a> {
    fn new(calls: &'a [Call], ends: Option<&'a mut Vec<Store>>) -> Search<'a> {
        Search {
            calls,
            seen: HashSet::new(),
            order: Vec::new(),
            longest: Vec::new(),
            ends,
        }
    }
}

impl Search<'_> {
    /// Tries to order the calls not in `done`; true when every answered call is placed.
    fn extend(&mut self, done: u64, answered: u64, store: &mut Store) -> bool {
        if answered & !done == 0 {
            match &mut self.ends {
                Some(ends) => {
                    ends.push(store.clone());
                    return false;
                }
                None => return true,
            }
        }
        let key = (done, store.iter().map(|(k, v)| (*k, *v)).collect());
        if !self.seen.insert(key) {
            return false;
        }
        // A call may come next if no remaining answered call returned before it was invoked.
        let earliest_return = self
            .calls
            .iter()
            .enumerate()
            .filter(|(i, _)| done & (1 << i) == 0)
            .filter_map(|(_, c)| c.returned.map(|(t, _)| t))
            .min()
            .unwrap_or(u64::MAX);
        for (i, c) in self.calls.iter().enumerate() {
            if done & (1 << i) != 0 || c.invoked > earliest_return {
                continue;
            }
            let mut next = store.clone();
            let result = apply(&mut next, c.op);
            if c.returned.is_some_and(|(_, r)| r != result) {
                continue;
            }
            self.order.push(i);
            if self.order.len() > self.longest.len() {
                self.longest = self.order.clone();
            }
            if self.extend(done | 1 << i, answered, &mut next) {
                return true;
            }
            self.order.pop();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn call(client: u8, op: Op, invoked: u64, returned: Option<(u64, Outcome)>) -> Call {
        Call {
            client: NodeId::client(client),
            op,
            invoked,
            returned,
        }
    }
    fn put(k: &str, x: &str) -> Op {
        Op::Put {
            key: v(k),
            value: v(x),
        }
    }
    fn get(k: &str) -> Op {
        Op::Get { key: v(k) }
    }

    #[test]
    fn overlapping_calls_may_take_effect_in_either_order() {
        // c1 puts x=1 over [1, 5]; c2 reads x over [2, 6] and sees 1, or nothing: both fine.
        for seen in [Some(v("1")), None] {
            let h = [
                call(1, put("x", "1"), 1, Some((5, Outcome::Stored))),
                call(2, get("x"), 2, Some((6, Outcome::Read(seen)))),
            ];
            assert!(check(&h).is_ok(), "{seen:?}");
        }
    }

    #[test]
    fn a_stale_read_after_a_write_returned_is_caught() {
        // The put returned at step 3; a get invoked at step 4 cannot miss it.
        let h = [
            call(1, put("x", "1"), 1, Some((3, Outcome::Stored))),
            call(2, get("x"), 4, Some((5, Outcome::Read(None)))),
        ];
        assert_eq!(
            check(&h),
            Err(NotLinearizable::NoOrder { longest: vec![0] })
        );
    }

    #[test]
    fn an_unanswered_call_may_or_may_not_have_taken_effect() {
        let pending = call(1, put("x", "1"), 1, None);
        let saw = |x: Option<&str>| call(2, get("x"), 2, Some((3, Outcome::Read(x.map(v)))));
        assert_eq!(check(&[pending, saw(Some("1"))]), Ok(vec![0, 1]));
        assert_eq!(check(&[pending, saw(None)]), Ok(vec![1]));
        assert!(check(&[pending, saw(Some("2"))]).is_err());
    }

    #[test]
    fn a_cas_result_must_fit_the_order_too() {
        let cas = Op::Cas {
            key: v("x"),
            expect: v("1"),
            new: v("2"),
        };
        // Two clients' cas from 1 to 2 overlap; both cannot have succeeded.
        let ok = Outcome::Swapped {
            done: true,
            was: Some(v("1")),
        };
        let h = [
            call(1, put("x", "1"), 1, Some((2, Outcome::Stored))),
            call(1, cas, 3, Some((6, ok))),
            call(2, cas, 4, Some((7, ok))),
        ];
        assert!(check(&h).is_err());
        let lost = Outcome::Swapped {
            done: false,
            was: Some(v("2")),
        };
        let h2 = [h[0], h[1], call(2, cas, 4, Some((7, lost)))];
        assert_eq!(check(&h2), Ok(vec![0, 1, 2]));
        let too_many: Vec<Call> = (0..65).map(|i| call(1, get("x"), i, None)).collect();
        assert_eq!(check(&too_many), Err(NotLinearizable::TooLong(65)));
    }

    #[test]
    fn a_quiescent_history_leaves_every_store_its_orders_can_end_in() {
        let put = |val: &str| Op::Put {
            key: v("x"),
            value: v(val),
        };
        // Two overlapping puts: either may be last.
        let calls = [
            call(1, put("1"), 1, Some((3, Outcome::Stored))),
            call(2, put("2"), 2, Some((4, Outcome::Stored))),
        ];
        let ends = final_stores(&calls, &[Store::new()]).unwrap();
        let one: Store = [(v("x"), v("1"))].into();
        let two: Store = [(v("x"), v("2"))].into();
        assert_eq!(ends, vec![one.clone(), two.clone()]);
        // A later read may see either, and nothing else.
        let get = |r: Option<&str>| {
            [call(
                1,
                Op::Get { key: v("x") },
                5,
                Some((6, Outcome::Read(r.map(v)))),
            )]
        };
        assert!(check_from(&get(Some("1")), &ends).is_ok());
        assert!(check_from(&get(Some("2")), &ends).is_ok());
        assert!(check_from(&get(None), &ends).is_err());
        // Sequential puts leave one store; a history with no valid order leaves none.
        let seq = [
            call(1, put("1"), 1, Some((2, Outcome::Stored))),
            call(2, put("2"), 3, Some((4, Outcome::Stored))),
        ];
        assert_eq!(final_stores(&seq, &[Store::new()]).unwrap(), vec![two]);
        assert!(final_stores(&get(Some("9")), &[Store::new()])
            .unwrap()
            .is_empty());
    }
}
