//! The replicated state machine: a key-value store that applies chosen slots in order.
//!
//! Every replica applies the same chosen commands in the same slot order, so every replica
//! that has applied `k` slots holds the same store. Two rules make that hold with clients that
//! retry: slots are applied strictly one after the other (a replica that learned slot 5 before
//! slot 4 waits), and a request a client sent twice, which may then sit in two slots, is
//! applied once: each client's last applied request number and its result are remembered, and
//! a repeat gets the remembered result without touching the store.

use super::{clone_if_changed, Command, Op, Outcome, Request, Slot};
use crate::ids::NodeId;
use crate::value::Value;
use std::collections::BTreeMap;

/// What applying one slot did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "applied", rename_all = "lowercase"))]
pub enum Applied {
    /// A no-op: nothing changed.
    Noop,
    /// A request, executed now, with its result.
    Executed {
        /// The request.
        request: Request,
        /// Its result.
        outcome: Outcome,
    },
    /// A request this store had already executed (a client's retry that landed in a second
    /// slot): nothing changed; the result is the remembered one.
    Duplicate {
        /// The request.
        request: Request,
        /// The result it had the first time.
        outcome: Outcome,
    },
}

/// Why a slot could not be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyError {
    /// Slots are applied in order: this is not the next one.
    OutOfOrder {
        /// The slot given.
        slot: Slot,
        /// The slot the store expects next.
        next: Slot,
    },
}

/// A key-value store fed by a log.
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct KvStore {
    data: BTreeMap<Value, Value>,
    /// The number of slots applied: the next slot to apply is `applied + 1`.
    applied: Slot,
    /// Per client, its last executed request number and that request's result.
    last: BTreeMap<NodeId, (u32, Outcome)>,
}

/// Written out so that `clone_from` leaves unchanged maps alone ([`clone_if_changed`]).
impl Clone for KvStore {
    fn clone(&self) -> KvStore {
        KvStore {
            data: self.data.clone(),
            applied: self.applied,
            last: self.last.clone(),
        }
    }
    fn clone_from(&mut self, source: &KvStore) {
        clone_if_changed(&mut self.data, &source.data);
        self.applied = source.applied;
        clone_if_changed(&mut self.last, &source.last);
    }
}

impl crate::pack::Pack for KvStore {
    fn pack(&self, out: &mut Vec<u8>) {
        self.data.pack(out);
        self.applied.pack(out);
        self.last.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<KvStore> {
        Some(KvStore {
            data: BTreeMap::unpack(input)?,
            applied: Slot::unpack(input)?,
            last: BTreeMap::unpack(input)?,
        })
    }
}

impl KvStore {
    /// An empty store that has applied nothing.
    pub fn new() -> KvStore {
        KvStore::default()
    }

    /// How many slots it has applied (the log prefix it reflects).
    pub fn applied(&self) -> Slot {
        self.applied
    }

    /// The value of `key`.
    pub fn get(&self, key: Value) -> Option<Value> {
        self.data.get(&key).copied()
    }

    /// Every key and its value, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.data.iter().map(|(k, v)| (*k, *v))
    }

    /// Per client, the number of the last request executed and its result, by client: what
    /// the store answers a retry with instead of running it again.
    pub fn sessions(&self) -> impl Iterator<Item = (NodeId, u32, Outcome)> + '_ {
        self.last.iter().map(|(c, (id, o))| (*c, *id, *o))
    }

    /// The result of `client`'s request `id`, if it is the last one this store executed for
    /// that client (what a repeat of it is answered with).
    pub fn result_of(&self, client: NodeId, id: u32) -> Option<Outcome> {
        self.last
            .get(&client)
            .filter(|(last, _)| *last == id)
            .map(|(_, o)| *o)
    }

    /// Applies the command chosen in `slot`, which must be the next slot.
    pub fn apply(&mut self, slot: Slot, command: Command) -> Result<Applied, ApplyError> {
        let next = self.applied + 1;
        if slot != next {
            return Err(ApplyError::OutOfOrder { slot, next });
        }
        self.applied = slot;
        let Command::Client(request) = command else {
            return Ok(Applied::Noop);
        };
        if let Some(&(last, outcome)) = self.last.get(&request.client) {
            // A client has one request outstanding at a time and numbers them in order, so
            // any number up to its last executed one is a repeat.
            if request.id <= last {
                return Ok(Applied::Duplicate { request, outcome });
            }
        }
        let outcome = self.execute(request.op);
        self.last.insert(request.client, (request.id, outcome));
        Ok(Applied::Executed { request, outcome })
    }

    fn execute(&mut self, op: Op) -> Outcome {
        match op {
            Op::Put { key, value } => {
                self.data.insert(key, value);
                Outcome::Stored
            }
            Op::Get { key } => Outcome::Read(self.get(key)),
            Op::Cas { key, expect, new } => {
                let was = self.get(key);
                let done = was == Some(expect);
                if done {
                    self.data.insert(key, new);
                }
                Outcome::Swapped { done, was }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn req(client: u8, id: u32, op: Op) -> Command {
        Command::Client(Request {
            client: NodeId::client(client),
            id,
            op,
        })
    }

    #[test]
    fn slots_apply_in_order_and_a_retry_in_a_second_slot_applies_once() {
        let mut s = KvStore::new();
        let put = |id, value| {
            req(
                1,
                id,
                Op::Put {
                    key: v("x"),
                    value: v(value),
                },
            )
        };
        let shown = |a: Applied| match a {
            Applied::Noop => "noop".to_string(),
            Applied::Executed { request, outcome } => format!("{request}: {outcome}"),
            Applied::Duplicate { request, outcome } => format!("{request}: again {outcome}"),
        };
        assert_eq!(
            shown(s.apply(1, put(1, "1")).unwrap()),
            "c1#1 put x 1: stored"
        );
        assert_eq!(
            s.apply(3, Command::Noop),
            Err(ApplyError::OutOfOrder { slot: 3, next: 2 })
        );
        assert_eq!(shown(s.apply(2, Command::Noop).unwrap()), "noop");
        let cas = req(
            2,
            1,
            Op::Cas {
                key: v("x"),
                expect: v("1"),
                new: v("2"),
            },
        );
        assert_eq!(shown(s.apply(3, cas).unwrap()), "c2#1 cas x 1 2: swapped");
        // c2's retry of the same cas sits in slot 4 too: it must not run again (it would now
        // fail, and a client must see one answer for one request).
        assert_eq!(
            shown(s.apply(4, cas).unwrap()),
            "c2#1 cas x 1 2: again swapped"
        );
        assert_eq!(s.get(v("x")), Some(v("2")));
        let read = req(1, 2, Op::Get { key: v("x") });
        assert_eq!(shown(s.apply(5, read).unwrap()), "c1#2 get x: read 2");
        let failed = req(
            1,
            3,
            Op::Cas {
                key: v("y"),
                expect: v("1"),
                new: v("2"),
            },
        );
        assert_eq!(
            shown(s.apply(6, failed).unwrap()),
            "c1#3 cas y 1 2: not swapped (was -)"
        );
        assert_eq!(s.applied(), 6);
        assert_eq!(
            s.result_of(NodeId::client(2), 1),
            Some(Outcome::Swapped {
                done: true,
                was: Some(v("1"))
            })
        );
        assert_eq!(
            s.result_of(NodeId::client(1), 1),
            None,
            "only the last result is kept"
        );
    }

    #[test]
    fn replicas_that_applied_the_same_slots_hold_the_same_store() {
        let log = [
            req(
                1,
                1,
                Op::Put {
                    key: v("a"),
                    value: v("1"),
                },
            ),
            Command::Noop,
            req(
                2,
                1,
                Op::Put {
                    key: v("b"),
                    value: v("2"),
                },
            ),
            req(
                1,
                1,
                Op::Put {
                    key: v("a"),
                    value: v("1"),
                },
            ),
        ];
        let mut r1 = KvStore::new();
        let mut r2 = KvStore::new();
        for (i, c) in log.iter().enumerate() {
            r1.apply(i as Slot + 1, *c).unwrap();
        }
        for (i, c) in log.iter().enumerate() {
            r2.apply(i as Slot + 1, *c).unwrap();
        }
        assert_eq!(r1, r2);
        let entries: Vec<String> = r1.entries().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(entries, vec!["a=1", "b=2"]);
    }
}
