//! Typed calls to the server's `/api`, returning the shared wire types.
//!
//! Failures come back as [`ApiFailure`], which a page turns into a translated message with
//! [`ApiFailure::message_key`]; the server's English `message` is never shown to users as is. A failure about
//! one field of a form carries that field's name, so the form can show the message beside it.
//!
//! Every call goes through [`call`] (or [`upload`] for a file), which takes the endpoint's declaration from
//! `legeting_shared::api`: the method, the path with its typed parameters, the query, the body and the type of
//! the reply all come from there, so a renamed route or field does not compile. The functions below are thin
//! wrappers that the pages use.
//!
//! Every state-changing request sends the CSRF token: the server hands it out in the readable
//! [`CSRF_COOKIE`] cookie, and [`call`] echoes it in the [`CSRF_HEADER`] header.

use gloo_net::http::{Method, RequestBuilder, Response};
use legeting_shared::api::{self as endpoints, BodyKind, BodyOf, Endpoint, NoQuery, ReplyOf, RequestBody};
use legeting_shared::api::{audit as audit_api, auth as auth_api, people as people_api};
use legeting_shared::auth::{
    CSRF_COOKIE, CSRF_HEADER, EmailRequest, LoginRequest, Me, ProfileInput, Redeemed, SetPasswordRequest, SetupRequest,
    SetupStatus, TokenRequest,
};
use legeting_shared::people::{
    AuditEntry, Municipality, MunicipalityInput, Office, OfficeInput, Person, PersonInput, Role,
};
use legeting_shared::{ErrorBody, Health, MunicipalityId, OfficeId, PersonId};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::Key;

pub mod letters;
pub mod meetings;
pub mod participation;

/// Why an API call did not give what was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: offline, server down, or the request was blocked.
    Unreachable,
    /// The server answered with an error in the shared error shape: the HTTP status, the stable error code,
    /// and the request field the error is about, when there is one.
    Server { status: u16, code: String, field: Option<String> },
    /// The server answered something we could not read.
    Unexpected,
}

impl ApiFailure {
    /// The translated message to show for this failure.
    pub fn message_key(&self) -> Key {
        match self {
            ApiFailure::Unreachable => Key::ErrorUnreachable,
            ApiFailure::Server { code, field, .. } => field_error_key(field.as_deref(), code),
            ApiFailure::Unexpected => Key::ErrorUnexpected,
        }
    }

    /// The request field the failure is about, if any (e.g. `email`).
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiFailure::Server { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiFailure::Server { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The stable error code, if the server answered in the error shape.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiFailure::Server { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// The translated message for an error code about a field, where a field gives the code a narrower meaning
/// (a meeting that is "too long" is not a text that is too long).
pub fn field_error_key(field: Option<&str>, code: &str) -> Key {
    match (field, code) {
        (Some("ends_local"), "too_long") => Key::ErrorMeetingTooLong,
        (Some("preparation_minutes" | "travel_minutes"), "invalid_number") => Key::ErrorInvalidMinutes,
        _ => error_code_key(code),
    }
}

/// The translated message for a server error code; unknown codes get the generic message.
pub fn error_code_key(code: &str) -> Key {
    match code {
        "invalid_credentials" => Key::ErrorInvalidCredentials,
        "too_many_requests" => Key::ErrorTooManyRequests,
        "too_many_link_requests" => Key::ErrorTooManyLinkRequests,
        "too_many_check_in_attempts" => Key::ErrorTooManyCheckInAttempts,
        "current_password_required" => Key::ErrorCurrentPasswordRequired,
        "wrong_current_password" => Key::ErrorWrongCurrentPassword,
        "invalid_email" => Key::ErrorInvalidEmail,
        "duplicate_email" => Key::ErrorDuplicateEmail,
        "duplicate_hpr" => Key::ErrorDuplicateHpr,
        "duplicate_name" => Key::ErrorDuplicateName,
        "duplicate_municipality_number" => Key::ErrorDuplicateMunicipalityNumber,
        "password_too_short" => Key::ErrorPasswordTooShort,
        "password_too_long" => Key::ErrorPasswordTooLong,
        "invalid_link" => Key::ErrorInvalidLink,
        "role_required" => Key::ErrorRoleRequired,
        "cannot_remove_own_admin" => Key::ErrorCannotRemoveOwnAdmin,
        "invalid_phone" => Key::ErrorInvalidPhone,
        "invalid_hpr" => Key::ErrorInvalidHpr,
        "invalid_number" => Key::ErrorInvalidNumber,
        "invalid_name" => Key::ErrorInvalidName,
        "invalid_language" => Key::ErrorInvalidLanguage,
        "invalid_municipality_number" => Key::ErrorInvalidMunicipalityNumber,
        "unknown_office" => Key::ErrorUnknownOffice,
        "required" => Key::ErrorRequired,
        "unauthorized" => Key::ErrorUnauthorized,
        "forbidden" => Key::ErrorForbidden,
        "not_found" => Key::ErrorNotFound,
        "csrf" => Key::ErrorCsrf,
        "conflict" => Key::ErrorConflict,
        "unavailable" => Key::ErrorUnavailable,
        "storage_full" => Key::ErrorStorageFull,
        "payload_too_large" => Key::ErrorPayloadTooLarge,
        "missing_columns" => Key::RosterErrorMissingColumns,
        "unsupported_format" => Key::RosterErrorUnsupportedFormat,
        "unreadable" => Key::RosterErrorUnreadable,
        "empty" => Key::RosterErrorEmpty,
        "too_many_rows" => Key::RosterErrorTooManyRows,
        "rows_rejected" => Key::RosterErrorRowsRejected,
        "duplicate_in_file" => Key::RosterErrorDuplicateInFile,
        "email_taken" => Key::RosterErrorEmailTaken,
        "hpr_taken" => Key::RosterErrorHprTaken,
        "belongs_elsewhere" => Key::RosterErrorBelongsElsewhere,
        "managed_elsewhere" => Key::ErrorManagedElsewhere,
        "invalid_boolean" => Key::RosterErrorInvalidBoolean,
        "invalid_employment" => Key::RosterErrorInvalidEmployment,
        "invalid_text" => Key::RosterErrorInvalidText,
        "too_long" => Key::ErrorTooLong,
        "ends_before_start" => Key::ErrorEndsBeforeStart,
        "invalid_url" => Key::ErrorInvalidUrl,
        "deadline_after_start" => Key::ErrorDeadlineAfterStart,
        "body_required" => Key::ErrorBodyRequired,
        "unknown_person" => Key::ErrorUnknownPerson,
        "invalid_count" => Key::ErrorInvalidCount,
        "invalid_recurrence" => Key::ErrorInvalidRecurrence,
        "body_fixed" => Key::ErrorBodyFixed,
        "reason_required" => Key::ErrorReasonRequired,
        "unknown_body" => Key::ErrorUnknownBody,
        "duplicate_member" => Key::ErrorDuplicateMember,
        "term_order" => Key::ErrorTermOrder,
        "order_mismatch" => Key::ErrorOrderMismatch,
        "unsupported_type" => Key::ErrorUnsupportedFileType,
        "content_mismatch" => Key::ErrorContentMismatch,
        "unknown_item" => Key::ErrorUnknownItem,
        "too_short" => Key::ErrorSearchTooShort,
        "invalid_code" => Key::ErrorInvalidCode,
        "correction_reason_required" => Key::ErrorCorrectionReasonRequired,
        "not_invited" => Key::ErrorNotInvited,
        "not_a_gp" => Key::ErrorNotAGp,
        "invalid_year" => Key::ErrorInvalidYear,
        "invalid_rate" => Key::ErrorInvalidRate,
        "invalid_datetime" => Key::ErrorInvalidDatetime,
        "nonexistent_time" => Key::ErrorNonexistentTime,
        "invalid_date" => Key::ErrorInvalidDate,
        "period_order" => Key::ErrorPeriodOrder,
        _ => Key::ErrorUnexpected,
    }
}

/// The value of cookie `name` in a `document.cookie` string (`a=1; b=2`).
pub fn cookie_value(cookies: &str, name: &str) -> Option<String> {
    cookies.split(';').map(str::trim).find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

/// Percent-encode a path segment or query-string component.
pub use legeting_shared::api::encode_component;

fn csrf_cookie() -> Option<String> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let cookies = document.dyn_into::<web_sys::HtmlDocument>().ok()?.cookie().ok()?;
    cookie_value(&cookies, CSRF_COOKIE)
}

/// The CSRF token from its cookie; when there is none yet, any answer from the server sets it.
async fn csrf_token() -> Result<String, ApiFailure> {
    if let Some(token) = csrf_cookie() {
        return Ok(token);
    }
    gloo_net::http::Request::get("/api/health").send().await.map_err(|_| ApiFailure::Unreachable)?;
    csrf_cookie().ok_or(ApiFailure::Unexpected)
}

/// Send a request and turn any non-2xx answer into an [`ApiFailure`].
async fn send<B: Serialize + ?Sized>(method: Method, path: &str, body: Option<&B>) -> Result<Response, ApiFailure> {
    let mut builder = RequestBuilder::new(path).method(method.clone()).header("Accept", "application/json");
    if method != Method::GET && method != Method::HEAD {
        builder = builder.header(CSRF_HEADER, &csrf_token().await?);
    }
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::Unexpected)?;
    let response = request.send().await.map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() { Ok(response) } else { Err(failure_of(response).await) }
}

async fn failure_of(response: Response) -> ApiFailure {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiFailure::Server { status, code: body.error.code, field: body.error.field },
        Err(_) => ApiFailure::Unexpected,
    }
}

/// Read a JSON body; an empty body (202, 204) reads as `null`, which is what `()` expects.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    let text = response.text().await.map_err(|_| ApiFailure::Unexpected)?;
    let text = if text.trim().is_empty() { "null" } else { text.as_str() };
    serde_json::from_str(text).map_err(|_| ApiFailure::Unexpected)
}

/// Call endpoint `E` with its path parameters, query and body, and read its reply.
pub async fn call<E: Endpoint>(
    params: &E::Params,
    query: &E::Query,
    body: &BodyOf<E>,
) -> Result<ReplyOf<E>, ApiFailure> {
    let json = <E::Body as RequestBody>::KIND == BodyKind::Json;
    read(send(method(E::METHOD), &E::uri(params, query), json.then_some(body)).await?).await
}

/// Call upload endpoint `E` with a file's bytes as the body (and the CSRF header), and read its JSON reply.
pub async fn upload<E: Endpoint<Body = endpoints::Bytes>>(
    params: &E::Params,
    query: &E::Query,
    bytes: &js_sys::ArrayBuffer,
) -> Result<ReplyOf<E>, ApiFailure> {
    post_bytes(&E::uri(params, query), bytes).await
}

fn method(method: endpoints::Method) -> Method {
    match method {
        endpoints::Method::Get => Method::GET,
        endpoints::Method::Post => Method::POST,
        endpoints::Method::Put => Method::PUT,
        endpoints::Method::Delete => Method::DELETE,
    }
}

/// `GET` a JSON resource.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    read(send::<()>(Method::GET, path, None).await?).await
}

/// `POST` a JSON body (with the CSRF header) and read the JSON answer (`()` for an empty one).
pub async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    read(send(Method::POST, path, Some(body)).await?).await
}

/// `PUT` a JSON body (with the CSRF header) and read the JSON answer (`()` for an empty one).
pub async fn put_json<B: Serialize + ?Sized, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    read(send(Method::PUT, path, Some(body)).await?).await
}

/// `POST` without a body (with the CSRF header).
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    read(send::<()>(Method::POST, path, None).await?).await
}

/// The server's health (`GET /api/health`); a degraded server answers 503 with the same body.
pub async fn health() -> Result<Health, ApiFailure> {
    let response = gloo_net::http::Request::get("/api/health")
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() || response.status() == 503 {
        return response.json::<Health>().await.map_err(|_| ApiFailure::Unexpected);
    }
    Err(failure_of(response).await)
}

// --- Signing in and out ---

/// The signed-in person, or `None` when nobody is signed in (`GET /api/auth/me` answers 401).
pub async fn me() -> Result<Option<Me>, ApiFailure> {
    match call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await {
        Ok(me) => Ok(Some(me)),
        Err(failure) if failure.status() == Some(401) => Ok(None),
        Err(failure) => Err(failure),
    }
}

pub async fn login(email: String, password: String) -> Result<Me, ApiFailure> {
    call::<auth_api::Login>(&(), &NoQuery {}, &LoginRequest { email, password }).await
}

pub async fn logout() -> Result<(), ApiFailure> {
    call::<auth_api::Logout>(&(), &NoQuery {}, &()).await
}

pub async fn logout_everywhere() -> Result<(), ApiFailure> {
    call::<auth_api::LogoutEverywhere>(&(), &NoQuery {}, &()).await
}

pub async fn update_profile(input: ProfileInput) -> Result<Me, ApiFailure> {
    call::<auth_api::UpdateProfile>(&(), &NoQuery {}, &input).await
}

/// Always 202, whether or not the address is known.
pub async fn request_magic_link(email: String) -> Result<(), ApiFailure> {
    call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email }).await
}

/// Always 202, whether or not the address is known.
pub async fn request_password_reset(email: String) -> Result<(), ApiFailure> {
    call::<auth_api::RequestPasswordReset>(&(), &NoQuery {}, &EmailRequest { email }).await
}

/// Redeem a link from an e-mail and sign in.
pub async fn redeem_link(token: String) -> Result<Redeemed, ApiFailure> {
    call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token }).await
}

/// `current_password` when changing an existing one.
pub async fn set_password(password: String, current_password: Option<String>) -> Result<(), ApiFailure> {
    call::<auth_api::SetPassword>(&(), &NoQuery {}, &SetPasswordRequest { password, current_password }).await
}

pub async fn setup_status() -> Result<SetupStatus, ApiFailure> {
    call::<auth_api::SetupStatus>(&(), &NoQuery {}, &()).await
}

/// Create the first municipality and its administrator, and sign in.
pub async fn setup(request: SetupRequest) -> Result<Me, ApiFailure> {
    call::<auth_api::Setup>(&(), &NoQuery {}, &request).await
}

// --- Offices, people, audit log ---

pub async fn offices(municipality_id: &str) -> Result<Vec<Office>, ApiFailure> {
    call::<people_api::ListOffices>(&municipality_id.into(), &NoQuery {}, &()).await
}

pub async fn create_office(municipality_id: &str, input: OfficeInput) -> Result<Office, ApiFailure> {
    call::<people_api::CreateOffice>(&municipality_id.into(), &NoQuery {}, &input).await
}

/// Rename, renumber or change the written standard of a municipality (administrators).
pub async fn update_municipality(municipality_id: &str, input: &MunicipalityInput) -> Result<Municipality, ApiFailure> {
    call::<people_api::UpdateMunicipality>(&municipality_id.into(), &NoQuery {}, input).await
}

pub async fn update_office(office_id: &str, input: OfficeInput) -> Result<Office, ApiFailure> {
    call::<people_api::UpdateOffice>(&OfficeId::from(office_id), &NoQuery {}, &input).await
}

/// Search and filters for [`people`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Part of a name, e-mail address or HPR number.
    pub q: String,
    pub role: Option<Role>,
    pub office_id: Option<String>,
    pub include_inactive: bool,
}

impl PeopleQuery {
    /// The query the endpoint takes: empty filters left out.
    pub fn to_query(&self) -> people_api::PeopleQuery {
        let q = self.q.trim();
        people_api::PeopleQuery {
            q: (!q.is_empty()).then(|| q.to_owned()),
            role: self.role,
            office: self.office_id.clone().filter(|o| !o.is_empty()),
            inactive: self.include_inactive,
        }
    }
}

pub async fn people(municipality_id: &str, query: &PeopleQuery) -> Result<Vec<Person>, ApiFailure> {
    call::<people_api::ListPeople>(&municipality_id.into(), &query.to_query(), &()).await
}

fn person_params(municipality_id: &str, person_id: &str) -> (MunicipalityId, PersonId) {
    (municipality_id.into(), person_id.into())
}

pub async fn person(municipality_id: &str, person_id: &str) -> Result<Person, ApiFailure> {
    call::<people_api::GetPerson>(&person_params(municipality_id, person_id), &NoQuery {}, &()).await
}

pub async fn create_person(municipality_id: &str, input: PersonInput) -> Result<Person, ApiFailure> {
    call::<people_api::CreatePerson>(&municipality_id.into(), &NoQuery {}, &input).await
}

pub async fn update_person(municipality_id: &str, person_id: &str, input: PersonInput) -> Result<Person, ApiFailure> {
    call::<people_api::UpdatePerson>(&person_params(municipality_id, person_id), &NoQuery {}, &input).await
}

pub async fn invite_person(municipality_id: &str, person_id: &str) -> Result<(), ApiFailure> {
    call::<people_api::InvitePerson>(&person_params(municipality_id, person_id), &NoQuery {}, &()).await
}

pub async fn audit_log(municipality_id: &str) -> Result<Vec<AuditEntry>, ApiFailure> {
    call::<audit_api::ListAudit>(&municipality_id.into(), &NoQuery {}, &()).await
}

/// `POST` raw bytes (a file) with the CSRF header, and read the JSON answer.
pub async fn post_bytes<T: DeserializeOwned>(path: &str, bytes: &js_sys::ArrayBuffer) -> Result<T, ApiFailure> {
    let request = RequestBuilder::new(path)
        .method(Method::POST)
        .header("Accept", "application/json")
        .header("Content-Type", "application/octet-stream")
        .header(CSRF_HEADER, &csrf_token().await?)
        .body(bytes.clone())
        .map_err(|_| ApiFailure::Unexpected)?;
    let response = request.send().await.map_err(|_| ApiFailure::Unreachable)?;
    if response.ok() { read(response).await } else { Err(failure_of(response).await) }
}

/// Preview (`apply = false`) or run (`apply = true`) a roster import of a file.
pub async fn roster_import(
    municipality_id: &str,
    file_name: &str,
    bytes: &js_sys::ArrayBuffer,
    apply: bool,
    skip_invalid: bool,
) -> Result<legeting_shared::roster::RosterPreview, ApiFailure> {
    let id = MunicipalityId::from(municipality_id);
    let query = people_api::ImportQuery { file_name: file_name.to_owned(), skip_invalid };
    if apply {
        upload::<people_api::RunImport>(&id, &query, bytes).await
    } else {
        upload::<people_api::PreviewImport>(&id, &query, bytes).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let cookies = "legeting_csrf_old=x; legeting_csrf=abc123; other=1";
        assert_eq!(cookie_value(cookies, "legeting_csrf").as_deref(), Some("abc123"));
        assert_eq!(cookie_value("other=1", "legeting_csrf"), None);
        assert_eq!(cookie_value("", "legeting_csrf"), None);
        assert_eq!(cookie_value("legeting_csrf=", "legeting_csrf"), None);
    }

    #[test]
    fn people_queries_leave_out_empty_filters() {
        let uri = |query: &PeopleQuery| people_api::ListPeople::uri(&"m".into(), &query.to_query());
        assert_eq!(
            uri(&PeopleQuery { q: "  ".into(), ..Default::default() }),
            "/api/municipalities/m/people?inactive=false"
        );
        let query = PeopleQuery {
            q: " ola ".into(),
            role: Some(Role::Gp),
            office_id: Some("o1".into()),
            include_inactive: true,
        };
        assert_eq!(uri(&query), "/api/municipalities/m/people?q=ola&role=gp&office=o1&inactive=true");
    }

    #[test]
    fn error_codes_map_to_their_messages_and_unknown_ones_to_the_generic_message() {
        assert_eq!(error_code_key("duplicate_email"), Key::ErrorDuplicateEmail);
        assert_eq!(error_code_key("invalid_credentials"), Key::ErrorInvalidCredentials);
        assert_eq!(error_code_key("something_new"), Key::ErrorUnexpected);
        let failure =
            ApiFailure::Server { status: 409, code: "duplicate_hpr".into(), field: Some("hpr_number".into()) };
        assert_eq!(failure.message_key(), Key::ErrorDuplicateHpr);
        assert_eq!(failure.field(), Some("hpr_number"));
        assert_eq!(ApiFailure::Unreachable.message_key(), Key::ErrorUnreachable);
    }
}
