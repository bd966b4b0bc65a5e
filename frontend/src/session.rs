//! Who is signed in, and which municipality they are working in, provided as context at the root.
//!
//! The person ([`Me`]) is loaded once from `GET /api/auth/me` when the app starts (401 means signed out) and
//! replaced whenever a page signs in, saves the profile or signs out. The current municipality is the one the
//! person chose in the header (remembered in `localStorage`), or else the first where they hold a role.
//!
//! What the navigation offers follows the roles here, but the server decides: every endpoint checks again.

use legeting_shared::auth::Me;
use legeting_shared::people::{Municipality, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::{self, ApiFailure};
use crate::forms::Loading;
use crate::i18n::{I18n, Key, Lang, tr, use_page_title};

const MUNICIPALITY_STORAGE_KEY: &str = "legeting.municipality";

/// Roles that may see the people list (guests may not).
pub const SEES_PEOPLE: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary, Role::Gp];

/// Municipal roles that organise every body and meeting (the server's `bodies::ORGANISERS`).
pub const ORGANISERS: &[Role] = &[Role::Administrator, Role::Secretary];

/// Roles that read the published letters of the municipality (guests do not; the server's `letters` module).
pub const LETTER_READERS: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary, Role::Gp];

/// Municipal roles that write, publish and delete letters.
pub const LETTER_WRITERS: &[Role] = &[Role::Administrator, Role::Secretary];

/// Roles that see participation figures and everyone's obligation.
pub const SEES_FIGURES: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary];

/// Roles that see everyone's compensation and the rate periods.
pub const SEES_PAY: &[Role] = &[Role::Administrator, Role::Leader];

/// The session state of the app.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    me: RwSignal<Option<Me>>,
    loaded: RwSignal<bool>,
    chosen: RwSignal<Option<String>>,
    flash: RwSignal<Option<Key>>,
    municipality: Memo<Option<Municipality>>,
    roles: Memo<Vec<Role>>,
    installation_admin: Memo<bool>,
}

impl Session {
    /// The signed-in person (reactive).
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    /// The signed-in person, without subscribing to changes.
    pub fn me_untracked(&self) -> Option<Me> {
        self.me.get_untracked()
    }

    /// Whether the first `GET /api/auth/me` has answered (reactive).
    pub fn is_loaded(&self) -> bool {
        self.loaded.get()
    }

    /// Whether someone is signed in (reactive).
    pub fn is_signed_in(&self) -> bool {
        self.me.with(Option::is_some)
    }

    /// The signed-in person's name (reactive).
    pub fn name(&self) -> Option<String> {
        self.me.with(|me| me.as_ref().map(|me| me.name.clone()))
    }

    /// Sign in (or refresh) with the person the server returned, or sign out with `None`.
    pub fn set_me(&self, me: Option<Me>) {
        self.me.set(me);
        self.loaded.set(true);
    }

    /// After signing in: take the person and switch the UI to their language.
    pub fn signed_in(&self, me: Me, i18n: I18n) {
        if let Some(lang) = Lang::from_tag(&me.language) {
            i18n.set_lang(lang);
        }
        self.set_me(Some(me));
    }

    /// The municipality the person is working in (reactive).
    pub fn municipality(&self) -> Option<Municipality> {
        self.municipality.get()
    }

    /// The id of the current municipality (reactive).
    pub fn municipality_id(&self) -> Option<String> {
        self.municipality.with(|m| m.as_ref().map(|m| m.id.clone()))
    }

    /// Every municipality the person belongs to, for the choice in the header (reactive).
    pub fn municipalities(&self) -> Vec<Municipality> {
        self.me.with(|me| {
            me.as_ref().map(|me| me.memberships.iter().map(|m| m.municipality.clone()).collect()).unwrap_or_default()
        })
    }

    /// Work in another municipality, and remember the choice.
    pub fn choose_municipality(&self, id: String) {
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ignored = storage.set_item(MUNICIPALITY_STORAGE_KEY, &id);
        }
        self.chosen.set(Some(id));
    }

    /// Whether the person has one of `roles` in the current municipality; installation administrators always
    /// do, as on the server (reactive).
    pub fn has_any(&self, roles: &[Role]) -> bool {
        if self.municipality.with(Option::is_none) {
            return false;
        }
        self.installation_admin.get() || self.roles.with(|held| held.iter().any(|role| roles.contains(role)))
    }

    /// Whether the person administers the current municipality (reactive).
    pub fn is_admin(&self) -> bool {
        self.has_any(&[Role::Administrator])
    }

    /// Whether the person may see the people list of the current municipality (reactive).
    pub fn sees_people(&self) -> bool {
        self.has_any(SEES_PEOPLE)
    }

    /// Whether the person belongs to the current municipality at all (reactive).
    pub fn is_member(&self) -> bool {
        self.municipality.with(Option::is_some)
    }

    /// Whether the person holds `role` themselves in the current municipality (installation administrators
    /// are not GPs by virtue of their office) (reactive).
    pub fn holds(&self, role: Role) -> bool {
        self.municipality.with(Option::is_some) && self.roles.with(|held| held.contains(&role))
    }

    /// Whether the person is a GP in the current municipality (reactive).
    pub fn is_gp(&self) -> bool {
        self.holds(Role::Gp)
    }

    /// Whether the person organises every body and meeting of the current municipality (reactive).
    pub fn is_organiser(&self) -> bool {
        self.has_any(ORGANISERS)
    }

    /// Whether the person reads the letters archive of the current municipality (reactive).
    pub fn reads_letters(&self) -> bool {
        self.has_any(LETTER_READERS)
    }

    /// Whether the person writes and publishes letters in the current municipality (reactive).
    pub fn writes_letters(&self) -> bool {
        self.has_any(LETTER_WRITERS)
    }

    /// Whether the person sees participation figures and everyone's obligation (reactive).
    pub fn sees_figures(&self) -> bool {
        self.has_any(SEES_FIGURES)
    }

    /// Whether the person sees everyone's compensation and the rates (reactive).
    pub fn sees_pay(&self) -> bool {
        self.has_any(SEES_PAY)
    }

    /// Whether the person has a page about their own obligation or figures (GPs and those who see figures).
    pub fn sees_obligation(&self) -> bool {
        self.is_gp() || self.sees_figures()
    }

    /// Whether the person has a compensation page (GPs and those who see pay).
    pub fn sees_compensation(&self) -> bool {
        self.is_gp() || self.sees_pay()
    }

    /// Leave a message for the next page to show (e.g. "You are signed out").
    pub fn set_flash(&self, key: Key) {
        self.flash.set(Some(key));
    }

    /// Take the message left for this page, if any (not reactive).
    pub fn take_flash(&self) -> Option<Key> {
        let key = self.flash.get_untracked();
        if key.is_some() {
            self.flash.set(None);
        }
        key
    }
}

/// Provide the session context and start loading the signed-in person.
pub fn provide_session() {
    let me: RwSignal<Option<Me>> = RwSignal::new(None);
    let stored =
        window().local_storage().ok().flatten().and_then(|s| s.get_item(MUNICIPALITY_STORAGE_KEY).ok().flatten());
    let chosen = RwSignal::new(stored);
    let municipality = Memo::new(move |_| {
        me.with(|me| {
            let me = me.as_ref()?;
            let chosen = chosen.get();
            let membership = me
                .memberships
                .iter()
                .find(|m| Some(&m.municipality.id) == chosen.as_ref())
                .or_else(|| me.memberships.iter().find(|m| !m.roles.is_empty()))
                .or_else(|| me.memberships.first())?;
            Some(membership.municipality.clone())
        })
    });
    let roles = Memo::new(move |_| {
        let id = municipality.with(|m| m.as_ref().map(|m| m.id.clone()));
        me.with(|me| {
            me.as_ref()
                .and_then(|me| me.memberships.iter().find(|m| Some(&m.municipality.id) == id.as_ref()))
                .map(|m| m.roles.clone())
                .unwrap_or_default()
        })
    });
    let installation_admin = Memo::new(move |_| me.with(|me| me.as_ref().is_some_and(|me| me.installation_admin)));
    let session = Session {
        me,
        loaded: RwSignal::new(false),
        chosen,
        flash: RwSignal::new(None),
        municipality,
        roles,
        installation_admin,
    };
    provide_context(session);
    spawn_local(async move {
        let me = api::me().await.ok().flatten();
        session.set_me(me);
    });
}

/// The session context. Panics only if called outside the app root, which is a programming error.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// What a page that needs a signed-in person with certain rights should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Still asking the server who is signed in.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in, but without the rights this page needs.
    Denied,
    /// Show the page.
    Granted,
}

/// A memo of the access to a page for which `allowed` must hold; it changes only when the answer changes, so
/// a page's form is not rebuilt when the person is refreshed.
pub fn use_access(allowed: fn(&Session) -> bool) -> Memo<Access> {
    let session = use_session();
    Memo::new(move |_| {
        if !session.is_loaded() {
            Access::Loading
        } else if !session.is_signed_in() {
            Access::SignedOut
        } else if allowed(&session) {
            Access::Granted
        } else {
            Access::Denied
        }
    })
}

/// A resource holding something of the current municipality: `load(id)` runs again whenever the municipality
/// changes (or a signal `load` reads before its `async` part, such as a version bumped after a change), and the
/// resource holds `T::default()` (nothing) while no municipality is chosen.
pub fn municipality_resource<T, Fut>(load: impl Fn(String) -> Fut + 'static) -> LocalResource<Result<T, ApiFailure>>
where
    T: Default + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let session = use_session();
    let municipality = Memo::new(move |_| session.municipality_id());
    LocalResource::new(move || {
        let loading = municipality.get().map(&load);
        async move {
            match loading {
                Some(loading) => loading.await,
                None => Ok(T::default()),
            }
        }
    })
}

/// Shows `children` when `access` is granted; otherwise "loading", a prompt to sign in (returning here
/// afterwards), or "you do not have access".
#[component]
pub fn Guarded(access: Memo<Access>, children: ChildrenFn) -> impl IntoView {
    guarded(access, children)
}

/// A page only some may see: the document title and the `<h1>` from `title`, then `children` once
/// `allowed` grants access (see [`Guarded`] for what shows otherwise).
#[component]
pub fn GuardedPage(title: Key, allowed: fn(&Session) -> bool, children: ChildrenFn) -> impl IntoView {
    use_page_title(title);
    let access = use_access(allowed);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(title)}</h1>
        {guarded(access, children)}
    }
}

fn guarded(access: Memo<Access>, children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    move || match access.get() {
        Access::Loading => view! { <Loading /> }.into_any(),
        Access::SignedOut => {
            // Back to the same page afterwards, query included (the check-in link carries its code there).
            let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if search.is_empty() { path } else { format!("{path}?{search}") };
            let href = format!("/innlogging?neste={}", crate::api::encode_component(&here));
            view! {
                <div class="ds-alert" data-color="info" data-testid="sign-in-required">
                    <p class="ds-paragraph">{tr(Key::SignInRequired)}</p>
                    <p class="ds-paragraph">
                        <A href=href attr:class="ds-link">{tr(Key::SignIn)}</A>
                    </p>
                </div>
            }
            .into_any()
        }
        Access::Denied => view! {
            <div class="ds-alert" data-color="warning" data-testid="access-denied">
                <p class="ds-paragraph">{tr(Key::AccessDenied)}</p>
            </div>
        }
        .into_any(),
        Access::Granted => children().into_any(),
    }
}
