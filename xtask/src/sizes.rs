//! The size report: what the built app costs to download, raw and gzipped, per kind (wasm, js, css).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

const KINDS: [&str; 3] = ["wasm", "js", "css"];

/// Print one line per file of each kind in `dist` and a total per kind.
pub fn print(dist: &Path) -> Result<()> {
    if !dist.join("index.html").exists() {
        bail!(
            "{} has no build yet: run `cargo xtask build` (or `serve`/`test`) first",
            dist.display()
        );
    }
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();

    println!();
    println!("Sizes of the release build (dist/):");
    println!("  {:<5} {:>12} {:>12}  file", "kind", "raw", "gzip");
    let mut grand = (0, 0);
    for kind in KINDS {
        let of_kind: Vec<&PathBuf> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == kind))
            .collect();
        let mut total = (0, 0);
        for path in &of_kind {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let gz = gzip_len(&bytes)?;
            let name = path.strip_prefix(dist).unwrap_or(path).display();
            println!(
                "  {kind:<5} {:>12} {:>12}  {name}",
                human(bytes.len()),
                human(gz)
            );
            total = (total.0 + bytes.len(), total.1 + gz);
        }
        if of_kind.len() != 1 {
            println!(
                "  {kind:<5} {:>12} {:>12}  ({} files)",
                human(total.0),
                human(total.1),
                of_kind.len()
            );
        }
        grand = (grand.0 + total.0, grand.1 + total.1);
    }
    println!(
        "  {:<5} {:>12} {:>12}  (wasm + js + css)",
        "all",
        human(grand.0),
        human(grand.1)
    );
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        // Trunk stages its next build in `dist/.stage`; only what is served counts.
        if path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// Bytes under 1 KiB, else KiB with one decimal.
fn human(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        let kib = bytes as f64 / 1024.0;
        format!("{kib:.1} KiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes() {
        assert_eq!(human(999), "999 B");
        assert_eq!(human(2048), "2.0 KiB");
    }
}
