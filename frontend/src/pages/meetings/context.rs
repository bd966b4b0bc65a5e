//! The meeting a meeting page shows, shared by its sections: [`MeetingCtx`] is loaded once for the route's
//! `:id` ([`provide_meeting`]) and read by every section ([`use_meeting`]), whether the section lives in
//! `meetings/` (agenda, minutes) or `attendance/` (check-in, the sheet). It depends on no page module, so the
//! sections and the pages that hold them import it without importing each other.

use legeting_shared::meetings::{Meeting, MeetingDetail, MeetingStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::i18n::{Key, use_i18n};
use crate::session::Access;

/// The meeting on the page, shared by its sections.
#[derive(Debug, Clone, Copy)]
pub struct MeetingCtx {
    pub id: Memo<String>,
    pub detail: RwSignal<Option<MeetingDetail>>,
    pub failure: RwSignal<Option<ApiFailure>>,
    /// Rises whenever the meeting changes, for sections that load more (answers, attendance).
    pub version: RwSignal<u32>,
}

impl MeetingCtx {
    /// Fetch the meeting again.
    pub fn reload(self) {
        let id = self.id.get_untracked();
        spawn_local(async move {
            match api::meetings::meeting(&id).await {
                Ok(detail) => self.set(detail),
                Err(failure) => self.failure.set(Some(failure)),
            }
        });
    }

    /// Take the meeting as the server returned it after a change.
    pub fn set(self, detail: MeetingDetail) {
        // Signals notify on every set; only clear a failure that is there, so nothing is rebuilt for nothing.
        if self.failure.with_untracked(Option::is_some) {
            self.failure.set(None);
        }
        self.detail.set(Some(detail));
        self.version.update(|v| *v += 1);
    }

    /// The meeting (reactive).
    pub fn meeting(self) -> Option<Meeting> {
        self.detail.with(|d| d.as_ref().map(|d| d.meeting.clone()))
    }

    /// Whether the caller organises the meeting (reactive).
    pub fn organise(self) -> bool {
        self.detail.with(|d| d.as_ref().is_some_and(|d| d.meeting.can_organise))
    }

    /// The meeting's state (reactive).
    pub fn status(self) -> MeetingStatus {
        self.detail.with(|d| d.as_ref().map_or(MeetingStatus::Draft, |d| d.meeting.status))
    }
}

/// The meeting context. Panics outside the meeting pages, which is a programming error.
pub fn use_meeting() -> MeetingCtx {
    expect_context::<MeetingCtx>()
}

/// Provide a meeting context for the `:id` of the route, loading it once access is granted.
pub fn provide_meeting(access: Memo<Access>) -> MeetingCtx {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let ctx = MeetingCtx { id, detail: RwSignal::new(None), failure: RwSignal::new(None), version: RwSignal::new(0) };
    provide_context(ctx);
    Effect::new(move |_| {
        id.track();
        if access.get() == Access::Granted {
            ctx.reload();
        }
    });
    ctx
}

/// Keep the document title as "<meeting> – Legeting" (or "<fallback> – Legeting" while loading).
pub fn use_meeting_title(ctx: MeetingCtx, fallback: Key, prefix: Option<Key>) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.title.clone()));
        let page = match (title, prefix) {
            (Some(title), Some(prefix)) => format!("{}: {title}", i18n.t(prefix)),
            (Some(title), None) => title,
            (None, _) => i18n.t(fallback).to_owned(),
        };
        document().set_title(&format!("{page} – {}", i18n.t(Key::AppName)));
    });
}
