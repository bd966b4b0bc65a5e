//! Every route of the API, declared once as a type implementing [`Endpoint`]: method, path template (axum's
//! `{param}` syntax, under `/api`), typed path parameters, query, request body, reply, success status and the
//! error statuses the handler itself answers.
//!
//! The declarations are the contract between the three callers of the API and its one implementation:
//! - the server registers each handler through its declaration (`server/src/endpoint.rs`), which also
//!   makes the OpenAPI document from it; a handler whose inputs or reply do not match does not compile;
//! - the web app calls `api::call::<E>(…)` (`frontend/src/api.rs`), and the tests `Session::call::<E>(…)`,
//!   which build the URL from the declaration and read the declared reply.
//!
//! Declarations are grouped by domain in the submodules, in the order of the server's routers. This module
//! holds the vocabulary only; it must stay free of sqlx, tokio and axum (the web app compiles it to wasm32).

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod analytics;
pub mod attendance;
pub mod audit;
pub mod auth;
pub mod bodies;
pub mod calendar;
pub mod compensation;
pub mod health;
pub mod letters;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod people;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// The method's name in a request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether the method changes nothing (and so needs no CSRF header).
    pub fn is_safe(self) -> bool {
        matches!(self, Method::Get)
    }
}

/// One answer an endpoint gives: its status and, where the status alone does not say it, what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub description: Option<&'static str>,
    /// Whether this (error) answer carries the endpoint's reply body too (health: 503 with the report).
    pub with_body: bool,
}

/// A route of the API. Implemented by the [`endpoint!`] declarations of the submodules, never by hand.
pub trait Endpoint: Sized + 'static {
    const METHOD: Method;
    /// The path template under `/api`, in axum's syntax (`/meetings/{id}`).
    const PATH: &'static str;
    /// The OpenAPI operation id (the handler's name); the access table of `tests/api/authorization.rs` is
    /// keyed by it.
    const OPERATION_ID: &'static str;
    /// The OpenAPI tag: the domain.
    const TAG: &'static str;
    /// The documentation, one line per entry: the first line is the summary.
    const DOC: &'static [&'static str];
    /// The status of success. The server answers it whatever success status the handler chose.
    const SUCCESS: Answer;
    /// The error statuses the handler itself answers (the shared layers' answers are added by the server).
    const ERRORS: &'static [Answer];
    /// For a [`File`] reply: the content types it may have.
    const CONTENT_TYPES: &'static [&'static str];
    /// The path parameters, in the order they appear in [`Endpoint::PATH`].
    type Params: PathParams;
    /// The query string's fields ([`NoQuery`] when there are none).
    type Query: QueryParams;
    /// The request body: [`Json`], [`Bytes`] or [`NoBody`].
    type Body: RequestBody;
    /// The reply: [`Json`], [`Empty`], [`File`] or [`Upgrade`].
    type Reply: Reply;

    /// The path of this route with its parameters filled in, `/api` included (no query).
    fn path(params: &Self::Params) -> String {
        let mut path = String::from("/api");
        let mut segments = params.segments().into_iter();
        let mut rest = Self::PATH;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            path.push_str(&segments.next().unwrap_or_default());
            rest = &rest[close..];
        }
        path.push_str(rest);
        path
    }

    /// The path with the query string (none when every query field is empty).
    fn uri(params: &Self::Params, query: &Self::Query) -> String {
        let mut uri = Self::path(params);
        let query = serde_urlencoded::to_string(query).unwrap_or_default();
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&query);
        }
        uri
    }
}

/// The value an endpoint's request body carries.
pub type BodyOf<E> = <<E as Endpoint>::Body as RequestBody>::Value;
/// The value an endpoint's reply carries.
pub type ReplyOf<E> = <<E as Endpoint>::Reply as Reply>::Value;

/// A type that has an OpenAPI schema when the `openapi` feature is on (anything when it is off).
#[cfg(feature = "openapi")]
pub trait Documented: utoipa::ToSchema {}
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> Documented for T {}
/// A type that has an OpenAPI schema when the `openapi` feature is on (anything when it is off).
#[cfg(not(feature = "openapi"))]
pub trait Documented {}
#[cfg(not(feature = "openapi"))]
impl<T> Documented for T {}

/// A query type with OpenAPI parameters when the `openapi` feature is on.
#[cfg(feature = "openapi")]
pub trait QueryParams: Serialize + DeserializeOwned + utoipa::IntoParams {}
#[cfg(feature = "openapi")]
impl<T: Serialize + DeserializeOwned + utoipa::IntoParams> QueryParams for T {}
/// A query type with OpenAPI parameters when the `openapi` feature is on.
#[cfg(not(feature = "openapi"))]
pub trait QueryParams: Serialize + DeserializeOwned {}
#[cfg(not(feature = "openapi"))]
impl<T: Serialize + DeserializeOwned> QueryParams for T {}

/// The query of an endpoint that takes none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NoQuery {}

#[cfg(feature = "openapi")]
impl utoipa::IntoParams for NoQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

/// One path parameter: how it is written into a path, and what the document says about it.
pub trait PathParam: Serialize + DeserializeOwned {
    const DESCRIPTION: &'static str;
    /// Whether the parameter is a number (a year) rather than text.
    const INTEGER: bool = false;
    /// The parameter as a path segment, percent-encoded.
    fn segment(&self) -> String;
}

impl PathParam for i64 {
    const DESCRIPTION: &'static str = "Year";
    const INTEGER: bool = true;
    fn segment(&self) -> String {
        self.to_string()
    }
}

/// All path parameters of an endpoint: none (`()`), one, or a tuple in path order.
pub trait PathParams: Serialize + DeserializeOwned {
    /// Per parameter: its description and whether it is a number.
    const PARAMS: &'static [(&'static str, bool)];
    fn segments(&self) -> Vec<String>;
}

impl PathParams for () {
    const PARAMS: &'static [(&'static str, bool)] = &[];
    fn segments(&self) -> Vec<String> {
        Vec::new()
    }
}

impl<A: PathParam> PathParams for A {
    const PARAMS: &'static [(&'static str, bool)] = &[(A::DESCRIPTION, A::INTEGER)];
    fn segments(&self) -> Vec<String> {
        vec![self.segment()]
    }
}

impl<A: PathParam, B: PathParam> PathParams for (A, B) {
    const PARAMS: &'static [(&'static str, bool)] = &[(A::DESCRIPTION, A::INTEGER), (B::DESCRIPTION, B::INTEGER)];
    fn segments(&self) -> Vec<String> {
        vec![self.0.segment(), self.1.segment()]
    }
}

impl<A: PathParam, B: PathParam, C: PathParam> PathParams for (A, B, C) {
    const PARAMS: &'static [(&'static str, bool)] =
        &[(A::DESCRIPTION, A::INTEGER), (B::DESCRIPTION, B::INTEGER), (C::DESCRIPTION, C::INTEGER)];
    fn segments(&self) -> Vec<String> {
        vec![self.0.segment(), self.1.segment(), self.2.segment()]
    }
}

/// How a request body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Json,
    /// The raw bytes of a file (`application/octet-stream`).
    Bytes,
}

/// An endpoint's request body.
pub trait RequestBody {
    type Value: Serialize + DeserializeOwned + Documented;
    const KIND: BodyKind;
}

/// How a reply travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    Json,
    /// No body (204, 202).
    Empty,
    /// A file to download, of one of the endpoint's [`Endpoint::CONTENT_TYPES`].
    File,
    /// A switch to the websocket protocol (101).
    Upgrade,
}

/// An endpoint's reply.
pub trait Reply {
    type Value: Serialize + DeserializeOwned + Documented;
    const KIND: ReplyKind;
}

/// A JSON body or reply of type `T`.
pub struct Json<T>(PhantomData<T>);

impl<T: Serialize + DeserializeOwned + Documented> RequestBody for Json<T> {
    type Value = T;
    const KIND: BodyKind = BodyKind::Json;
}

impl<T: Serialize + DeserializeOwned + Documented> Reply for Json<T> {
    type Value = T;
    const KIND: ReplyKind = ReplyKind::Json;
}

/// No request body.
pub struct NoBody;

impl RequestBody for NoBody {
    type Value = ();
    const KIND: BodyKind = BodyKind::None;
}

/// A file's bytes as the request body.
pub struct Bytes;

impl RequestBody for Bytes {
    type Value = Vec<u8>;
    const KIND: BodyKind = BodyKind::Bytes;
}

/// A reply without a body.
pub struct Empty;

impl Reply for Empty {
    type Value = ();
    const KIND: ReplyKind = ReplyKind::Empty;
}

/// A file to download.
pub struct File;

impl Reply for File {
    type Value = Vec<u8>;
    const KIND: ReplyKind = ReplyKind::File;
}

/// The websocket upgrade.
pub struct Upgrade;

impl Reply for Upgrade {
    type Value = ();
    const KIND: ReplyKind = ReplyKind::Upgrade;
}

/// Percent-encode a path segment or query component (everything but RFC 3986's unreserved characters).
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => encoded.push(char::from(byte)),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Declare endpoints: one `Name = METHOD "/path", id "operation_id", …;` per route, after its documentation.
/// `params`, `query`, `body`, `content` and `errors` may be left out (no path parameters, [`NoQuery`],
/// [`NoBody`], no file types, no errors of its own).
macro_rules! endpoint {
    ($tag:literal;
    $(
        $(#[doc = $doc:literal])*
        $name:ident = $method:ident $path:literal, id $id:literal
        $(, params $params:ty)?
        $(, query $query:ty)?
        $(, body $body:ty)?
        , reply $reply:ty
        $(, content [$($content:literal),*])?
        , status $status:literal $($status_doc:literal)?
        $(, errors [$($error:literal $($error_doc:literal)? $($with_body:ident)?),*])?
        ;
    )*) => {$(
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = concat!("`", stringify!($method), " /api", $path, "`")]
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl $crate::api::Endpoint for $name {
            const METHOD: $crate::api::Method = $crate::api::endpoint!(@method $method);
            const PATH: &'static str = $path;
            const OPERATION_ID: &'static str = $id;
            const TAG: &'static str = $tag;
            const DOC: &'static [&'static str] = &[$($doc.trim_ascii()),*];
            const SUCCESS: $crate::api::Answer = $crate::api::Answer {
                status: $status,
                description: $crate::api::endpoint!(@text $($status_doc)?),
                with_body: false,
            };
            const ERRORS: &'static [$crate::api::Answer] = &[$($($crate::api::Answer {
                status: $error,
                description: $crate::api::endpoint!(@text $($error_doc)?),
                with_body: $crate::api::endpoint!(@flag $($with_body)?),
            }),*)?];
            const CONTENT_TYPES: &'static [&'static str] = &[$($($content),*)?];
            type Params = $crate::api::endpoint!(@or $($params)?; ());
            type Query = $crate::api::endpoint!(@or $($query)?; $crate::api::NoQuery);
            type Body = $crate::api::endpoint!(@or $($body)?; $crate::api::NoBody);
            type Reply = $reply;
        }
    )*};
    (@method GET) => { $crate::api::Method::Get };
    (@method POST) => { $crate::api::Method::Post };
    (@method PUT) => { $crate::api::Method::Put };
    (@method DELETE) => { $crate::api::Method::Delete };
    (@text) => { None };
    (@text $text:literal) => { Some($text) };
    (@flag) => { false };
    (@flag with_body) => { true };
    (@or ; $default:ty) => { $default };
    (@or $given:ty; $default:ty) => { $given };
}
pub(crate) use endpoint;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{MunicipalityId, PersonId};

    #[test]
    fn paths_are_filled_in_order_and_encoded() {
        let path = people::GetPerson::path(&(MunicipalityId::from("m 1"), PersonId::from("p/2")));
        assert_eq!(path, "/api/municipalities/m%201/people/p%2F2");
        assert_eq!(auth::GetMe::path(&()), "/api/auth/me");
        let year = attendance::RemoveExemption::path(&(MunicipalityId::from("m"), PersonId::from("p"), 2026));
        assert_eq!(year, "/api/municipalities/m/obligation/exemptions/p/2026");
    }

    #[test]
    fn empty_query_fields_are_left_out_of_the_uri() {
        let id = MunicipalityId::from("m");
        let query = people::PeopleQuery { q: Some("Kari N".into()), ..Default::default() };
        assert_eq!(people::ListPeople::uri(&id, &query), "/api/municipalities/m/people?q=Kari+N&inactive=false");
        assert_eq!(meetings::MyMeetings::uri(&(), &meetings::ListQuery::default()), "/api/meetings");
    }

    #[test]
    fn declarations_carry_their_contract() {
        assert_eq!(meetings::CreateMeeting::METHOD, Method::Post);
        assert_eq!(meetings::CreateMeeting::SUCCESS.status, 201);
        assert!(meetings::CreateMeeting::ERRORS.iter().any(|e| e.status == 422));
        assert_eq!(<<meetings::CreateMeeting as Endpoint>::Body as RequestBody>::KIND, BodyKind::Json);
        assert_eq!(<<calendar::MeetingIcs as Endpoint>::Reply as Reply>::KIND, ReplyKind::File);
        assert_eq!(
            health::GetHealth::DOC[0],
            "Report the server's health: `ok`, or `degraded` (503) with every problem found."
        );
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("Kari Nordmann"), "Kari%20Nordmann");
        assert_eq!(encode_component("bæ&r=m"), "b%C3%A6%26r%3Dm");
        assert_eq!(encode_component("a-b_c.d~e"), "a-b_c.d~e");
    }
}
