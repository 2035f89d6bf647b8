//! `iamsim`: evaluate scenarios from the terminal or a CI job.

fn main() {
    println!("iamsim");
}
