//! Hourly rates, compensation statements and payroll exports.

use serde::{Deserialize, Serialize};

use crate::api::{Empty, File, Json};
use crate::ids::{MunicipalityId, RatePeriodId};

/// The period of a statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PeriodQuery {
    /// First day (ISO date).
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub from: String,
    /// Last day (ISO date).
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub to: String,
}

crate::api::endpoint! {
    "compensation";

    /// The rate periods of a municipality (with the installation defaults). Administrators and leaders.
    ListRates = GET "/municipalities/{id}/rates", id "list_rates",
        params MunicipalityId,
        reply Json<Vec<crate::participation::RatePeriod>>,
        status 200,
        errors [403, 404];
    /// Add a rate period for the municipality. Administrators.
    AddRate = POST "/municipalities/{id}/rates", id "add_rate",
        params MunicipalityId,
        body Json<crate::participation::RatePeriodInput>,
        reply Json<crate::participation::RatePeriod>,
        status 201,
        errors [403, 404, 422];
    /// Remove one of the municipality's rate periods (the defaults stay). Administrators.
    DeleteRate = DELETE "/municipalities/{id}/rates/{rate_id}", id "delete_rate",
        params (MunicipalityId, RatePeriodId),
        reply Empty,
        status 204,
        errors [403, 404];
    /// My compensation for a period, in every municipality where I am a GP.
    MyCompensation = GET "/me/compensation", id "my_compensation",
        query PeriodQuery,
        reply Json<Vec<crate::participation::CompensationStatement>>,
        status 200,
        errors [401, 422];
    /// Everyone's compensation in a municipality for a period. Administrators and leaders.
    MunicipalityCompensation = GET "/municipalities/{id}/compensation", id "municipality_compensation",
        params MunicipalityId,
        query PeriodQuery,
        reply Json<crate::participation::CompensationStatement>,
        status 200,
        errors [403, 404, 422];
    /// The payroll export for a period as CSV. Administrators and leaders.
    PayrollCsv = GET "/municipalities/{id}/compensation.csv", id "payroll_csv",
        params MunicipalityId,
        query PeriodQuery,
        reply File,
        content ["text/csv"],
        status 200,
        errors [403, 404];
    /// The payroll export for a period as an Excel workbook. Administrators and leaders.
    PayrollXlsx = GET "/municipalities/{id}/compensation.xlsx", id "payroll_xlsx",
        params MunicipalityId,
        query PeriodQuery,
        reply File,
        content ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        status 200,
        errors [403, 404];
}
