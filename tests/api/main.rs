//! Integration tests of the HTTP API, against the real server on SQLite or PostgreSQL
//! (`LEGETING_TEST_DATABASE`). One binary; one module per domain.

mod auth;
mod authorization;
mod cli;
mod foundation;
mod letters;
mod live;
mod mail;
mod meetings;
mod participation;
mod people;
mod roster;
mod tenancy;
