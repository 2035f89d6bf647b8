//! The full-page app: installs the crash screen, then mounts [`iam_web::App`] on the document body.

fn main() {
    iam_web::crash::install();
    iam_web::theme::apply(iam_web::theme::saved());
    yew::Renderer::<iam_web::App>::new().render();
}
