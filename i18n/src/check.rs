//! The catalogue check, shared by the build script (which fails the build) and the crate's tests: every Fluent
//! file parses without errors, every message exists in every language, and each message takes the same
//! variables in every language. Only `std` and `fluent-syntax`, so `build.rs` can include this file as it is.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

/// What one message (or term, its id starting with `-`) of one file needs: the variables it uses and the
/// messages and terms it refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub variables: BTreeSet<String>,
    pub references: BTreeSet<String>,
    /// The line of the file where the entry starts (1-based), for error messages.
    pub line: usize,
}

/// The entries of one Fluent file, by id, in the order of the file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub order: Vec<String>,
    pub entries: BTreeMap<String, Entry>,
}

/// The 1-based line of byte offset `at` in `source`.
fn line_of(source: &str, at: usize) -> usize {
    source.get(..at).unwrap_or(source).matches('\n').count() + 1
}

/// Parse one Fluent file (`label` names it in errors): what it holds, and its problems (syntax errors, duplicate
/// ids, messages without a value, references to nothing). What parsed is returned even with problems, so the
/// comparison between languages can still run.
pub fn parse(label: &str, source: &str) -> (Parsed, Vec<String>) {
    let mut problems = Vec::new();
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for error in errors {
                problems.push(format!("{label}:{}: syntax error: {:?}", line_of(source, error.pos.start), error.kind));
            }
            resource
        }
    };
    let mut parsed = Parsed::default();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(message) => {
                if message.value.is_none() {
                    problems.push(format!("{label}: message `{}` has no value", message.id.name));
                }
                (message.id.name.to_owned(), message.value.as_ref(), &message.attributes)
            }
            ast::Entry::Term(term) => (format!("-{}", term.id.name), Some(&term.value), &term.attributes),
            ast::Entry::Junk { content } => {
                problems.push(format!("{label}: cannot read `{}`", content.trim()));
                continue;
            }
            ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => continue,
        };
        let mut found = Entry::default();
        if let Some(offset) = source.find(&format!("\n{id} =")) {
            found.line = line_of(source, offset + 1);
        }
        for pattern in value.into_iter().chain(attributes.iter().map(|attribute| &attribute.value)) {
            walk_pattern(pattern, &mut found);
        }
        if parsed.entries.insert(id.clone(), found).is_some() {
            problems.push(format!("{label}: `{id}` is defined twice"));
        } else {
            parsed.order.push(id);
        }
    }
    for (id, entry) in &parsed.entries {
        for reference in &entry.references {
            if !parsed.entries.contains_key(reference) {
                problems.push(format!("{label}: `{id}` refers to `{reference}`, which does not exist"));
            }
        }
    }
    (parsed, problems)
}

fn walk_pattern(pattern: &ast::Pattern<&str>, found: &mut Entry) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, found);
        }
    }
}

fn walk_expression(expression: &ast::Expression<&str>, found: &mut Entry) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, found);
            for variant in variants {
                walk_pattern(&variant.value, found);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, found),
    }
}

fn walk_inline(inline: &ast::InlineExpression<&str>, found: &mut Entry) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            found.references.insert(id.name.to_owned());
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            found.references.insert(format!("-{}", id.name));
            if let Some(arguments) = arguments {
                walk_arguments(arguments, found);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => walk_arguments(arguments, found),
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, found),
        ast::InlineExpression::StringLiteral { .. } | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn walk_arguments(arguments: &ast::CallArguments<&str>, found: &mut Entry) {
    for argument in &arguments.positional {
        walk_inline(argument, found);
    }
    for named in &arguments.named {
        walk_inline(&named.value, found);
    }
}

/// Compare the files of one catalogue (`files`: language tag and parsed file, the reference language first):
/// every message of any language must exist in all, with the same variables. Terms (`-id`) are each
/// language's own and are not compared.
pub fn compare(catalogue: &str, files: &[(&str, &Parsed)]) -> Vec<String> {
    let mut problems = Vec::new();
    let messages = |parsed: &Parsed| -> BTreeSet<String> {
        parsed.entries.keys().filter(|id| !id.starts_with('-')).cloned().collect()
    };
    let all: BTreeSet<String> = files.iter().flat_map(|(_, parsed)| messages(parsed)).collect();
    for id in &all {
        let present: Vec<(&str, &Entry)> =
            files.iter().filter_map(|(tag, parsed)| parsed.entries.get(id).map(|entry| (*tag, entry))).collect();
        for (tag, _) in files.iter().filter(|(_, parsed)| !parsed.entries.contains_key(id)) {
            problems.push(format!("{catalogue}: `{id}` is missing in {tag}"));
        }
        if let Some((first_tag, first)) = present.first() {
            for (tag, entry) in &present[1..] {
                if entry.variables != first.variables {
                    problems.push(format!(
                        "{catalogue}: `{id}` takes {:?} in {first_tag} but {:?} in {tag}",
                        first.variables, entry.variables
                    ));
                }
            }
        }
    }
    problems
}

/// `app-name` → `AppName`: the Rust name of a message id.
pub fn rust_name(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}
