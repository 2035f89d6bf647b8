//! The full-page app: mounts [`iam_web::App`] on the document body.

fn main() {
    yew::Renderer::<iam_web::App>::new().render();
}
