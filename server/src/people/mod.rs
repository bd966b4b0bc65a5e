//! People and organisations: municipalities, GP offices, people, roles per municipality.

pub mod model;
