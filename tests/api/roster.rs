//! Importing the GP roster from CSV and XLSX: preview, import, re-import, and bad files.

use legeting_shared::ErrorBody;
use legeting_shared::people::{Office, Person, Role};
use legeting_shared::roster::{RosterPreview, RowAction};
use legeting_tests::{Session, TestApp, spawn_app};

/// A roster workbook as a municipality would export it: Norwegian headers, HPR numbers as numbers.
fn roster_xlsx(rows: &[(&str, &str, f64, &str, &str, f64)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let headers = ["Navn", "E-post", "HPR-nummer", "Legekontor", "Spesialist", "Listelengde"];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string(0, u16::try_from(column).expect("few columns"), *header).expect("writes");
    }
    for (index, (name, email, hpr, office, specialist, list)) in rows.iter().enumerate() {
        let row = u32::try_from(index + 1).expect("few rows");
        sheet.write_string(row, 0, *name).expect("writes");
        sheet.write_string(row, 1, *email).expect("writes");
        sheet.write_number(row, 2, *hpr).expect("writes");
        sheet.write_string(row, 3, *office).expect("writes");
        sheet.write_string(row, 4, *specialist).expect("writes");
        sheet.write_number(row, 5, *list).expect("writes");
    }
    workbook.save_to_buffer().expect("an XLSX file")
}

async fn upload(
    admin: &Session,
    app: &TestApp,
    municipality: &str,
    action: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let token = admin.csrf_token().await;
    admin
        .client
        .post(app.url(&format!("/api/municipalities/{municipality}/roster/{action}?file_name={file_name}")))
        .header("x-csrf-token", token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("answers")
}

async fn people(admin: &Session, municipality: &str) -> Vec<Person> {
    admin.get(&format!("/api/municipalities/{municipality}/people?role=gp")).await.json().await.expect("people")
}

#[tokio::test]
async fn an_xlsx_roster_is_previewed_then_imported_and_a_reimport_changes_nothing() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let file = roster_xlsx(&[
        ("Kari Nordmann", "kari@sandvika.test", 1234567.0, "Sandvika legesenter", "ja", 1100.0),
        ("Ola Hansen", "ola@sandvika.test", 2345678.0, "Sandvika legesenter", "nei", 900.0),
        ("Berit Berg", "berit@bekkestua.test", 3456789.0, "Bekkestua legekontor", "ja", 1250.0),
    ]);

    let response = upload(&admin, &app, &municipality, "preview", "fastleger.xlsx", file.clone()).await;
    assert_eq!(response.status(), 200);
    let preview: RosterPreview = response.json().await.expect("a preview");
    assert_eq!((preview.created, preview.updated, preview.unchanged, preview.rejected), (3, 0, 0, 0));
    assert_eq!(preview.new_offices, vec!["Bekkestua legekontor", "Sandvika legesenter"]);
    assert!(!preview.applied);
    assert!(people(&admin, &municipality).await.is_empty(), "a preview writes nothing");

    let result: RosterPreview = upload(&admin, &app, &municipality, "import", "fastleger.xlsx", file.clone())
        .await
        .json()
        .await
        .expect("result");
    assert!(result.applied);
    let gps = people(&admin, &municipality).await;
    assert_eq!(gps.len(), 3);
    let kari = gps.iter().find(|p| p.email == "kari@sandvika.test").expect("Kari");
    assert_eq!((kari.hpr_number.as_deref(), kari.specialist, kari.list_size), (Some("1234567"), true, Some(1100)));
    assert_eq!(kari.office_name.as_deref(), Some("Sandvika legesenter"));
    assert_eq!(kari.roles, vec![Role::Gp]);
    let offices: Vec<Office> =
        admin.get(&format!("/api/municipalities/{municipality}/offices")).await.json().await.expect("offices");
    assert_eq!(
        offices.iter().map(|o| (o.name.as_str(), o.gp_count)).collect::<Vec<_>>(),
        vec![("Bekkestua legekontor", 1), ("Sandvika legesenter", 2)]
    );

    let again: RosterPreview =
        upload(&admin, &app, &municipality, "import", "fastleger.xlsx", file).await.json().await.expect("result");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(people(&admin, &municipality).await.len(), 3);
}

#[tokio::test]
async fn a_changed_row_is_matched_by_hpr_number_and_updated() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let first =
        roster_xlsx(&[("Kari Nordmann", "kari@sandvika.test", 1234567.0, "Sandvika legesenter", "nei", 1100.0)]);
    upload(&admin, &app, &municipality, "import", "a.xlsx", first).await;
    // Kari changed e-mail address, became a specialist and grew her list.
    let second = roster_xlsx(&[(
        "Kari Nordmann",
        "kari.nordmann@sandvika.test",
        1234567.0,
        "Sandvika legesenter",
        "ja",
        1300.0,
    )]);
    let preview: RosterPreview =
        upload(&admin, &app, &municipality, "preview", "a.xlsx", second.clone()).await.json().await.expect("preview");
    assert_eq!(preview.rows[0].action, RowAction::Update);
    assert_eq!(preview.rows[0].changes, vec!["email", "specialist", "list_size"]);
    upload(&admin, &app, &municipality, "import", "a.xlsx", second).await;
    let gps = people(&admin, &municipality).await;
    assert_eq!(gps.len(), 1);
    assert_eq!(
        (gps[0].email.as_str(), gps[0].specialist, gps[0].list_size),
        ("kari.nordmann@sandvika.test", true, Some(1300))
    );
}

#[tokio::test]
async fn rows_with_errors_are_shown_and_block_the_import_unless_skipped() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let csv = "Navn;E-post;HPR-nummer;Listelengde\nKari Nordmann;kari@sandvika.test;1234567;1100\nOla Hansen;ikke-en-epost;2345678;mange\nBerit Berg;kari@sandvika.test;3456789;900\n";

    let preview: RosterPreview =
        upload(&admin, &app, &municipality, "preview", "liste.csv", csv.into()).await.json().await.expect("preview");
    assert_eq!((preview.created, preview.rejected), (1, 2));
    let ola = preview.rows.iter().find(|r| r.line == 3).expect("line 3");
    assert_eq!(ola.action, RowAction::Reject);
    let codes: Vec<&str> = ola.problems.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, vec!["invalid_email", "invalid_number"]);
    let berit = preview.rows.iter().find(|r| r.line == 4).expect("line 4");
    assert_eq!(berit.problems[0].code, "duplicate_in_file");

    let refused = upload(&admin, &app, &municipality, "import", "liste.csv", csv.into()).await;
    assert_eq!(refused.status(), 422);
    let body: ErrorBody = refused.json().await.expect("error shape");
    assert_eq!(body.error.code, "rows_rejected");
    assert!(people(&admin, &municipality).await.is_empty(), "nothing was imported");

    let token = admin.csrf_token().await;
    let skipped: RosterPreview = admin
        .client
        .post(
            app.url(&format!("/api/municipalities/{municipality}/roster/import?file_name=liste.csv&skip_invalid=true")),
        )
        .header("x-csrf-token", token)
        .body(csv)
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("result");
    assert!(skipped.applied);
    assert_eq!(people(&admin, &municipality).await.len(), 1);
}

#[tokio::test]
async fn bad_files_get_a_clear_error_and_change_nothing() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("liste.csv", b"Fornavn;Telefon\nKari;91234567\n".to_vec(), 422, "missing_columns"),
        ("liste.pdf", b"%PDF-1.4".to_vec(), 422, "unsupported_format"),
        ("liste.xlsx", b"this is not a workbook".to_vec(), 422, "unreadable"),
        ("liste.csv", b"Navn;E-post\n".to_vec(), 422, "empty"),
        ("liste.csv", vec![b'x'; app.config.max_body_bytes + 1], 413, "payload_too_large"),
    ];
    for (name, bytes, status, code) in cases {
        let response = upload(&admin, &app, &municipality, "import", name, bytes).await;
        assert_eq!(response.status(), status, "{name} {code}");
        let body: ErrorBody = response.json().await.expect("error shape");
        assert_eq!(body.error.code, code, "{name}");
    }
    assert!(people(&admin, &municipality).await.is_empty());
    let offices: Vec<Office> =
        admin.get(&format!("/api/municipalities/{municipality}/offices")).await.json().await.expect("offices");
    assert!(offices.is_empty());
}

#[tokio::test]
async fn a_gp_cannot_import_a_roster() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Kari Lege", "kari@lege.test", &[Role::Gp]).await;
    let gp = app.signed_in("kari@lege.test").await;
    let csv = "Navn;E-post\nOla;ola@x.test\n";
    assert_eq!(upload(&gp, &app, &municipality, "preview", "a.csv", csv.into()).await.status(), 403);
}
