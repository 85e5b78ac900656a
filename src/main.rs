fn main() {
    println!("paxos-viz: the web app arrives with its own issue");
}
