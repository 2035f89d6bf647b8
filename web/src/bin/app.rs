//! The full-page app: installs the crash screen, then mounts [`iam_web::App`] on the document body.

fn main() {
    iam_web::crash::install();
    yew::Renderer::<iam_web::App>::new().render();
}
