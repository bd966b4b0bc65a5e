//! Integration tests of the HTTP API, against the real server on SQLite or PostgreSQL
//! (`LEGETING_TEST_DATABASE`). One binary; one module per domain.

mod architecture;
mod auth;
mod authorization;
mod backup;
mod cli;
mod concurrency;
mod faults;
mod foundation;
mod health;
mod letters;
mod live;
mod mail;
mod meetings;
mod participation;
mod people;
mod reports;
mod roster;
mod statements;
mod tenancy;
