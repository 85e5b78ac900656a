//! The compact byte form of Multi-Paxos values, for the model checker's frontier (see
//! [`crate::pack`]): what a replica, a standalone acceptor or a client holds, and the messages
//! between them. Each node writes only what can change; its name and the cluster's shape are
//! those of the node it is read back into.

use super::recovery::{Recovered, Source};
use super::replica::Role;
use super::{Command, Msg, Op, Outcome, Request, SlotVote};
use crate::ids::{Ballot, NodeId};
use crate::pack::Pack;
use crate::value::Value;

/// A one-byte tag: which variant of an enum follows.
fn tag(t: u8, out: &mut Vec<u8>) {
    out.push(t);
}

fn read_tag(input: &mut &[u8]) -> Option<u8> {
    let (&b, rest) = input.split_first()?;
    *input = rest;
    Some(b)
}

impl Pack for Op {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Op::Put { key, value } => {
                tag(0, out);
                (*key, *value).pack(out);
            }
            Op::Get { key } => {
                tag(1, out);
                key.pack(out);
            }
            Op::Cas { key, expect, new } => {
                tag(2, out);
                (*key, *expect, *new).pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Op> {
        Some(match read_tag(input)? {
            0 => {
                let (key, value) = <(Value, Value)>::unpack(input)?;
                Op::Put { key, value }
            }
            1 => Op::Get {
                key: Value::unpack(input)?,
            },
            2 => {
                let (key, expect, new) = <(Value, Value, Value)>::unpack(input)?;
                Op::Cas { key, expect, new }
            }
            _ => return None,
        })
    }
}

impl Pack for Request {
    fn pack(&self, out: &mut Vec<u8>) {
        (self.client, self.id, self.op).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Request> {
        let (client, id, op) = <(NodeId, u32, Op)>::unpack(input)?;
        Some(Request { client, id, op })
    }
}

impl Pack for Command {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Command::Noop => tag(0, out),
            Command::Client(r) => {
                tag(1, out);
                r.pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Command> {
        match read_tag(input)? {
            0 => Some(Command::Noop),
            1 => Some(Command::Client(Request::unpack(input)?)),
            _ => None,
        }
    }
}

impl Pack for SlotVote {
    fn pack(&self, out: &mut Vec<u8>) {
        (self.slot, self.ballot, self.command).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<SlotVote> {
        let (slot, ballot, command) = <(u32, Ballot, Command)>::unpack(input)?;
        Some(SlotVote {
            slot,
            ballot,
            command,
        })
    }
}

impl Pack for Outcome {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Outcome::Stored => tag(0, out),
            Outcome::Read(v) => {
                tag(1, out);
                v.pack(out);
            }
            Outcome::Swapped { done, was } => {
                tag(2, out);
                (*done, *was).pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Outcome> {
        Some(match read_tag(input)? {
            0 => Outcome::Stored,
            1 => Outcome::Read(Option::<Value>::unpack(input)?),
            2 => {
                let (done, was) = <(bool, Option<Value>)>::unpack(input)?;
                Outcome::Swapped { done, was }
            }
            _ => return None,
        })
    }
}

impl Pack for Role {
    fn pack(&self, out: &mut Vec<u8>) {
        tag(
            match self {
                Role::Follower => 0,
                Role::Candidate => 1,
                Role::Leader => 2,
            },
            out,
        );
    }
    fn unpack(input: &mut &[u8]) -> Option<Role> {
        Some(match read_tag(input)? {
            0 => Role::Follower,
            1 => Role::Candidate,
            2 => Role::Leader,
            _ => return None,
        })
    }
}

impl Pack for Recovered {
    fn pack(&self, out: &mut Vec<u8>) {
        (self.slot, self.command).pack(out);
        match self.source {
            Source::Gap => tag(0, out),
            Source::Adopted { from, ballot } => {
                tag(1, out);
                (from, ballot).pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Recovered> {
        let (slot, command) = <(u32, Command)>::unpack(input)?;
        let source = match read_tag(input)? {
            0 => Source::Gap,
            1 => {
                let (from, ballot) = <(NodeId, Ballot)>::unpack(input)?;
                Source::Adopted { from, ballot }
            }
            _ => return None,
        };
        Some(Recovered {
            slot,
            command,
            source,
        })
    }
}

impl Pack for Msg {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Msg::Request(r) => {
                tag(0, out);
                r.pack(out);
            }
            Msg::Reply { id, outcome } => {
                tag(1, out);
                (*id, *outcome).pack(out);
            }
            Msg::Prepare { ballot, from } => {
                tag(2, out);
                (*ballot, *from).pack(out);
            }
            Msg::Promise { ballot, accepted } => {
                tag(3, out);
                ballot.pack(out);
                crate::pack::pack_slice(accepted, out);
            }
            Msg::Accept {
                ballot,
                slot,
                command,
            } => {
                tag(4, out);
                (*ballot, *slot, *command).pack(out);
            }
            Msg::Accepted {
                ballot,
                slot,
                command,
            } => {
                tag(5, out);
                (*ballot, *slot, *command).pack(out);
            }
            Msg::Nack { ballot, promised } => {
                tag(6, out);
                (*ballot, *promised).pack(out);
            }
            Msg::CatchUp { from } => {
                tag(7, out);
                from.pack(out);
            }
            Msg::Chosen { slot, command } => {
                tag(8, out);
                (*slot, *command).pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Msg> {
        Some(match read_tag(input)? {
            0 => Msg::Request(Request::unpack(input)?),
            1 => {
                let (id, outcome) = <(u32, Outcome)>::unpack(input)?;
                Msg::Reply { id, outcome }
            }
            2 => {
                let (ballot, from) = <(Ballot, u32)>::unpack(input)?;
                Msg::Prepare { ballot, from }
            }
            3 => Msg::Promise {
                ballot: Ballot::unpack(input)?,
                accepted: Vec::<SlotVote>::unpack(input)?,
            },
            4 => {
                let (ballot, slot, command) = <(Ballot, u32, Command)>::unpack(input)?;
                Msg::Accept {
                    ballot,
                    slot,
                    command,
                }
            }
            5 => {
                let (ballot, slot, command) = <(Ballot, u32, Command)>::unpack(input)?;
                Msg::Accepted {
                    ballot,
                    slot,
                    command,
                }
            }
            6 => {
                let (ballot, promised) = <(Ballot, Ballot)>::unpack(input)?;
                Msg::Nack { ballot, promised }
            }
            7 => Msg::CatchUp {
                from: u32::unpack(input)?,
            },
            8 => {
                let (slot, command) = <(u32, Command)>::unpack(input)?;
                Msg::Chosen { slot, command }
            }
            _ => return None,
        })
    }
}
