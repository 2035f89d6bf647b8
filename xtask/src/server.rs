//! A tiny static file server for `dist/`: GET and HEAD, correct MIME types (`application/wasm`), bound to
//! 127.0.0.1 only. Enough for `cargo xtask serve` and the end-to-end tests, with nothing to install.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

/// Listen on 127.0.0.1:`port` (0 picks a free port).
pub fn bind(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port} (is something else using it? try --port)")
    })
}

/// The address a browser should open.
pub fn url(listener: &TcpListener) -> Result<String> {
    Ok(format!("http://{}/", listener.local_addr()?))
}

/// Serve `root` on a background thread for as long as the process lives.
pub fn spawn(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || serve_forever(listener, root));
}

/// Serve `root`, one thread per connection, until the process ends.
pub fn serve_forever(listener: TcpListener, root: PathBuf) -> Result<()> {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            true,
        );
    }
    let head_only = method == "HEAD";
    match resolve(root, target) {
        Some(path) => match std::fs::read(&path) {
            Ok(body) => respond(&mut stream, "200 OK", mime(&path), &body, !head_only),
            Err(_) => respond(
                &mut stream,
                "404 Not Found",
                "text/plain",
                b"not found",
                !head_only,
            ),
        },
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found",
            !head_only,
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file for a request target: `/` and directories give their `index.html`; an unknown path without
/// an extension gives the app's `index.html` (client-side routes); `..` is refused.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." || segment.contains('\\') {
            return None;
        }
        file.push(segment);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        Some(file)
    } else if file.extension().is_none() {
        Some(root.join("index.html"))
    } else {
        None
    }
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// RFC 3986 §2.1: `%20` is a space; a path escaped that way names the unescaped file.
    #[test]
    fn decodes_percent_escapes() {
        let root = std::env::temp_dir().join(format!("iam-serve-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("a b.js"), "x").unwrap();
        assert_eq!(resolve(&root, "/a%20b.js"), Some(root.join("a b.js")));
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn refuses_to_leave_the_root() {
        let root = std::env::temp_dir();
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
    }

    #[test]
    fn serves_wasm_with_its_mime_type() {
        assert_eq!(mime(Path::new("app_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
    }

    #[test]
    fn serves_files_over_http() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("xtask-server-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>hi</h1>").unwrap();
        let listener = bind(0).unwrap();
        let addr = listener.local_addr().unwrap();
        spawn(listener, dir.clone());
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
        assert!(response.ends_with("<h1>hi</h1>"), "{response}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
