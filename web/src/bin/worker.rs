//! The Web Worker that evaluates large workspaces off the page's thread (`iam_web::offthread`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    iam_web::offthread::serve();
}
