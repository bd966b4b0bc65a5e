//! Every SQL statement of the server, prepared on this run's database (SQLite, or PostgreSQL with
//! `LEGETING_TEST_DATABASE=postgres`): a statement that names a missing table or column, or that one of the two
//! databases cannot parse, fails here instead of in the one request that runs it. It recovers part of what
//! compile-time checked queries would give, without tying the queries to one database.
//!
//! The statements are read from `server/src` (see `legeting_tests::source`): every string literal that begins
//! with `SELECT`, `INSERT`, `UPDATE`, `DELETE` or `WITH`, and every `format!` template of SQL, prepared once
//! for each combination of the values its placeholders can take. A placeholder is resolved from a `const`,
//! `static` or `let` of that name (each string literal of its initializer is one value: `let lock = if … {
//! " FOR UPDATE SKIP LOCKED" } else { "" }` gives two), first in the same file, then anywhere in `server/src`;
//! a positional argument that calls a function takes the string literals of that function's body. A template
//! whose placeholders cannot be resolved fails the test, so a new way of building SQL has to be taught here.

use std::collections::BTreeMap;

use legeting_shared::DatabaseKind;
use legeting_tests::source::{Spanned, Token, rust_files, server_source, tokens};
use legeting_tests::{database_kind, spawn_app};
use sqlx::Executor;

/// How a literal must begin to be a statement of its own.
const STATEMENT_STARTS: &[&str] = &["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH "];

/// Words that make a `format!` template SQL even when it begins with a placeholder (`"{COLUMNS} WHERE …"`).
const SQL_WORDS: &[&str] = &[" WHERE ", " VALUES ", " FROM ", " ORDER BY "];

/// Text that only PostgreSQL understands, and why the server never sends it to SQLite.
const POSTGRES_ONLY: &[(&str, &str)] = &[
    ("pg_notify(", "sent only when `Database::kind()` is PostgreSQL (live rooms across instances)"),
    ("FOR UPDATE SKIP LOCKED", "the outbox claim adds it only on PostgreSQL"),
];

/// Templates whose statements the server generates rather than joins from constants, and how they are
/// covered instead.
const GENERATED: &[(&str, &str, &str)] = &[(
    "demo/store.rs",
    "{} VALUES {}",
    "the demo's multi-row inserts: each `INSERT INTO table (columns)` head of `Table::insert_into` is prepared \
     with one row of placeholders",
)];

/// One statement to prepare, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    place: String,
    sql: String,
}

#[tokio::test]
async fn every_sql_statement_of_the_server_prepares_on_this_database() {
    let app = spawn_app().await;
    let kind = database_kind();
    let (statements, unresolved) = server_statements();
    assert!(
        unresolved.is_empty(),
        "SQL templates this test cannot expand (teach it, or add them to GENERATED):\n{}",
        unresolved.join("\n")
    );

    let mut connection = app.state.database.pool().acquire().await.expect("a connection");
    let mut failures = Vec::new();
    let mut prepared = 0;
    for statement in &statements {
        let postgres_only = POSTGRES_ONLY.iter().any(|(marker, _)| statement.sql.contains(marker));
        if postgres_only && kind == DatabaseKind::Sqlite {
            continue;
        }
        match (&mut *connection).prepare(statement.sql.as_str()).await {
            Ok(_) => prepared += 1,
            Err(error) if parameter_type_left_open(&error) => prepared += 1,
            Err(error) => failures.push(format!("{}: {error}\n    {}", statement.place, statement.sql)),
        }
    }
    println!("{prepared} statements prepared on {kind:?}");
    assert!(failures.is_empty(), "{} statements do not prepare on {kind:?}:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn a_statement_naming_a_missing_column_or_table_does_not_prepare() {
    let app = spawn_app().await;
    let mut connection = app.state.database.pool().acquire().await.expect("a connection");
    for sql in [
        "SELECT no_such_column FROM people",
        "SELECT id FROM no_such_table",
        "UPDATE people SET nope = $1",
        // A parameter PostgreSQL cannot type does not hide the missing column.
        "SELECT id FROM people WHERE ($1 IS NULL OR no_such_column = $1) AND ($2 IS NULL OR name = $2)",
    ] {
        match (&mut *connection).prepare(sql).await {
            Ok(_) => panic!("{sql} prepared on {:?}", database_kind()),
            Err(error) => assert!(!parameter_type_left_open(&error), "{sql}: {error}"),
        }
    }
}

#[test]
fn every_file_that_runs_sql_has_its_statements_found() {
    let (statements, _) = server_statements();
    for file in rust_files(&server_source()) {
        let text = std::fs::read_to_string(&file).expect("readable");
        let name = relative_name(&file);
        if text.contains("sqlx::query") {
            assert!(
                statements.iter().any(|statement| statement.place.starts_with(&format!("{name}:"))),
                "{name} runs SQL, but no statement of it was found"
            );
        }
    }
}

#[test]
fn templates_are_expanded_with_every_value_of_their_placeholders() {
    let code = r#"
        const COLUMNS: &str = "id, name";
        fn audience(all: bool) -> &'static str { if all { "FROM people" } else { "FROM people WHERE active = 1" } }
        async fn f(only: bool) {
            let filter = if only { " AND id = $1" } else { "" };
            sqlx::query(&format!("SELECT {COLUMNS} {} ORDER BY name{filter}", audience(true)));
            sqlx::query("DELETE FROM people WHERE id = $1");
            let _ = format!("hello {name}");
        }
    "#;
    let (statements, unresolved) = statements_of("x.rs", &tokens(code), &BTreeMap::new());
    assert!(unresolved.is_empty(), "{unresolved:?}");
    let sql: Vec<&str> = statements.iter().map(|statement| statement.sql.as_str()).collect();
    assert_eq!(
        sql,
        [
            "SELECT id, name FROM people ORDER BY name AND id = $1",
            "SELECT id, name FROM people ORDER BY name",
            "SELECT id, name FROM people WHERE active = 1 ORDER BY name AND id = $1",
            "SELECT id, name FROM people WHERE active = 1 ORDER BY name",
            "DELETE FROM people WHERE id = $1",
        ]
    );
    let (_, unresolved) = statements_of("x.rs", &tokens(r#"format!("SELECT {missing} FROM t")"#), &BTreeMap::new());
    assert_eq!(unresolved.len(), 1);
}

/// PostgreSQL cannot always tell a parameter's type without the value (`$2 IS NULL OR …`: 42P08 ambiguous
/// parameter, 42P18 indeterminate type); the `Any` driver sends the types only when it runs the statement with
/// values. Parsing and name resolution come first, so a missing table or column still fails with its own error.
fn parameter_type_left_open(error: &sqlx::Error) -> bool {
    error.as_database_error().and_then(|error| error.code()).is_some_and(|code| code == "42P08" || code == "42P18")
}

/// Every statement of `server/src`, and the templates that could not be expanded.
fn server_statements() -> (Vec<Statement>, Vec<String>) {
    let files: Vec<(String, Vec<Spanned>)> = rust_files(&server_source())
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            (relative_name(&file), tokens(&text))
        })
        .collect();
    let mut constants = BTreeMap::new();
    for (_, tokens) in &files {
        for (name, values) in definitions(tokens, &["const", "static"]) {
            constants.entry(name).or_insert(values);
        }
    }
    let mut statements = Vec::new();
    let mut unresolved = Vec::new();
    for (name, tokens) in &files {
        let (found, not_expanded) = statements_of(name, tokens, &constants);
        statements.extend(found);
        unresolved.extend(not_expanded);
    }
    (statements, unresolved)
}

fn relative_name(file: &std::path::Path) -> String {
    file.strip_prefix(server_source()).expect("below server/src").to_string_lossy().replace('\\', "/")
}

/// The statements of one file (`tokens`), with `constants` from every file for placeholders defined elsewhere.
fn statements_of(
    file: &str,
    tokens: &[Spanned],
    constants: &BTreeMap<String, Vec<String>>,
) -> (Vec<Statement>, Vec<String>) {
    let local = definitions(tokens, &["const", "static", "let"]);
    let mut statements = Vec::new();
    let mut unresolved = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let Some(text) = token.string() else { continue };
        let place = format!("{file}:{}", token.line);
        let in_format = index >= 3
            && tokens[index - 3].is_ident("format")
            && tokens[index - 2].is_punct('!')
            && tokens[index - 1].is_punct('(');
        if in_format {
            if !(starts_statement(text) || SQL_WORDS.iter().any(|word| text.contains(word))) {
                continue;
            }
            if GENERATED.iter().any(|(generated_file, template, _)| *generated_file == file && *template == text) {
                continue;
            }
            let arguments = format_arguments(&tokens[index + 1..]);
            match expand(text, &arguments, tokens, &local, constants) {
                Ok(expansions) => statements.extend(
                    expansions
                        .into_iter()
                        .filter(|sql| starts_statement(sql))
                        .map(|sql| Statement { place: place.clone(), sql }),
                ),
                Err(placeholder) => unresolved.push(format!("{place}: {{{placeholder}}} in {text:?}")),
            }
        } else if starts_statement(text) {
            statements.push(Statement { place, sql: complete_insert_head(text) });
        }
    }
    (statements, unresolved)
}

fn starts_statement(sql: &str) -> bool {
    STATEMENT_STARTS.iter().any(|start| sql.trim_start().starts_with(start))
}

/// `INSERT INTO t (a, b)` alone (the demo's heads) gets `VALUES ($1, $2)`; anything else stays as it is.
fn complete_insert_head(sql: &str) -> String {
    let trimmed = sql.trim();
    let upper = trimmed.to_uppercase();
    if upper.starts_with("INSERT INTO ")
        && trimmed.ends_with(')')
        && !upper.contains(" VALUES")
        && !upper.contains("SELECT")
    {
        let columns = trimmed.rsplit_once('(').map_or(0, |(_, list)| list.split(',').count());
        let placeholders: Vec<String> = (1..=columns).map(|n| format!("${n}")).collect();
        return format!("{trimmed} VALUES ({})", placeholders.join(", "));
    }
    sql.to_owned()
}

/// `NAME` → the string literals of its initializer, for each `const NAME`, `static NAME` or `let NAME` (the
/// `keywords` given) in `tokens`.
fn definitions(tokens: &[Spanned], keywords: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (index, token) in tokens.iter().enumerate() {
        if !keywords.iter().any(|keyword| token.is_ident(keyword)) {
            continue;
        }
        let mut cursor = index + 1;
        if tokens.get(cursor).is_some_and(|t| t.is_ident("mut")) {
            cursor += 1;
        }
        let Some(name) = tokens.get(cursor).and_then(Spanned::ident) else { continue };
        let Some(equals) = tokens[cursor..].iter().position(|t| t.is_punct('=') || t.is_punct(';')) else { continue };
        if !tokens[cursor + equals].is_punct('=') {
            continue;
        }
        let mut depth = 0i32;
        let mut values = Vec::new();
        for token in &tokens[cursor + equals + 1..] {
            match &token.token {
                Token::Punct('(' | '{' | '[') => depth += 1,
                Token::Punct(')' | '}' | ']') => depth -= 1,
                Token::Punct(';') if depth == 0 => break,
                Token::Str(value) => values.push(value.clone()),
                _ => {}
            }
            if depth < 0 {
                break;
            }
        }
        if !values.is_empty() {
            found.entry(name.to_owned()).or_default().extend(values);
        }
    }
    found
}

/// The arguments of a `format!` after its template: the tokens between the commas, up to the closing `)`.
fn format_arguments(after_template: &[Spanned]) -> Vec<&[Spanned]> {
    let mut arguments = Vec::new();
    let mut depth = 0i32;
    let mut start = None;
    for (index, token) in after_template.iter().enumerate() {
        match &token.token {
            Token::Punct('(' | '{' | '[') => depth += 1,
            Token::Punct(')' | '}' | ']') if depth == 0 => {
                if let Some(start) = start {
                    arguments.push(&after_template[start..index]);
                }
                break;
            }
            Token::Punct(')' | '}' | ']') => depth -= 1,
            Token::Punct(',') if depth == 0 => {
                if let Some(start) = start {
                    arguments.push(&after_template[start..index]);
                }
                start = Some(index + 1);
            }
            _ => {}
        }
    }
    arguments.retain(|argument| !argument.is_empty());
    arguments
}

/// Every text `template` can become, or the first placeholder that cannot be resolved.
fn expand(
    template: &str,
    arguments: &[&[Spanned]],
    tokens: &[Spanned],
    local: &BTreeMap<String, Vec<String>>,
    constants: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut results = vec![String::new()];
    let mut positional = 0;
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{") {
            results.iter_mut().for_each(|result| result.push('{'));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("}}") {
            results.iter_mut().for_each(|result| result.push('}'));
            rest = after;
        } else if rest.starts_with('{') {
            let end = rest.find('}').ok_or_else(|| rest.to_owned())?;
            let placeholder = rest[1..end].split(':').next().unwrap_or_default().to_owned();
            let values = if placeholder.is_empty() {
                positional += 1;
                arguments.get(positional - 1).and_then(|argument| argument_values(argument, tokens, local, constants))
            } else {
                local.get(&placeholder).or_else(|| constants.get(&placeholder)).cloned()
            };
            let values = values.ok_or(placeholder)?;
            results =
                results.iter().flat_map(|result| values.iter().map(move |value| format!("{result}{value}"))).collect();
            rest = &rest[end + 1..];
        } else {
            let next = rest.find(['{', '}']).unwrap_or(rest.len()).max(1);
            results.iter_mut().for_each(|result| result.push_str(&rest[..next]));
            rest = &rest[next..];
        }
    }
    Ok(results)
}

/// The values of a positional `format!` argument: a name's definitions, or the string literals of the body of
/// the function it calls (`audience_from(audience)`, `table.insert_into()`).
fn argument_values(
    argument: &[Spanned],
    tokens: &[Spanned],
    local: &BTreeMap<String, Vec<String>>,
    constants: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    if let [single] = argument {
        let name = single.ident()?;
        return local.get(name).or_else(|| constants.get(name)).cloned();
    }
    let call = argument.iter().position(|token| token.is_punct('('))?;
    let function = argument[..call].iter().rev().find_map(Spanned::ident)?;
    let start = tokens.windows(2).position(|pair| pair[0].is_ident("fn") && pair[1].is_ident(function))?;
    let open = start + tokens[start..].iter().position(|token| token.is_punct('{'))?;
    let mut depth = 0;
    let mut values = Vec::new();
    for token in &tokens[open..] {
        match &token.token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Token::Str(value) => values.push(value.clone()),
            _ => {}
        }
    }
    (!values.is_empty()).then_some(values)
}
