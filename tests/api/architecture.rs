//! The server's layers: which top-level module of `server/src` may use which.
//!
//! [`LAYERS`] lists every top-level module (a folder such as `meetings/`, or a file such as `config.rs`) from
//! the bottom up. A module may use modules of lower layers only: never one of its own layer, never one above.
//! That keeps the graph of imports between domains free of cycles, so each domain can be read, tested and
//! changed knowing only what is below it.
//!
//! The test reads every `.rs` file of `server/src`, finds each path that leaves its top-level module
//! (`crate::people::store::…` in a `use` line or in code, `use crate::{a, b::c}` groups, `super::super::…`
//! that climbs out), and fails naming every import that points sideways or up, with its file and line, and
//! every cycle they make. A new top-level module must be placed in [`LAYERS`] first. Comments and string
//! literals are ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use legeting_tests::source::{Spanned, rust_files, server_source, tokens};

/// The layers, bottom first. A module may use the modules of the layers before its own, and no other.
const LAYERS: &[(&str, &[&str])] = &[
    ("settings", &["config"]),
    (
        "connections, logging and the error type: database, mail transport, `AppError`",
        &["db", "mail", "telemetry", "error"],
    ),
    ("files handed out, local time", &["download", "time"]),
    ("signing keys; the live rooms' hub and event log", &["keys", "hub"]),
    ("the application state", &["state"]),
    ("sessions, CSRF, tokens, rate limits, passwords", &["auth"]),
    (
        "routes registered through their declarations in `legeting_shared::api`, with their OpenAPI operations",
        &["endpoint"],
    ),
    ("the audit log", &["audit"]),
    ("the outbox: queue, worker, templates, notifications", &["outbox"]),
    ("attendance rollups, reports and exports", &["analytics"]),
    ("people, municipalities, offices, roles", &["people"]),
    ("bodies and their members", &["bodies"]),
    ("meetings, agenda, minutes", &["meetings"]),
    ("attendance and the annual obligation", &["attendance"]),
    (
        "features on top of meetings and people",
        &["calendar", "compensation", "digest", "letters", "live", "roster", "signin", "health", "backup"],
    ),
    ("installation tools: the demo, command-line administration", &["admin", "demo"]),
    ("the router", &["http"]),
    ("starting the server", &["startup"]),
    ("the command line", &["cli", "main"]),
];

/// Imports that still point up, each with the change that removes it. They are not counted as violations,
/// and the test fails when one of them is gone, so that its line here is deleted with it.
const PENDING: &[(&str, &str, &str)] = &[];

/// One path from one top-level module into another.
#[derive(Debug, Clone)]
struct Import {
    from: String,
    to: String,
    /// `meetings/routes.rs:23`
    place: String,
    file: String,
}

#[test]
fn no_module_of_the_server_uses_a_module_of_its_own_layer_or_above() {
    let source = server_source();
    let imports = imports_between_modules(&source);
    let rank = ranks();

    let modules = top_level_modules(&source);
    let unplaced: Vec<_> = modules.iter().filter(|module| !rank.contains_key(module.as_str())).collect();
    assert!(unplaced.is_empty(), "place these top-level modules of server/src in LAYERS: {unplaced:?}");
    let gone: Vec<_> = rank.keys().filter(|module| !modules.contains(**module)).collect();
    assert!(gone.is_empty(), "these modules in LAYERS no longer exist in server/src: {gone:?}");

    let strangers: Vec<String> = imports
        .iter()
        .filter(|import| !rank.contains_key(import.to.as_str()))
        .map(|import| format!("{} uses crate::{}", import.place, import.to))
        .collect();
    assert!(strangers.is_empty(), "paths to no top-level module of server/src (a bug of this test?): {strangers:?}");

    let is_pending = |import: &Import| PENDING.iter().any(|(file, to, _)| import.file == *file && import.to == *to);
    let upward: Vec<&Import> = imports
        .iter()
        .filter(|import| rank[import.to.as_str()] >= rank[import.from.as_str()])
        .filter(|import| !is_pending(import))
        .collect();
    let pending_left: Vec<_> =
        PENDING.iter().filter(|(file, to, _)| !imports.iter().any(|i| i.file == *file && i.to == *to)).collect();

    let edges: BTreeSet<(&str, &str)> = imports.iter().map(|i| (i.from.as_str(), i.to.as_str())).collect();
    println!(
        "{} imports between {} top-level modules ({} module pairs); {} sideways or upward, {} pending",
        imports.len(),
        modules.len(),
        edges.len(),
        upward.len(),
        imports.iter().filter(|import| is_pending(import)).count(),
    );

    let mut report = String::new();
    for cycle in cycles(&graph_without_pending(&imports, &is_pending)) {
        report.push_str(&format!("cycle: {}\n", cycle.join(" → ")));
    }
    for import in &upward {
        report.push_str(&format!(
            "{} uses {} ({} is in layer {} \"{}\", {} in layer {} \"{}\")\n",
            import.place,
            import.to,
            import.from,
            rank[import.from.as_str()],
            LAYERS[rank[import.from.as_str()]].0,
            import.to,
            rank[import.to.as_str()],
            LAYERS[rank[import.to.as_str()]].0,
        ));
    }
    for (file, to, why) in &pending_left {
        report.push_str(&format!("{file} no longer uses {to} ({why}): delete its line from PENDING\n"));
    }
    assert!(report.is_empty(), "the server's layers are broken (see LAYERS in tests/api/architecture.rs):\n{report}");
}

#[test]
fn the_import_scanner_sees_use_groups_code_paths_and_climbing_supers_but_not_comments_or_strings() {
    let code = "use crate::{db::now_ms, error::{AppError, Json}};\n\
                // crate::meetings in a comment\n\
                /* crate::calendar in a block */\n\
                fn f<'a>(x: &'a str) -> char { let _ = \"crate::live in a string\"; let _ = 'c'; \
                crate::people::store::count(x); super::super::bodies::x(); '\\'' }\n";
    let found: Vec<(String, usize)> = paths_out_of(code, &["outbox".to_owned(), "worker".to_owned()]);
    let targets: Vec<(&str, usize)> = found.iter().map(|(to, line)| (to.as_str(), *line)).collect();
    assert_eq!(targets, [("db", 1), ("error", 1), ("people", 4), ("bodies", 4)]);

    let inline = "mod tests { use super::same_origin; use super::super::db::now_ms; }";
    let found = paths_out_of(inline, &["live".to_owned()]);
    assert_eq!(found, [("db".to_owned(), 1)], "super in an inline module climbs to its file's module first");
}

/// Every layer's modules with the layer's number.
fn ranks() -> BTreeMap<&'static str, usize> {
    let mut rank = BTreeMap::new();
    for (index, (_, modules)) in LAYERS.iter().enumerate() {
        for module in *modules {
            assert!(rank.insert(*module, index).is_none(), "{module} is in LAYERS twice");
        }
    }
    rank
}

/// The top-level modules: the folders and the `.rs` files of `server/src` (without `lib`).
fn top_level_modules(source: &Path) -> BTreeSet<String> {
    std::fs::read_dir(source)
        .expect("server/src is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            if path.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs").filter(|stem| *stem != "lib").map(str::to_owned)
            }
        })
        .collect()
}

/// Every path in `server/src` that leaves its top-level module.
fn imports_between_modules(source: &Path) -> Vec<Import> {
    let mut imports = Vec::new();
    for file in rust_files(source) {
        let relative = file.strip_prefix(source).expect("below server/src");
        let module_path = module_path(relative);
        let Some(from) = module_path.first().cloned() else { continue };
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let file_name = relative.to_string_lossy().replace('\\', "/");
        for (to, line) in paths_out_of(&text, &module_path) {
            if to != from {
                imports.push(Import {
                    from: from.clone(),
                    to,
                    place: format!("{file_name}:{line}"),
                    file: file_name.clone(),
                });
            }
        }
    }
    imports.sort_by(|a, b| a.place.cmp(&b.place));
    imports
}

/// `meetings/routes.rs` → `[meetings, routes]`; `meetings/mod.rs` and `meetings.rs` → `[meetings]`; `lib.rs` → `[]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The top-level module and line of every `crate::…` path (and `super::…` path that climbs to the crate's
/// root) in `code`, which is the file of module `module_path`. A `use crate::{a, b::c}` group counts each item.
fn paths_out_of(code: &str, module_path: &[String]) -> Vec<(String, usize)> {
    let tokens = tokens(code);
    let path_separator = |at: usize| {
        tokens.get(at).is_some_and(|t| t.is_punct(':')) && tokens.get(at + 1).is_some_and(|t| t.is_punct(':'))
    };
    let mut found = Vec::new();
    // Inline modules (`mod tests { … }`) as (the brace depth inside them, their name): `super` inside one
    // climbs to the file's module first.
    let mut inline_modules: Vec<(usize, String)> = Vec::new();
    let mut depth = 0;
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        if token.is_ident("mod")
            && let (Some(name), Some(open)) = (tokens.get(index + 1).and_then(|t| t.ident()), tokens.get(index + 2))
            && open.is_punct('{')
        {
            depth += 1;
            inline_modules.push((depth, name.to_owned()));
            index += 3;
        } else if token.is_punct('{') {
            depth += 1;
            index += 1;
        } else if token.is_punct('}') {
            if inline_modules.last().is_some_and(|(inside, _)| *inside == depth) {
                inline_modules.pop();
            }
            depth -= 1;
            index += 1;
        } else if token.is_ident("crate") && path_separator(index + 1) {
            let after = index + 3;
            if tokens.get(after).is_some_and(|t| t.is_punct('{')) {
                found.extend(group_items(&tokens[after..]).into_iter().map(|item| (item, token.line)));
            } else if let Some(name) = tokens.get(after).and_then(|t| t.ident()) {
                found.push((name.to_owned(), token.line));
            }
            index = after;
        } else if token.is_ident("super") && path_separator(index + 1) {
            let mut level = module_path.len() + inline_modules.len();
            let mut cursor = index;
            while tokens.get(cursor).is_some_and(|t| t.is_ident("super")) && path_separator(cursor + 1) {
                level = level.saturating_sub(1);
                cursor += 3;
            }
            if level == 0
                && let Some(name) = tokens.get(cursor).and_then(|t| t.ident())
            {
                found.push((name.to_owned(), token.line));
            }
            index = cursor;
        } else {
            index += 1;
        }
    }
    found
}

/// The first path segment of each item of a `{…}` group at its top level: `{db::now_ms, error::{A, B}}` →
/// `[db, error]`.
fn group_items(group: &[Spanned]) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut expecting_item = true;
    for token in group {
        if token.is_punct('{') {
            depth += 1;
            expecting_item = depth == 1;
        } else if token.is_punct('}') {
            depth -= 1;
            if depth == 0 {
                break;
            }
        } else if token.is_punct(',') && depth == 1 {
            expecting_item = true;
        } else if depth == 1 && expecting_item {
            if let Some(name) = token.ident().filter(|name| *name != "self") {
                items.push(name.to_owned());
            }
            expecting_item = false;
        }
    }
    items
}

/// The graph of imports that are not pending, as module → modules it uses.
fn graph_without_pending<'a>(
    imports: &'a [Import],
    is_pending: &dyn Fn(&Import) -> bool,
) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for import in imports.iter().filter(|import| !is_pending(import)) {
        graph.entry(import.from.as_str()).or_default().insert(import.to.as_str());
    }
    graph
}

/// One cycle through each group of modules that reach each other (strongly connected components of two or
/// more, found by Tarjan's algorithm), written `a → b → … → a`.
fn cycles(graph: &BTreeMap<&str, BTreeSet<&str>>) -> Vec<Vec<String>> {
    struct Search<'g, 'a> {
        graph: &'g BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        components: Vec<Vec<&'a str>>,
    }
    impl<'a> Search<'_, 'a> {
        fn visit(&mut self, node: &'a str) {
            let number = self.index.len();
            self.index.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten().copied() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                self.components.push(component);
            }
        }
    }
    let mut search = Search {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for node in graph.keys().copied() {
        if !search.index.contains_key(node) {
            search.visit(node);
        }
    }
    search
        .components
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            let start = *members.iter().next().expect("two or more");
            shortest_cycle(graph, &members, start)
        })
        .collect()
}

/// The shortest way from `start` back to itself inside `members` (breadth first).
fn shortest_cycle(graph: &BTreeMap<&str, BTreeSet<&str>>, members: &BTreeSet<&str>, start: &str) -> Vec<String> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(node).into_iter().flatten().copied().filter(|next| members.contains(next)) {
            if next == start {
                let mut path = vec![start.to_owned(), node.to_owned()];
                let mut at = node;
                while at != start {
                    at = came_from[at];
                    path.push(at.to_owned());
                }
                path.reverse();
                return path;
            }
            if !came_from.contains_key(next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start.to_owned()]
}
