//! Attendance sheets and their trail, check-in codes, and the annual meeting obligation.

use serde::{Deserialize, Serialize};

use crate::api::{Empty, Json};
use crate::ids::{MeetingId, MunicipalityId, PersonId};

/// The year to report; this year when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct YearQuery {
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i64>,
}

crate::api::endpoint! {
    "attendance";

    /// The attendance sheet: every invitee with their record (or none yet) and their answer to the notice.
    /// Organisers.
    AttendanceSheet = GET "/meetings/{id}/attendance", id "attendance_sheet",
        params MeetingId,
        reply Json<Vec<crate::participation::AttendanceRecord>>,
        status 200,
        errors [403, 404];
    /// Record attendance in bulk. Changing a status that was already recorded needs a correction reason, which
    /// the trail keeps. Only invitees can be recorded. Organisers, once the meeting has started.
    UpdateAttendance = PUT "/meetings/{id}/attendance", id "update_attendance",
        params MeetingId,
        body Json<crate::participation::AttendanceUpdate>,
        reply Json<Vec<crate::participation::AttendanceRecord>>,
        status 200,
        errors [403, 404, 409, 422];
    /// Every change to a meeting's attendance: who changed what, when and why. Organisers.
    AttendanceTrail = GET "/meetings/{id}/attendance/changes", id "attendance_trail",
        params MeetingId,
        reply Json<Vec<crate::participation::AttendanceChange>>,
        status 200,
        errors [403, 404];
    /// The meeting's check-in code and QR code, if made. Organisers.
    CheckInCode = GET "/meetings/{id}/check-in-code", id "check_in_code",
        params MeetingId,
        reply Json<crate::participation::CheckInCode>,
        status 200,
        errors [403, 404];
    /// Make (or remake) the check-in code: eight digits, valid from 30 minutes before the start to the end.
    /// Organisers.
    CreateCheckInCode = POST "/meetings/{id}/check-in-code", id "create_check_in_code",
        params MeetingId,
        reply Json<crate::participation::CheckInCode>,
        status 200,
        errors [403, 404, 409];
    /// Check in with the code shown in the room: records the caller as present in person, now. Only invitees
    /// and body members of a meeting whose code is valid right now. Ten wrong codes in a quarter of an hour stop
    /// further attempts by the person for a while (429).
    CheckIn = POST "/check-in", id "check_in",
        body Json<crate::participation::CheckInRequest>,
        reply Json<crate::participation::CheckedIn>,
        status 200,
        errors [401, 422, 429 "Too many wrong codes"];
    /// Every active GP's obligation in a municipality and year. Administrators, leaders and secretaries.
    MunicipalityObligation = GET "/municipalities/{id}/obligation", id "municipality_obligation",
        params MunicipalityId,
        query YearQuery,
        reply Json<Vec<crate::participation::ObligationStatus>>,
        status 200,
        errors [403, 404];
    /// My own obligation in every municipality where I am a GP.
    MyObligation = GET "/me/obligation", id "my_obligation",
        query YearQuery,
        reply Json<Vec<crate::participation::ObligationStatus>>,
        status 200,
        errors [401];
    /// Which meeting kinds count towards the obligation in a municipality. Any member.
    ObligationRules = GET "/municipalities/{id}/obligation/rules", id "obligation_rules",
        params MunicipalityId,
        reply Json<crate::participation::ObligationRules>,
        status 200,
        errors [404];
    /// Set which meeting kinds count towards the obligation. Administrators.
    SetObligationRules = PUT "/municipalities/{id}/obligation/rules", id "set_obligation_rules",
        params MunicipalityId,
        body Json<crate::participation::ObligationRules>,
        reply Json<crate::participation::ObligationRules>,
        status 200,
        errors [403, 404];
    /// Exempt a GP from the obligation for a year, with a reason. Administrators and leaders.
    Exempt = POST "/municipalities/{id}/obligation/exemptions", id "exempt",
        params MunicipalityId,
        body Json<crate::participation::ExemptionInput>,
        reply Empty,
        status 204,
        errors [403, 404, 422];
    /// Remove an exemption. Administrators and leaders.
    RemoveExemption = DELETE "/municipalities/{id}/obligation/exemptions/{person_id}/{year}", id "remove_exemption",
        params (MunicipalityId, PersonId, i64),
        reply Empty,
        status 204,
        errors [403, 404];
}
