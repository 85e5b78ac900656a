//! A client of the replicated store: one request at a time, retried until answered.
//!
//! A client numbers its requests 1, 2, ... and keeps one outstanding. It sends it to a replica
//! of its choice; when no reply comes before its timer fires, it sends the *same* request (same
//! number) to the next replica. Retrying is what makes a request reach a live leader after a
//! crash, and it is also why a request can end up in two slots: the store applies it once and
//! answers the retry with the remembered result.

use super::{Msg, Op, Out, Outbox, Outcome, Request};
use crate::ids::NodeId;

/// Why a client could not send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// It is still waiting for the answer to this request.
    Busy(Request),
}

/// One client's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Client {
    id: NodeId,
    replicas: u8,
    retry_timeout: u64,
    next_id: u32,
    /// The request waiting for its reply, and the replica it was last sent to.
    outstanding: Option<(Request, NodeId)>,
    timer: Option<u64>,
    /// How many times the outstanding request was resent.
    retries: u32,
    /// The last request answered, and its answer (for display: it does not change the
    /// client's future, so [`Client::hash_logical`] leaves it out).
    last_reply: Option<(Request, Outcome)>,
}

impl Client {
    /// Client `id` (`c<i>`) of a service of `replicas` replicas.
    pub fn new(id: NodeId, replicas: u8, retry_timeout: u64) -> Client {
        Client {
            id,
            replicas,
            retry_timeout,
            next_id: 1,
            outstanding: None,
            timer: None,
            retries: 0,
            last_reply: None,
        }
    }

    /// Appends what of it can change, for the model checker's frontier (its name, the
    /// number of replicas and its timeout are those of the client it is read back into).
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        use crate::pack::Pack;
        (self.next_id, self.outstanding, self.timer).pack(out);
        (self.retries, self.last_reply).pack(out);
    }

    /// Reads what [`Client::pack_state`] wrote into this client.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        use crate::pack::Pack;
        (self.next_id, self.outstanding, self.timer) = Pack::unpack(input)?;
        (self.retries, self.last_reply) = Pack::unpack(input)?;
        Some(())
    }

    /// Its name.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// The request it waits on, and where it last sent it.
    pub fn outstanding(&self) -> Option<(Request, NodeId)> {
        self.outstanding
    }
    /// When it wants `on_timeout` called.
    pub fn timer(&self) -> Option<u64> {
        self.timer
    }
    /// How many times the outstanding request was resent.
    pub fn retries(&self) -> u32 {
        self.retries
    }
    /// The last request answered, with its answer.
    pub fn last_reply(&self) -> Option<(Request, Outcome)> {
        self.last_reply
    }

    /// Hashes what matters for the client's future: not the step its timer fires at, nor how
    /// often it retried (see [`super::replica::Replica::hash_logical`]).
    pub fn hash_logical<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hash;
        let Client {
            id,
            replicas,
            retry_timeout,
            next_id,
            outstanding,
            timer,
            retries: _,
            last_reply: _,
        } = self;
        (
            id,
            replicas,
            retry_timeout,
            next_id,
            outstanding,
            timer.is_some(),
        )
            .hash(h);
    }

    /// Sends a new request with `op` to replica `to`.
    pub fn send(
        &mut self,
        now: u64,
        op: Op,
        to: NodeId,
        out: &mut Outbox,
    ) -> Result<Request, ClientError> {
        if let Some((r, _)) = self.outstanding {
            return Err(ClientError::Busy(r));
        }
        let r = Request {
            client: self.id,
            id: self.next_id,
            op,
        };
        self.next_id += 1;
        self.outstanding = Some((r, to));
        self.retries = 0;
        self.timer = Some(now + self.retry_timeout);
        out.push(Out {
            to,
            msg: Msg::Request(r),
        });
        Ok(r)
    }

    /// A reply arrived: returns the request it answers, if it is the outstanding one (a late
    /// reply to an earlier copy of it counts; one to an older request does not).
    pub fn on_reply(&mut self, id: u32, outcome: Outcome) -> Option<(Request, Outcome)> {
        let (r, _) = self.outstanding.filter(|(r, _)| r.id == id)?;
        self.outstanding = None;
        self.timer = None;
        self.last_reply = Some((r, outcome));
        Some((r, outcome))
    }

    /// Its timer fired: the outstanding request goes again, to the next replica. Returns the
    /// request and where it went, or `None` when nothing is outstanding.
    pub fn on_timeout(&mut self, now: u64, out: &mut Outbox) -> Option<(Request, NodeId)> {
        let (r, last) = self.outstanding?;
        let next = NodeId::node(last.index % self.replicas.max(1) + 1);
        self.outstanding = Some((r, next));
        self.retries += 1;
        self.timer = Some(now + self.retry_timeout);
        out.push(Out {
            to: next,
            msg: Msg::Request(r),
        });
        Some((r, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn a_client_retries_the_same_request_at_the_next_replica_until_answered() {
        let mut c = Client::new(NodeId::client(1), 3, 20);
        let mut out = Outbox::new();
        let get = Op::Get {
            key: Value::new("x").unwrap(),
        };
        let r = c.send(0, get, NodeId::node(3), &mut out).unwrap();
        assert_eq!(r.to_string(), "c1#1 get x");
        assert_eq!(
            c.send(1, get, NodeId::node(1), &mut out),
            Err(ClientError::Busy(r))
        );
        assert_eq!(c.timer(), Some(20));
        assert_eq!(c.on_timeout(20, &mut out), Some((r, NodeId::node(1))));
        assert_eq!(c.on_timeout(40, &mut out), Some((r, NodeId::node(2))));
        let sent: Vec<String> = out.iter().map(|o| format!("{} {}", o.to, o.msg)).collect();
        assert_eq!(
            sent,
            vec![
                "n3 Request c1#1 get x",
                "n1 Request c1#1 get x",
                "n2 Request c1#1 get x"
            ]
        );
        assert_eq!(c.retries(), 2);
        // A reply for another number is not this request's.
        assert_eq!(c.on_reply(7, Outcome::Read(None)), None);
        assert_eq!(
            c.on_reply(1, Outcome::Read(None)),
            Some((r, Outcome::Read(None)))
        );
        assert_eq!(c.timer(), None);
        let r2 = c.send(50, get, NodeId::node(1), &mut out).unwrap();
        assert_eq!(r2.id, 2);
    }
}
