//! Participation rates by GP, office, body, kind and year, their exports, and the comparison between municipalities.

use serde::{Deserialize, Serialize};

use crate::meetings::MeetingKind;

use crate::api::{File, Json};
use crate::ids::MunicipalityId;

/// The period and filters of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// First day (ISO date); default 1 January this year.
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub from: Option<String>,
    /// Last day (ISO date); default today.
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub to: Option<String>,
    /// Only meetings of this body.
    pub body: Option<String>,
    /// Only meetings of this kind.
    pub kind: Option<MeetingKind>,
}

/// The year to compare.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ComparisonQuery {
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i64>,
}

crate::api::endpoint! {
    "analytics";

    /// Participation rates of a municipality. Administrators, leaders and secretaries.
    GetParticipation = GET "/municipalities/{id}/participation", id "participation",
        params MunicipalityId,
        query ReportQuery,
        reply Json<crate::participation::Participation>,
        status 200,
        errors [403, 404, 422];
    /// Participation by GP as CSV (semicolon-separated, UTF-8 with BOM, for Excel). Same access and filters.
    ParticipationCsv = GET "/municipalities/{id}/participation.csv", id "participation_csv",
        params MunicipalityId,
        query ReportQuery,
        reply File,
        content ["text/csv"],
        status 200,
        errors [403, 404];
    /// Participation by GP as an Excel workbook. Same access and filters.
    ParticipationXlsx = GET "/municipalities/{id}/participation.xlsx", id "participation_xlsx",
        params MunicipalityId,
        query ReportQuery,
        reply File,
        content ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        status 200,
        errors [403, 404];
    /// Participation rates of every municipality on the installation for a year, for comparison: rates only, no
    /// names of people. Anyone who sees figures in at least one municipality.
    Comparison = GET "/participation/comparison", id "comparison",
        query ComparisonQuery,
        reply Json<Vec<crate::participation::RateRow>>,
        status 200,
        errors [403];
}
