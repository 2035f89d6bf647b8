//! The embeddable widget (`embed.html`): installs the crash screen, reads the scenario from the URL fragment and mounts
//! [`iam_web::embed::Widget`].

use iam_web::embed::{frame, scenario, Widget, WidgetProps};

fn main() {
    iam_web::crash::install_widget();
    iam_web::theme::apply(iam_web::theme::Theme::in_query(
        &gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default(),
    ));
    let props = WidgetProps {
        scenario: scenario::from_fragment(&frame::fragment()),
        editable: frame::editable(),
    };
    yew::Renderer::<Widget>::with_props(props).render();
}
