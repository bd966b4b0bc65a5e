//! Typed calls for attendance, check-in, the annual obligation, participation analytics and compensation.

use legeting_shared::participation::{
    AttendanceChange, AttendanceRecord, AttendanceUpdate, CheckInCode, CheckInRequest, CheckedIn,
    CompensationStatement, ExemptionInput, ObligationStatus, Participation, RatePeriod, RatePeriodInput, RateRow,
};

use super::meetings::delete;
use super::{ApiFailure, encode_component as enc, get_json, post_empty, post_json, put_json};

// --- Attendance and check-in ---

/// `GET /api/meetings/{id}/attendance`
pub async fn attendance(meeting_id: &str) -> Result<Vec<AttendanceRecord>, ApiFailure> {
    get_json(&format!("/api/meetings/{}/attendance", enc(meeting_id))).await
}

/// `PUT /api/meetings/{id}/attendance`
pub async fn update_attendance(
    meeting_id: &str,
    update: &AttendanceUpdate,
) -> Result<Vec<AttendanceRecord>, ApiFailure> {
    put_json(&format!("/api/meetings/{}/attendance", enc(meeting_id)), update).await
}

/// `GET /api/meetings/{id}/attendance/changes`
pub async fn attendance_changes(meeting_id: &str) -> Result<Vec<AttendanceChange>, ApiFailure> {
    get_json(&format!("/api/meetings/{}/attendance/changes", enc(meeting_id))).await
}

/// `GET /api/meetings/{id}/check-in-code`; `None` when none has been made.
pub async fn check_in_code(meeting_id: &str) -> Result<Option<CheckInCode>, ApiFailure> {
    match get_json(&format!("/api/meetings/{}/check-in-code", enc(meeting_id))).await {
        Ok(code) => Ok(Some(code)),
        Err(failure) if failure.status() == Some(404) && failure.code() == Some("not_found") => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// `POST /api/meetings/{id}/check-in-code`: make (or remake) the code.
pub async fn create_check_in_code(meeting_id: &str) -> Result<CheckInCode, ApiFailure> {
    post_empty(&format!("/api/meetings/{}/check-in-code", enc(meeting_id))).await
}

/// `POST /api/check-in`
pub async fn check_in(code: String) -> Result<CheckedIn, ApiFailure> {
    post_json("/api/check-in", &CheckInRequest { code }).await
}

// --- The annual obligation ---

/// `GET /api/me/obligation?year=`: mine, in every municipality where I am a GP.
pub async fn my_obligation(year: Option<i64>) -> Result<Vec<ObligationStatus>, ApiFailure> {
    let query = year.map(|y| format!("?year={y}")).unwrap_or_default();
    get_json(&format!("/api/me/obligation{query}")).await
}

/// `GET /api/municipalities/{id}/obligation?year=`
pub async fn municipality_obligation(municipality_id: &str, year: i64) -> Result<Vec<ObligationStatus>, ApiFailure> {
    get_json(&format!("/api/municipalities/{}/obligation?year={year}", enc(municipality_id))).await
}

/// `POST /api/municipalities/{id}/obligation/exemptions`
pub async fn exempt(municipality_id: &str, input: &ExemptionInput) -> Result<(), ApiFailure> {
    post_json(&format!("/api/municipalities/{}/obligation/exemptions", enc(municipality_id)), input).await
}

/// `DELETE /api/municipalities/{id}/obligation/exemptions/{person_id}/{year}`
pub async fn remove_exemption(municipality_id: &str, person_id: &str, year: i64) -> Result<(), ApiFailure> {
    delete(&format!("/api/municipalities/{}/obligation/exemptions/{}/{year}", enc(municipality_id), enc(person_id)))
        .await
}

// --- Participation ---

/// The period and filters of a participation report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    /// ISO date.
    pub from: String,
    /// ISO date.
    pub to: String,
    pub body: Option<String>,
    /// A meeting kind's wire name.
    pub kind: Option<String>,
}

impl ReportQuery {
    /// The query string, without the `?`; empty values are left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("from", Some(&self.from)),
            ("to", Some(&self.to)),
            ("body", self.body.as_ref()),
            ("kind", self.kind.as_ref()),
        ] {
            if let Some(value) = value.map(|v| v.trim()).filter(|v| !v.is_empty()) {
                parts.push(format!("{name}={}", enc(value)));
            }
        }
        parts.join("&")
    }
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() { path } else { format!("{path}?{query}") }
}

/// `GET /api/municipalities/{id}/participation?…`
pub async fn participation(municipality_id: &str, query: &ReportQuery) -> Result<Participation, ApiFailure> {
    get_json(&participation_url(municipality_id, query, "")).await
}

/// The report's URL; `extension` is `""`, `".csv"` or `".xlsx"` (for the download links).
pub fn participation_url(municipality_id: &str, query: &ReportQuery, extension: &str) -> String {
    with_query(
        format!("/api/municipalities/{}/participation{extension}", enc(municipality_id)),
        &query.to_query_string(),
    )
}

/// `GET /api/participation/comparison?year=`: rates of every municipality, no names.
pub async fn comparison(year: i64) -> Result<Vec<RateRow>, ApiFailure> {
    get_json(&format!("/api/participation/comparison?year={year}")).await
}

// --- Compensation ---

/// `GET /api/municipalities/{id}/rates`
pub async fn rates(municipality_id: &str) -> Result<Vec<RatePeriod>, ApiFailure> {
    get_json(&format!("/api/municipalities/{}/rates", enc(municipality_id))).await
}

/// `POST /api/municipalities/{id}/rates`
pub async fn add_rate(municipality_id: &str, input: &RatePeriodInput) -> Result<RatePeriod, ApiFailure> {
    post_json(&format!("/api/municipalities/{}/rates", enc(municipality_id)), input).await
}

/// `DELETE /api/municipalities/{id}/rates/{rate_id}`
pub async fn delete_rate(municipality_id: &str, rate_id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/municipalities/{}/rates/{}", enc(municipality_id), enc(rate_id))).await
}

fn period_query(from: &str, to: &str) -> String {
    format!("from={}&to={}", enc(from), enc(to))
}

/// `GET /api/me/compensation?from=&to=`: mine, one statement per municipality where I am a GP.
pub async fn my_compensation(from: &str, to: &str) -> Result<Vec<CompensationStatement>, ApiFailure> {
    get_json(&format!("/api/me/compensation?{}", period_query(from, to))).await
}

/// `GET /api/municipalities/{id}/compensation?from=&to=`
pub async fn municipality_compensation(
    municipality_id: &str,
    from: &str,
    to: &str,
) -> Result<CompensationStatement, ApiFailure> {
    get_json(&payroll_url(municipality_id, from, to, "")).await
}

/// The municipality statement's URL; `extension` is `""`, `".csv"` or `".xlsx"` (the payroll exports).
pub fn payroll_url(municipality_id: &str, from: &str, to: &str, extension: &str) -> String {
    format!("/api/municipalities/{}/compensation{extension}?{}", enc(municipality_id), period_query(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_queries_leave_out_empty_filters_and_exports_share_them() {
        let query =
            ReportQuery { from: "2025-01-01".into(), to: "2025-12-31".into(), body: None, kind: Some(String::new()) };
        assert_eq!(query.to_query_string(), "from=2025-01-01&to=2025-12-31");
        let query = ReportQuery { body: Some("b 1".into()), kind: Some("course".into()), ..query };
        assert_eq!(
            participation_url("m1", &query, ".xlsx"),
            "/api/municipalities/m1/participation.xlsx?from=2025-01-01&to=2025-12-31&body=b%201&kind=course"
        );
        assert_eq!(participation_url("m1", &ReportQuery::default(), ""), "/api/municipalities/m1/participation");
        assert_eq!(
            payroll_url("m1", "2025-01-01", "2025-06-30", ".csv"),
            "/api/municipalities/m1/compensation.csv?from=2025-01-01&to=2025-06-30"
        );
    }
}
