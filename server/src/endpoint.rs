//! Routes registered through their declarations in `legeting_shared::api`, and the OpenAPI document made from
//! those declarations.
//!
//! A domain's `routes()` says `Routes::new().endpoint(GetMeeting, get_meeting)`: the path and the
//! method come from [`GetMeeting`](legeting_shared::api::meetings::GetMeeting), and the handler must fit it:
//! - every argument is an input of that endpoint ([`Extracts`]): its path parameters ([`PathOf<E>`]), query
//!   ([`QueryOf<E>`]), JSON body ([`JsonOf<E>`]) or, for an upload, the raw bytes; or something any endpoint may
//!   take (state, the signed-in person, headers, cookies, the client's address);
//! - its result is the declared reply ([`Answers`]): `Json` of the declared type (with or without a status or
//!   cookies in front), a bare status for an empty reply, a `Response` for a file or the websocket upgrade.
//!
//! A handler that does not fit fails to compile at its `endpoint` call. The declared success status is the
//! one answered: a handler's 2xx status is replaced by it. The document ([`Routes::into_parts`]) gets, per
//! declaration, the operation id, tag, summary and description, parameters, body and reply schemas and the
//! declared answers; `http/contract.rs` then adds what the shared layers answer.

use std::collections::BTreeMap;
use std::future::Future;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State, ws::WebSocketUpgrade};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter, on};
use axum_extra::extract::CookieJar;
use legeting_shared::api::{self, BodyKind, BodyOf, Endpoint, PathParams, ReplyKind, ReplyOf, RequestBody as _};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayItems, Object, Ref, Schema, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, RefOr, Required, ResponseBuilder, ResponsesBuilder};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::auth::AuthUser;
use crate::auth::client_address::ClientAddress;
use crate::error::{AppError, Json, Query};
use crate::state::AppState;

/// The routes of the API with their part of the OpenAPI document.
#[derive(Default)]
pub struct Routes {
    methods: BTreeMap<&'static str, MethodRouter<AppState>>,
    document: OpenApi,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    /// Route `endpoint` to `handler`, and document it.
    pub fn endpoint<E, H, T, A>(mut self, _endpoint: E, handler: H) -> Routes
    where
        E: Endpoint,
        H: Handler<T, AppState> + Fits<E, A>,
        T: 'static,
    {
        let status = StatusCode::from_u16(E::SUCCESS.status).unwrap_or(StatusCode::OK);
        let route = on(method_filter(E::METHOD), handler).layer(axum::middleware::map_response(
            move |mut response: Response| async move {
                if response.status().is_success() {
                    *response.status_mut() = status;
                }
                response
            },
        ));
        let merged = match self.methods.remove(E::PATH) {
            Some(existing) => existing.merge(route),
            None => route,
        };
        self.methods.insert(E::PATH, merged);
        document::<E>(&mut self.document);
        self
    }

    /// Add another domain's routes.
    pub fn merge(mut self, other: Routes) -> Routes {
        for (path, route) in other.methods {
            let merged = match self.methods.remove(path) {
                Some(existing) => existing.merge(route),
                None => route,
            };
            self.methods.insert(path, merged);
        }
        self.document.merge(other.document);
        self
    }

    /// The router (paths under `/api`, before nesting) and `base` completed with every route's operation.
    pub fn into_parts(self, mut base: OpenApi) -> (Router<AppState>, OpenApi) {
        let router = self.methods.into_iter().fold(Router::new(), |router, (path, route)| router.route(path, route));
        base.merge(self.document);
        (router, base)
    }
}

fn method_filter(method: api::Method) -> MethodFilter {
    match method {
        api::Method::Get => MethodFilter::GET,
        api::Method::Post => MethodFilter::POST,
        api::Method::Put => MethodFilter::PUT,
        api::Method::Delete => MethodFilter::DELETE,
    }
}

fn http_method(method: api::Method) -> HttpMethod {
    match method {
        api::Method::Get => HttpMethod::Get,
        api::Method::Post => HttpMethod::Post,
        api::Method::Put => HttpMethod::Put,
        api::Method::Delete => HttpMethod::Delete,
    }
}

/// The names of a path template's parameters, in order (`/a/{id}/b/{year}` → `id`, `year`).
fn parameter_names(template: &str) -> Vec<&str> {
    template.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
}

/// The schema of `T` for the document: a reference to a component for the shared crate's named types (also as
/// the items of a `Vec`), inline for the rest (text, bytes); the schemas it refers to are added as components.
fn schema_of<T: ToSchema>(document: &mut OpenApi) -> RefOr<Schema> {
    let mut referred = Vec::new();
    T::schemas(&mut referred);
    let components = document.components.get_or_insert_with(Default::default);
    for (name, schema) in referred {
        components.schemas.entry(name).or_insert(schema);
    }
    reference(std::any::type_name::<T>(), T::schema(), &mut components.schemas)
}

fn reference(
    type_name: &str,
    schema: RefOr<Schema>,
    components: &mut BTreeMap<String, RefOr<Schema>>,
) -> RefOr<Schema> {
    if let Some(element) = type_name.strip_prefix("alloc::vec::Vec<").and_then(|rest| rest.strip_suffix('>')) {
        return match schema {
            RefOr::T(Schema::Array(mut array)) => {
                if let ArrayItems::RefOrSchema(items) = array.items {
                    array.items = ArrayItems::RefOrSchema(Box::new(reference(element, *items, components)));
                }
                RefOr::T(Schema::Array(array))
            }
            other => other,
        };
    }
    if !type_name.starts_with("legeting_shared::") || type_name.contains('<') {
        return schema;
    }
    let name = type_name.rsplit("::").next().unwrap_or(type_name);
    components.entry(name.to_owned()).or_insert(schema);
    RefOr::Ref(Ref::from_schema_name(name))
}

/// Add `E`'s operation to the document.
fn document<E: Endpoint>(document: &mut OpenApi) {
    let mut parameters: Vec<_> = parameter_names(E::PATH)
        .into_iter()
        .zip(<E::Params as PathParams>::PARAMS)
        .map(|(name, (description, integer))| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(*description))
                .schema(Some(Object::with_type(if *integer { Type::Integer } else { Type::String })))
                .build()
        })
        .collect();
    parameters.extend(E::Query::into_params(|| Some(ParameterIn::Query)));

    let request_body = match E::Body::KIND {
        BodyKind::None => None,
        BodyKind::Json => Some(("application/json", schema_of::<BodyOf<E>>(document))),
        BodyKind::Bytes => Some(("application/octet-stream", Vec::<u8>::schema())),
    }
    .map(|(content_type, schema)| {
        RequestBodyBuilder::new()
            .content(content_type, ContentBuilder::new().schema(Some(schema)).build())
            .required(Some(Required::True))
            .build()
    });

    let reply_content: Vec<(&str, _)> = match <E::Reply as api::Reply>::KIND {
        ReplyKind::Json => vec![("application/json", schema_of::<ReplyOf<E>>(document))],
        ReplyKind::File => E::CONTENT_TYPES
            .iter()
            .map(|content_type| {
                let schema = if content_type.starts_with("text/") { String::schema() } else { Vec::<u8>::schema() };
                (*content_type, schema)
            })
            .collect(),
        ReplyKind::Empty | ReplyKind::Upgrade => Vec::new(),
    };
    let answer = |answer: &api::Answer, with_body: bool| {
        let mut response = ResponseBuilder::new().description(answer.description.unwrap_or_default());
        if with_body {
            for (content_type, schema) in &reply_content {
                response = response.content(*content_type, ContentBuilder::new().schema(Some(schema.clone())).build());
            }
        }
        (answer.status.to_string(), response.build())
    };
    let (status, success) = answer(&E::SUCCESS, true);
    let mut responses = ResponsesBuilder::new().response(status, success);
    for error in E::ERRORS {
        let (status, response) = answer(error, error.with_body);
        responses = responses.response(status, response);
    }

    let summary = E::DOC.first().copied().unwrap_or_default();
    let description = E::DOC.join("\n");
    let operation = OperationBuilder::new()
        .operation_id(Some(E::OPERATION_ID))
        .tag(E::TAG)
        .summary(Some(summary))
        .description(Some(description))
        .parameters(Some(parameters))
        .request_body(request_body)
        .responses(responses.build())
        .build();
    document.paths.add_path_operation(E::PATH, vec![http_method(E::METHOD)], operation);
}

/// A handler `F` (taking arguments `A`) fits endpoint `E`: every argument is an input of `E`, and its result is
/// `E`'s reply. Implemented for async functions of up to eight arguments.
pub trait Fits<E, A> {}

macro_rules! fits {
    ($($argument:ident),*) => {
        impl<F, Fut, E, $($argument,)*> Fits<E, ($($argument,)*)> for F
        where
            E: Endpoint,
            F: FnOnce($($argument),*) -> Fut,
            Fut: Future,
            Fut::Output: Answers<E>,
            $($argument: Extracts<E>,)*
        {
        }
    };
}

fits!();
fits!(A1);
fits!(A1, A2);
fits!(A1, A2, A3);
fits!(A1, A2, A3, A4);
fits!(A1, A2, A3, A4, A5);
fits!(A1, A2, A3, A4, A5, A6);
fits!(A1, A2, A3, A4, A5, A6, A7);
fits!(A1, A2, A3, A4, A5, A6, A7, A8);

/// An argument a handler of `E` may take.
pub trait Extracts<E> {}

impl<E: Endpoint> Extracts<E> for State<AppState> {}
impl<E: Endpoint> Extracts<E> for AuthUser {}
impl<E: Endpoint> Extracts<E> for ClientAddress {}
impl<E: Endpoint> Extracts<E> for HeaderMap {}
impl<E: Endpoint> Extracts<E> for CookieJar {}
impl<E: Endpoint> Extracts<E> for PathOf<E> {}
impl<E: Endpoint> Extracts<E> for QueryOf<E> {}
impl<E: Endpoint> Extracts<E> for JsonOf<E> {}
impl<E: Endpoint<Body = api::Bytes>> Extracts<E> for axum::body::Bytes {}
impl<E: Endpoint<Reply = api::Upgrade>> Extracts<E>
    for Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>
{
}

/// What a handler of `E` may return.
pub trait Answers<E> {}

impl<E: Endpoint<Reply = api::Json<R>>, R> Answers<E> for Json<R> {}
impl<E: Endpoint<Reply = api::Json<R>>, R> Answers<E> for (StatusCode, Json<R>) {}
impl<E: Endpoint<Reply = api::Json<R>>, R> Answers<E> for Result<Json<R>, AppError> {}
impl<E: Endpoint<Reply = api::Json<R>>, R> Answers<E> for Result<(StatusCode, Json<R>), AppError> {}
impl<E: Endpoint<Reply = api::Json<R>>, R> Answers<E> for Result<(CookieJar, Json<R>), AppError> {}
impl<E: Endpoint<Reply = api::Empty>> Answers<E> for Result<StatusCode, AppError> {}
impl<E: Endpoint<Reply = api::Empty>> Answers<E> for Result<(CookieJar, StatusCode), AppError> {}
impl<E: Endpoint> Answers<E> for Result<Response, AppError> where E::Reply: RawReply {}

/// Replies a handler writes as a whole `Response` (a file with its headers, the websocket upgrade).
pub trait RawReply {}
impl RawReply for api::File {}
impl RawReply for api::Upgrade {}

/// The path parameters of `E`, typed as it declares them.
pub struct PathOf<E: Endpoint>(pub E::Params);

impl<E: Endpoint, S: Send + Sync> FromRequestParts<S> for PathOf<E>
where
    E::Params: Send,
{
    type Rejection = <Path<E::Params> as FromRequestParts<S>>::Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<E::Params>::from_request_parts(parts, state).await?;
        Ok(PathOf(params))
    }
}

/// The query of `E` ([`Query`]: a malformed one is a 422 in the one error shape).
pub struct QueryOf<E: Endpoint>(pub E::Query);

impl<E: Endpoint, S: Send + Sync> FromRequestParts<S> for QueryOf<E>
where
    E::Query: Send,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(query) = Query::<E::Query>::from_request_parts(parts, state).await?;
        Ok(QueryOf(query))
    }
}

/// The JSON body of `E` ([`Json`]: refused bodies are 422/413 in the one error shape).
pub struct JsonOf<E: Endpoint>(pub BodyOf<E>);

impl<E, T, S> FromRequest<S> for JsonOf<E>
where
    E: Endpoint<Body = api::Json<T>>,
    T: serde::Serialize + serde::de::DeserializeOwned + ToSchema,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(body) = Json::<T>::from_request(request, state).await?;
        Ok(JsonOf(body))
    }
}

#[cfg(test)]
mod tests {
    use super::parameter_names;

    #[test]
    fn parameter_names_come_from_the_template_in_order() {
        assert_eq!(parameter_names("/municipalities/{id}/people/{person_id}"), vec!["id", "person_id"]);
        assert_eq!(parameter_names("/auth/me"), Vec::<&str>::new());
    }
}
