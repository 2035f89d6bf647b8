//! `cargo xtask refresh-reference`: fetch, trim and vendor the service authorization reference.

pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("not implemented yet")
}
