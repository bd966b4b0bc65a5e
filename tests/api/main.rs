//! Integration tests of the HTTP API, against the real server on SQLite or PostgreSQL
//! (`LEGETING_TEST_DATABASE`). One binary; one module per domain.

mod authorization;
mod cli;
mod foundation;
mod letters;
mod live;
mod mail;
mod meetings;
mod participation;
mod people;
mod reports;
mod roster;
mod tenancy;
