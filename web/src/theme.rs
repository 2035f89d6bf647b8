//! The colour theme: the system's, or light or dark as chosen in the page (saved in local storage), or as the host
//! page asks of the widget (`<iam-policy-sim theme="dark">`). It is applied as `data-theme` on the root element;
//! the style sheets do the rest.

/// The local storage key of the page's choice.
const KEY: &str = "iam-sim.theme.v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// A theme by its key; anything else follows the system.
    pub fn from_key(key: &str) -> Self {
        Theme::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(key.trim()))
            .unwrap_or_default()
    }

    /// The `theme=` parameter of a query string (`?editable&theme=dark`), for the widget.
    pub fn in_query(search: &str) -> Self {
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("theme="))
            .map_or(Theme::System, Theme::from_key)
    }
}

/// The theme chosen in the page earlier (System when none or unreadable).
pub fn saved() -> Theme {
    match crate::storage::load::<String>(KEY) {
        Ok(Some(key)) => Theme::from_key(&key),
        _ => Theme::System,
    }
}

/// Remembers the page's choice (a failure to save, storage turned off included, only means it is not remembered).
pub fn save(theme: Theme) {
    let _ = crate::storage::save(KEY, theme.key());
}

/// Applies `theme` to the document.
pub fn apply(theme: Theme) {
    let Some(root) = gloo::utils::document().document_element() else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.key()),
    };
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn reads_the_theme_from_a_key_or_a_query() {
        assert_eq!(Theme::from_key("dark"), Theme::Dark);
        assert_eq!(Theme::from_key(" Light "), Theme::Light);
        assert_eq!(Theme::from_key("purple"), Theme::System);
        assert_eq!(Theme::in_query("?editable&theme=dark"), Theme::Dark);
        assert_eq!(Theme::in_query("?theme=light"), Theme::Light);
        assert_eq!(Theme::in_query("?editable"), Theme::System);
    }
}
