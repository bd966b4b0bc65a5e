//! Typed calls for attendance, check-in, the annual obligation, participation analytics and compensation.

use legeting_shared::api::analytics::{self as analytics_api, ComparisonQuery};
use legeting_shared::api::attendance::{self as api, YearQuery};
use legeting_shared::api::compensation::{self as compensation_api, PeriodQuery};
use legeting_shared::api::{Endpoint, NoQuery};
use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::{
    AttendanceChange, AttendanceRecord, AttendanceUpdate, CheckInCode, CheckInRequest, CheckedIn,
    CompensationStatement, ExemptionInput, ObligationStatus, Participation, RatePeriod, RatePeriodInput, RateRow,
};
use legeting_shared::{MeetingId, MunicipalityId, PersonId, RatePeriodId};

use super::{ApiFailure, call};

// --- Attendance and check-in ---

pub async fn attendance(meeting_id: &str) -> Result<Vec<AttendanceRecord>, ApiFailure> {
    call::<api::AttendanceSheet>(&MeetingId::from(meeting_id), &NoQuery {}, &()).await
}

pub async fn update_attendance(
    meeting_id: &str,
    update: &AttendanceUpdate,
) -> Result<Vec<AttendanceRecord>, ApiFailure> {
    call::<api::UpdateAttendance>(&MeetingId::from(meeting_id), &NoQuery {}, update).await
}

pub async fn attendance_changes(meeting_id: &str) -> Result<Vec<AttendanceChange>, ApiFailure> {
    call::<api::AttendanceTrail>(&MeetingId::from(meeting_id), &NoQuery {}, &()).await
}

/// `None` when no code has been made.
pub async fn check_in_code(meeting_id: &str) -> Result<Option<CheckInCode>, ApiFailure> {
    match call::<api::CheckInCode>(&MeetingId::from(meeting_id), &NoQuery {}, &()).await {
        Ok(code) => Ok(Some(code)),
        Err(failure) if failure.status() == Some(404) && failure.code() == Some("not_found") => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// Make (or remake) the code.
pub async fn create_check_in_code(meeting_id: &str) -> Result<CheckInCode, ApiFailure> {
    call::<api::CreateCheckInCode>(&MeetingId::from(meeting_id), &NoQuery {}, &()).await
}

pub async fn check_in(code: String) -> Result<CheckedIn, ApiFailure> {
    call::<api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code }).await
}

// --- The annual obligation ---

/// Mine, in every municipality where I am a GP.
pub async fn my_obligation(year: Option<i64>) -> Result<Vec<ObligationStatus>, ApiFailure> {
    call::<api::MyObligation>(&(), &YearQuery { year }, &()).await
}

pub async fn municipality_obligation(municipality_id: &str, year: i64) -> Result<Vec<ObligationStatus>, ApiFailure> {
    call::<api::MunicipalityObligation>(&MunicipalityId::from(municipality_id), &YearQuery { year: Some(year) }, &())
        .await
}

pub async fn exempt(municipality_id: &str, input: &ExemptionInput) -> Result<(), ApiFailure> {
    call::<api::Exempt>(&MunicipalityId::from(municipality_id), &NoQuery {}, input).await
}

pub async fn remove_exemption(municipality_id: &str, person_id: &str, year: i64) -> Result<(), ApiFailure> {
    let params = (MunicipalityId::from(municipality_id), PersonId::from(person_id), year);
    call::<api::RemoveExemption>(&params, &NoQuery {}, &()).await
}

// --- Participation ---

/// The period and filters of a participation report, as the report page holds them.
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
    /// The query the endpoints take: empty values left out.
    pub fn to_query(&self) -> analytics_api::ReportQuery {
        let given = |value: Option<&String>| value.map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned);
        analytics_api::ReportQuery {
            from: given(Some(&self.from)),
            to: given(Some(&self.to)),
            body: given(self.body.as_ref()),
            kind: self.kind.as_deref().and_then(MeetingKind::parse),
        }
    }
}

pub async fn participation(municipality_id: &str, query: &ReportQuery) -> Result<Participation, ApiFailure> {
    call::<analytics_api::GetParticipation>(&MunicipalityId::from(municipality_id), &query.to_query(), &()).await
}

/// The report's URL; `extension` is `""`, `".csv"` or `".xlsx"` (for the download links).
pub fn participation_url(municipality_id: &str, query: &ReportQuery, extension: &str) -> String {
    let id = MunicipalityId::from(municipality_id);
    let query = query.to_query();
    match extension {
        ".csv" => analytics_api::ParticipationCsv::uri(&id, &query),
        ".xlsx" => analytics_api::ParticipationXlsx::uri(&id, &query),
        _ => analytics_api::GetParticipation::uri(&id, &query),
    }
}

/// Rates of every municipality, no names.
pub async fn comparison(year: i64) -> Result<Vec<RateRow>, ApiFailure> {
    call::<analytics_api::Comparison>(&(), &ComparisonQuery { year: Some(year) }, &()).await
}

// --- Compensation ---

pub async fn rates(municipality_id: &str) -> Result<Vec<RatePeriod>, ApiFailure> {
    call::<compensation_api::ListRates>(&MunicipalityId::from(municipality_id), &NoQuery {}, &()).await
}

pub async fn add_rate(municipality_id: &str, input: &RatePeriodInput) -> Result<RatePeriod, ApiFailure> {
    call::<compensation_api::AddRate>(&MunicipalityId::from(municipality_id), &NoQuery {}, input).await
}

pub async fn delete_rate(municipality_id: &str, rate_id: &str) -> Result<(), ApiFailure> {
    let params = (MunicipalityId::from(municipality_id), RatePeriodId::from(rate_id));
    call::<compensation_api::DeleteRate>(&params, &NoQuery {}, &()).await
}

fn period(from: &str, to: &str) -> PeriodQuery {
    PeriodQuery { from: from.to_owned(), to: to.to_owned() }
}

/// Mine, one statement per municipality where I am a GP.
pub async fn my_compensation(from: &str, to: &str) -> Result<Vec<CompensationStatement>, ApiFailure> {
    call::<compensation_api::MyCompensation>(&(), &period(from, to), &()).await
}

pub async fn municipality_compensation(
    municipality_id: &str,
    from: &str,
    to: &str,
) -> Result<CompensationStatement, ApiFailure> {
    call::<compensation_api::MunicipalityCompensation>(&MunicipalityId::from(municipality_id), &period(from, to), &())
        .await
}

/// The municipality statement's URL; `extension` is `""`, `".csv"` or `".xlsx"` (the payroll exports).
pub fn payroll_url(municipality_id: &str, from: &str, to: &str, extension: &str) -> String {
    let id = MunicipalityId::from(municipality_id);
    let query = period(from, to);
    match extension {
        ".csv" => compensation_api::PayrollCsv::uri(&id, &query),
        ".xlsx" => compensation_api::PayrollXlsx::uri(&id, &query),
        _ => compensation_api::MunicipalityCompensation::uri(&id, &query),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_queries_leave_out_empty_filters_and_exports_share_them() {
        let query =
            ReportQuery { from: "2025-01-01".into(), to: "2025-12-31".into(), body: None, kind: Some(String::new()) };
        assert_eq!(
            participation_url("m1", &query, ""),
            "/api/municipalities/m1/participation?from=2025-01-01&to=2025-12-31"
        );
        let query = ReportQuery { body: Some("b 1".into()), kind: Some("course".into()), ..query };
        assert_eq!(
            participation_url("m1", &query, ".xlsx"),
            "/api/municipalities/m1/participation.xlsx?from=2025-01-01&to=2025-12-31&body=b+1&kind=course"
        );
        assert_eq!(participation_url("m1", &ReportQuery::default(), ""), "/api/municipalities/m1/participation");
        assert_eq!(
            payroll_url("m1", "2025-01-01", "2025-06-30", ".csv"),
            "/api/municipalities/m1/compensation.csv?from=2025-01-01&to=2025-06-30"
        );
    }
}
