//! The Multi-Paxos snapshot the page draws (`paxos_sim::multi_paxos::view`): log rows,
//! leadership, stores, clients and the history's verdict, on the golden scenarios' runs.

use paxos_core::multi::replica::Role;
use paxos_core::multi::{Command, Op, Outcome};
use paxos_core::{NodeId, Value};
use paxos_sim::multi_paxos::view::{command_text, op_text, outcome_text};
use paxos_sim::multi_paxos::MultiSim;
use paxos_sim::script::{run_script, Script};

fn run(text: &str) -> MultiSim {
    run_script(&Script::parse(text).unwrap()).multi.unwrap()
}

/// The scenario's text up to (not including) the first line that starts with `stop`.
fn until(text: &str, stop: &str) -> String {
    let at = text.find(&format!("\n{stop}")).unwrap();
    text[..at + 1].to_string()
}

#[test]
fn the_log_shows_votes_choices_no_ops_and_the_recovered_window() {
    let v = run(include_str!(
        "../../../scenarios/multi-paxos/02-leader-crash-recovery.txt"
    ))
    .view();
    assert_eq!(v.width, 4);
    assert!(v.replicas.iter().all(|r| r.log.len() == 4), "rows line up");
    let (n1, n2) = (&v.replicas[0], &v.replicas[1]);
    // n1 voted for c2's put in slot 2, but a no-op was chosen there: not marked chosen.
    assert!(!n1.up);
    assert_eq!(n1.log[1].accepted_text(), "1.n1:put(y,2)");
    assert!(!n1.log[1].chosen && !n1.log[1].applied);
    assert!(n1.log[0].chosen, "slot 1's vote is the chosen command");
    assert!(!n1.log[3].gap && n1.log[3].command.is_none());
    // n2 recovered slots 1-3 and filled the gap with a no-op.
    let slot2 = &n2.log[1];
    assert!(slot2.noop && slot2.chosen && slot2.applied && slot2.recovered);
    assert_eq!(slot2.learned, Some(Command::Noop));
    assert!(n2.log[0].recovered && n2.log[2].recovered && !n2.log[3].recovered);
    assert_eq!(n2.recovery.len(), 3);
    assert!(
        n2.recovery[1].why.starts_with("a no-op"),
        "{}",
        n2.recovery[1].why
    );
    assert!(
        n2.recovery[2].why.contains("from n3"),
        "{}",
        n2.recovery[2].why
    );
    assert_eq!(n2.store_text(), "x=1,y=2,z=3");
    assert_eq!(n2.changed.map(|k| k.to_string()).as_deref(), Some("y"));
    assert_eq!(n2.leadership.role, Role::Leader);
    assert!(!n2.leadership.stale && !n2.leadership.deposed);
    assert_eq!(v.chosen.len(), 4);
    assert_eq!(command_text(&v.chosen[1].2), "noop");
    // Clients: each got its reply; the history is linearizable.
    assert_eq!(v.clients[1].last_reply_text(), "put(y,2) -> stored");
    assert_eq!(v.clients[1].pending_text(), "");
    assert!(v.history.linearizable);
    assert_eq!(v.history.calls.len(), 3);
    assert!(v.unsafe_reason.is_none());
}

#[test]
fn a_deposed_leader_is_stale_until_a_nack_tells_it() {
    let text = include_str!("../../../scenarios/multi-paxos/04-deposed-leader-refused.txt");
    let v = run(&until(text, "client c1 put x 2 at n1")).view();
    let n1 = &v.replicas[0].leadership;
    assert_eq!(n1.role, Role::Leader);
    assert!(n1.stale, "n2 holds promises for a higher ballot");
    assert!(v.replicas[1].leadership.role == Role::Leader && !v.replicas[1].leadership.stale);
    assert_eq!(
        v.replicas[1].leadership.promises,
        vec![NodeId::node(2), NodeId::node(3)]
    );
    let v = run(&until(text, "say \"n1 is deposed")).view();
    let n1 = &v.replicas[0].leadership;
    assert_eq!(n1.role, Role::Follower);
    assert!(n1.deposed && !n1.stale);
    assert_eq!(n1.leader, Some(NodeId::node(2)));
    // c1 still waits for its second put.
    assert_eq!(v.clients[0].pending_text(), "put(x,2)");
}

#[test]
fn separate_roles_show_acceptor_rows_and_replicas_without_votes() {
    let v = run(include_str!(
        "../../../scenarios/multi-paxos/08-separate-roles.txt"
    ))
    .view();
    assert_eq!(v.acceptors.len(), 3);
    assert_eq!(v.quorum, 2);
    assert!(v.replicas.iter().all(|r| r.promised.is_none()));
    assert!(v
        .replicas
        .iter()
        .all(|r| r.log.iter().all(|c| c.accepted.is_none())));
    let a3 = &v.acceptors[2];
    assert!(!a3.up);
    assert_eq!(a3.log.len(), v.width as usize);
    assert_eq!(a3.log[0].accepted_text(), "1.n1:put(x,1)");
    assert!(a3.log[3].command.is_none(), "a3 was down for slots 3 and 4");
    let a1 = &v.acceptors[0];
    assert_eq!(a1.log[2].accepted_text(), "2.n2:put(z,3)");
    assert!(a1.log.iter().all(|c| c.chosen));
    assert_eq!(v.replicas[0].store_text(), "w=4,x=1,y=2,z=3");
}

#[test]
fn attribute_texts_have_one_format() {
    let w = |s| Value::new(s).unwrap();
    let cas = Op::Cas {
        key: w("x"),
        expect: w("1"),
        new: w("2"),
    };
    assert_eq!(op_text(&cas), "cas(x,1,2)");
    assert_eq!(op_text(&Op::Get { key: w("x") }), "get(x)");
    assert_eq!(outcome_text(&Outcome::Read(None)), "-");
    assert_eq!(outcome_text(&Outcome::Read(Some(w("7")))), "7");
    assert_eq!(
        outcome_text(&Outcome::Swapped {
            done: false,
            was: Some(w("3"))
        }),
        "not swapped (was 3)"
    );
}

#[test]
fn a_broken_leader_says_so_and_a_stale_read_breaks_the_verdict() {
    let v = run(include_str!(
        "../../../scenarios/multi-paxos/unsafe-local-reads.txt"
    ))
    .view();
    assert_eq!(
        v.unsafe_reason.as_deref(),
        Some("UNSAFE: broken variant local-reads")
    );
    assert!(!v.history.linearizable);
}
