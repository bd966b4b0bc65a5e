//! The address of the client behind a request, for rate limits and for anything that records it.
//!
//! Behind a reverse proxy the connection's peer is the proxy, and the client is in `X-Forwarded-For`. That
//! header is written by whoever sent the request, so it is believed only when the peer is one of
//! `LEGETING_TRUSTED_PROXIES`, and then only as far as the chain of trusted proxies reaches: the client is the
//! right-most forwarded address that is not a trusted proxy (everything left of it could have been made up by
//! the client). With no trusted proxies the header is ignored and the peer is the client.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::config::TrustedProxies;
use crate::error::AppError;
use crate::state::AppState;

/// The `X-Forwarded-For` header.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// Extractor: the client's address, as [`client_address`] decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The address as text, the form rate limits count it by.
    pub fn key(&self) -> String {
        self.0.to_string()
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the server was started without connect info")))?;
        Ok(ClientAddress(client_address(peer, &parts.headers, &state.config.trusted_proxies)))
    }
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the right-most address in
/// `X-Forwarded-For` that is not a trusted proxy (or the left-most one, if all of them are).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    // Several headers count as one list, in order (RFC 9110, section 5.3).
    let forwarded: Vec<&str> = headers
        .get_all(FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in forwarded.into_iter().rev() {
        // A trusted proxy writes a valid address; anything else was sent by the client, who is then the
        // last address we could believe.
        let Ok(address) = hop.parse::<IpAddr>() else { break };
        client = address.to_canonical();
        if !trusted.contains(&client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(FORWARDED_FOR, HeaderValue::from_str(value).expect("a header value"));
        }
        headers
    }

    fn proxies(list: &str) -> TrustedProxies {
        list.parse().expect("valid proxies")
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(client_address(ip("198.51.100.1"), &headers, &TrustedProxies::default()), ip("198.51.100.1"));
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_another_address() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(client_address(ip("198.51.100.1"), &headers, &proxies("10.0.0.0/8")), ip("198.51.100.1"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(client_address(ip("10.0.0.2"), &headers, &proxies("10.0.0.0/8")), ip("203.0.113.7"));
    }

    #[test]
    fn addresses_the_client_made_up_left_of_the_real_one_are_ignored() {
        // The client sent "1.2.3.4"; the outer proxy appended the real client, the inner proxy the outer one.
        let headers = forwarded(&["1.2.3.4, 203.0.113.7", "10.0.0.5"]);
        assert_eq!(client_address(ip("10.0.0.2"), &headers, &proxies("10.0.0.0/8")), ip("203.0.113.7"));
    }

    #[test]
    fn a_trusted_peer_without_the_header_is_the_client() {
        assert_eq!(client_address(ip("10.0.0.2"), &HeaderMap::new(), &proxies("10.0.0.0/8")), ip("10.0.0.2"));
    }

    #[test]
    fn garbage_stops_the_walk_at_the_last_believable_address() {
        let headers = forwarded(&["nonsense, 10.0.0.9"]);
        assert_eq!(client_address(ip("10.0.0.2"), &headers, &proxies("10.0.0.0/8")), ip("10.0.0.9"));
    }

    #[test]
    fn only_trusted_hops_give_the_left_most() {
        let headers = forwarded(&["10.1.1.1, 10.0.0.9"]);
        assert_eq!(client_address(ip("10.0.0.2"), &headers, &proxies("10.0.0.0/8")), ip("10.1.1.1"));
    }

    #[test]
    fn ipv4_mapped_peers_and_ipv6_clients() {
        let headers = forwarded(&["2001:db8::1"]);
        assert_eq!(client_address(ip("::ffff:127.0.0.1"), &headers, &proxies("127.0.0.1")), ip("2001:db8::1"));
        assert_eq!(client_address(ip("::ffff:192.0.2.1"), &headers, &proxies("127.0.0.1")), ip("192.0.2.1"));
    }
}
