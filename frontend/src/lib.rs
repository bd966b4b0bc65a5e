//! The Legeting web app: leptos, client-side rendered, compiled to wasm32 and served by the server.
//!
//! - [`i18n`]: the translation catalogue (Norwegian bokmål first, English second) and the language switch.
//! - [`api`]: typed calls to the server's `/api`, using the wire types from `legeting-shared`.
//! - [`layout`]: the page shell: skip link, header with navigation and language switch, footer.
//! - [`pages`]: one module per page.
//!
//! Every user-visible string goes through [`i18n`]; a page must not hold literal text of its own.

pub mod api;
pub mod i18n;
pub mod layout;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::layout::Shell;
use crate::pages::{AccessibilityStatement, Home, NotFound, Status};

/// The whole app: language context, router and routes inside the page shell.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/status") view=Status />
                    <Route path=path!("/tilgjengelighet") view=AccessibilityStatement />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Entry point called by the generated JS glue once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}
