//! Scenario scripts: errors carry line and column, failures are reported, nothing panics.

use paxos_sim::script::{run_script, Script};

fn first_error(text: &str) -> String {
    Script::parse(text)
        .err()
        .map(|e| e.0[0].to_string())
        .unwrap_or_else(|| panic!("parsed: {text}"))
}

#[test]
fn parse_errors_name_line_and_column() {
    let cases = [
        ("propose p1 A", "line 1, column 1: no cluster yet: start the script with a `cluster` line"),
        ("cluster acceptors=3\nfrobnicate", "line 2, column 1: unknown command `frobnicate`; see the list in docs or the scenarios/ folder"),
        ("cluster acceptors=3 proposers=1\npropose p2 A", "line 2, column 9: there is no node p2 in this cluster"),
        ("cluster acceptors=3\npropose a1 A", "line 2, column 9: a1 is not a proposer"),
        ("cluster acceptors=3\npropose p1 has-a:colon", "line 2, column 12: value `has-a:colon` may only use letters, digits and _ - . + * ! ? / = (no spaces)"),
        ("cluster acceptors=10", "line 1, column 1: acceptors must be between 1 and 9, not 10"),
        ("cluster acceptors=x", "line 1, column 19: `x` is not a number of acceptors"),
        ("cluster loss=2", "line 1, column 14: probability 2 must be between 0 and 1"),
        ("cluster quorum=5", "line 1, column 16: phase-1 quorum 5 must be between 1 and the 3 acceptors"),
        ("cluster bug=sloppy", "line 1, column 13: unknown bug `sloppy`; known: forget-promise, ignore-promises, accept-below-promise, reuse-ballot, count-across-ballots, lying-acceptor"),
        ("cluster\ncluster", "line 2, column 1: a script has only one `cluster` line"),
        ("cluster\ndeliver from=q9", "line 2, column 14: `q9` is not a node name such as p1, a2, l1, n3 or c1"),
        ("cluster\ndeliver all 3", "line 2, column 9: `all` cannot be combined with other selectors"),
        ("cluster\ndeliver kind=Hello", "line 2, column 14: `Hello` is not Prepare, Promise, Accept, Accepted or Nack"),
        ("cluster\nsay \"unclosed", "line 2, column 5: the quote is not closed"),
        ("cluster\nsay unquoted", "line 2, column 5: the text of `say` must be in double quotes"),
        ("cluster\nstep 99999999", "line 2, column 6: at most 1000000 steps at a time"),
        ("cluster\npartition a1, | a2", "line 2, column 14: empty name in partition group"),
        ("cluster\n  partition a1 | a9", "line 2, column 18: there is no node a9 in this cluster"),
        ("cluster\nrun loss=0.1", "line 2, column 1: usage: run steps=N [loss=P] [dup=P] [reorder=on|off] [seed=N]"),
        ("cluster\n\n----", "line 3, column 1: `----` without a command above it"),
    ];
    for (text, want) in cases {
        assert_eq!(first_error(text), want, "for {text:?}");
    }
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let e = Script::parse("cluster\nbogus\npropose p9 A\nstep x").unwrap_err();
    let lines: Vec<usize> = e.0.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn commands_that_cannot_apply_print_an_error_and_the_run_goes_on() {
    let s = Script::parse(
        "cluster\npropose p1 A\ndrop 1\ndeliver 1\nrecover a1\ntimeout p2\nheal\nstatus",
    )
    .unwrap();
    let run = run_script(&s);
    assert_eq!(run.outputs[2], ["drop #1 p1 -> a1 Prepare 1.p1 (dropped)"]);
    assert_eq!(run.outputs[3], ["error: no message #1 is in flight"]);
    assert_eq!(run.outputs[4], ["error: a1 is not crashed"]);
    assert_eq!(run.outputs[5], ["error: p2 is not waiting for anything"]);
    assert_eq!(run.outputs[6], ["error: the network is not partitioned"]);
    assert_eq!(run.errors, 4);
    assert!(run.outputs[7].iter().any(|l| l == "in flight: #2 #3"));
}

#[test]
fn rewrite_keeps_comments_and_fills_outputs() {
    let text =
        "# intro\ncluster acceptors=1 proposers=1 learners=0\n\n# go\npropose p1 A\n----\nstale\n";
    let s = Script::parse(text).unwrap();
    let run = run_script(&s);
    let out = s.rewrite(&run.outputs);
    assert!(out
        .starts_with("# intro\ncluster acceptors=1 proposers=1 learners=0\n----\ncluster p1 a1;"));
    assert!(out.contains(
        "\n\n# go\npropose p1 A\n----\np1 proposes A with ballot 1.p1\n#1 p1 -> a1 Prepare 1.p1\n"
    ));
    assert!(!out.contains("stale"));
    // The rewritten script parses to the same commands with the new outputs.
    let again = Script::parse(&out).unwrap();
    let expected: Vec<Vec<String>> = again
        .blocks()
        .map(|b| b.expected.clone().unwrap())
        .collect();
    assert_eq!(expected, run.outputs);
}

#[test]
fn arbitrary_text_never_panics_the_parser_or_the_runner() {
    let t = paxos_sim::fuzz::scripts(20_000, 7);
    assert_eq!(t.tried, 20_000);
    // The generator must produce valid scripts too, or the runner is never exercised.
    assert!(
        t.tried - t.rejected > 100,
        "only {} scripts parsed",
        t.tried - t.rejected
    );
}

#[test]
fn votes_split_across_a_pruning_point_still_form_a_quorum() {
    // The ghost record prunes settled ballots every 64 steps; a ballot whose Accept is still in
    // flight is not settled, so its quorum must still be seen after the pruning point.
    let mut text = String::from("cluster acceptors=3 proposers=1 learners=0\npropose p1 A\ndeliver all\ndeliver all\ndeliver to=a1\n");
    for _ in 0..70 {
        text.push_str("reseed 1\n");
    }
    text.push_str("deliver to=a2\n");
    let run = run_script(&Script::parse(&text).unwrap());
    let last = run.outputs.last().unwrap();
    assert!(
        last.iter().any(|l| l == "CHOSEN A at 1.p1 by a1,a2"),
        "{last:?}"
    );
}

#[test]
fn partitions_typed_in_a_form_are_checked_like_script_lines() {
    use paxos_sim::script::parse_partition;
    let m = paxos_core::Membership::separate(2, 3, 1);
    let g = parse_partition("p1,a1 | a2,a3", &m).unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g[0][1].to_string(), "a1");
    let e = parse_partition("p1, a9", &m).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 5: there is no node a9 in this cluster"
    );
    assert!(parse_partition("", &m).is_err());
}

#[test]
fn multi_paxos_partitions_typed_in_a_form_name_the_cluster_nodes() {
    use paxos_sim::script::parse_multi_partition;
    let g = parse_multi_partition("n1,c1 | n2,n3", 3, 0, 1).unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g[0][1].to_string(), "c1");
    let g = parse_multi_partition("n1,a1 | n2,a2,a3", 2, 3, 0).unwrap();
    assert_eq!(g[1][2].to_string(), "a3");
    let e = parse_multi_partition("n1 | n4", 3, 0, 1).unwrap_err();
    assert!(e.to_string().starts_with("line 1, column 6: "), "{e}");
    assert!(e.to_string().contains("n4"), "{e}");
    assert!(parse_multi_partition("p1 | a1", 3, 0, 1).is_err());
}

#[test]
fn multi_paxos_parse_errors_name_line_and_column() {
    let m = "cluster nodes=3 clients=1 protocol=multi-paxos";
    let cases = [
        ("cluster protocol=raft", "line 1, column 18: unknown protocol `raft`; known: single-decree, multi-paxos".to_string()),
        ("cluster nodes=9 protocol=multi-paxos", "line 1, column 1: 9 replicas: a Multi-Paxos cluster has 1 to 7 replicas".into()),
        ("cluster protocol=multi-paxos bug=ignore-promises", "line 1, column 34: unknown bug `ignore-promises`; known: ignore-reports, skip-recovery, local-reads".into()),
        ("cluster protocol=multi-paxos backoff=3", "line 1, column 30: unknown option `backoff` for a multi-paxos cluster".into()),
        (&format!("{m}\npropose n1 A"), "line 2, column 1: `propose` is for single-decree Paxos; in a multi-paxos cluster a client sends commands (`client c1 put x 1 at n1`)".into()),
        (&format!("{m}\nclient n1 put x 1 at n2"), "line 2, column 8: n1 is not a client such as c1".into()),
        (&format!("{m}\nclient c1 put x 1 at c1"), "line 2, column 22: c1 is not a replica such as n1".into()),
        (&format!("{m}\nclient c2 get x at n1"), "line 2, column 8: there is no node c2 in this cluster".into()),
        (&format!("{m}\nclient c1 del x at n1"), "line 2, column 11: `del` is not put, get or cas".into()),
        (&format!("{m}\nclient c1 put x at n1"), "line 2, column 20: usage: client <client> put <key> <value> | get <key> | cas <key> <expected> <new> at <replica>".into()),
        (&format!("{m}\nclient c1 cas x 1 two:words at n1"), "line 2, column 19: value `two:words` may only use letters, digits and _ - . + * ! ? / = (no spaces)".into()),
        (&format!("{m}\nelect c1"), "line 2, column 7: c1 is not a replica such as n1".into()),
        (&format!("{m}\ndeliver kind=Nope"), "line 2, column 14: `Nope` is not Request, Reply, Prepare, Promise, Accept, Accepted, Nack, CatchUp or Chosen".into()),
        (&format!("{m}\ndeliver slot=two"), "line 2, column 14: `two` is not a slot number".into()),
        (&format!("{m}\ndeliver 3 slot=1"), "line 2, column 9: message ids cannot be combined with from=, to=, kind= or slot=".into()),
        ("cluster\ndeliver slot=1", "line 2, column 9: unknown selector `slot`; use from=, to= or kind=".into()),
        ("cluster\nelect p1", "line 2, column 1: `elect` is for multi-paxos clusters (`cluster nodes=3 protocol=multi-paxos`)".into()),
        ("cluster nodes=2 acceptors=8 protocol=multi-paxos", "line 1, column 1: 8 acceptors: at most 7 standalone acceptors (0 for combined replicas)".into()),
        ("cluster nodes=2 acceptors=three protocol=multi-paxos", "line 1, column 27: `three` is not a number of acceptors".into()),
        ("cluster nodes=2 acceptors=3 clients=1 protocol=multi-paxos\nelect a1", "line 2, column 7: a1 is not a replica such as n1".into()),
        ("cluster nodes=2 acceptors=3 clients=1 protocol=multi-paxos\nclient c1 get x at a2", "line 2, column 20: a2 is not a replica such as n1".into()),
        ("cluster nodes=2 acceptors=3 clients=1 protocol=multi-paxos\ncrash a4", "line 2, column 7: there is no node a4 in this cluster".into()),
        (&format!("{m}\ncrash a1"), "line 2, column 7: there is no node a1 in this cluster".into()),
    ];
    for (text, want) in cases {
        assert_eq!(first_error(text), want, "for {text:?}");
    }
}

/// A Multi-Paxos script runs, and a command the world refuses prints an error line.
#[test]
fn multi_paxos_scripts_run_and_report_refused_commands() {
    let text = "cluster nodes=3 clients=1 protocol=multi-paxos\nclient c1 put x 1 at n1\nclient c1 get x at n2\nstabilize\ntimeout n2\n";
    let run = run_script(&Script::parse(text).unwrap());
    assert_eq!(
        run.outputs[2],
        ["error: c1 still waits for the reply to c1#1 put x 1"]
    );
    assert!(
        run.outputs[3]
            .iter()
            .any(|l| l == "c1 gets c1#1 put x 1 -> stored"),
        "{:?}",
        run.outputs[3]
    );
    assert_eq!(run.outputs[4], ["error: n2 is not waiting for anything"]);
    assert_eq!(run.errors, 2);
    let sim = run.multi.expect("a multi-paxos run");
    assert!(sim.world().violations().is_empty());
    assert!(run.sim.is_none());
}

#[test]
fn arbitrary_multi_paxos_scripts_never_panic_the_parser_or_the_runner() {
    let t = paxos_sim::fuzz::multi_scripts(20_000, 11);
    assert_eq!(t.tried, 20_000);
    assert!(
        t.tried - t.rejected > 1_000,
        "only {} Multi-Paxos scripts parsed",
        t.tried - t.rejected
    );
}

/// The single-decree runner (the page's, which must not link Multi-Paxos) refuses a
/// Multi-Paxos cluster with a message that says where such a script opens; the full runner
/// runs it.
#[test]
fn the_single_decree_runner_refuses_multi_paxos_clusters_clearly() {
    use paxos_sim::script::{Command, Runner};
    let script = Script::parse("cluster nodes=3 clients=1 protocol=multi-paxos\n").unwrap();
    let block = script.blocks().next().unwrap();
    assert!(matches!(block.command, Command::MultiCluster { .. }));
    let out = Runner::single_decree().run(&block.command);
    assert_eq!(
        out,
        ["error: this page runs single-decree scripts only; a multi-paxos cluster opens in the Multi-Paxos view"]
    );
    let mut full = Runner::default();
    assert!(full.run(&block.command)[0].starts_with("cluster n1,n2,n3"));
    assert!(full.multi_sim().is_some());
    let e = paxos_sim::lecture::play("cluster nodes=3 protocol=multi-paxos\n")
        .map(|_| ())
        .unwrap_err();
    assert!(e.starts_with("line 1: this page runs single-decree"), "{e}");
}
