//! Compensation for taking part: the statements with their payroll exports, and the hourly rates.

pub(crate) mod rates;
pub(crate) mod statements;

pub use rates::Rates;
pub use statements::Compensation;
