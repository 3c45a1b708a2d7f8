//! No two modules of a crate of the workspace import each other, directly or around a loop
//! (the mock's layers are listed in `src/lib.rs`). Rust accepts such loops, so nothing but this
//! test keeps them out.
//!
//! An import is any `crate::…` or `super::…` path in a module's code, `use` line or not,
//! resolved to the file of the deepest module it names (`crate::state::Shared` is `state.rs`,
//! `use super::{auth, ok}` in `management/embeds.rs` is `management/auth.rs` and
//! `management/mod.rs`). Comments are skipped, and so is the `#[cfg(test)]` module that ends a
//! file: its `super::` is the file itself. `src/bin/` is a separate crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module path (`["management", "auth"]`, `[]` for `lib.rs`) to file (`management/auth.rs`).
type Modules = BTreeMap<Vec<String>, String>;

fn read_sources(dir: &Path, rel: &str, out: &mut BTreeMap<String, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            if rel != "bin" {
                read_sources(&path, &rel, out);
            }
        } else if rel.ends_with(".rs") {
            out.insert(rel, fs::read_to_string(&path).unwrap());
        }
    }
}

fn module_path(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The module's own code: no comments, no trailing test module.
fn code(source: &str) -> String {
    let source = source.split("#[cfg(test)]").next().unwrap();
    source
        .lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The file of the deepest module that `path` names.
fn resolve<'m>(modules: &'m Modules, path: &[String]) -> Option<&'m String> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// The files that `file`'s code imports, itself left out.
fn imports(modules: &Modules, file: &str, code: &str) -> BTreeSet<String> {
    let me = module_path(file);
    let mut found = BTreeSet::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for (at, _) in code.match_indices("::") {
        let head_start = code[..at].rfind(|c| !ident(c)).map_or(0, |i| i + 1);
        let base = match &code[head_start..at] {
            "crate" => Vec::new(),
            "super" => me[..me.len().saturating_sub(1)].to_vec(),
            _ => continue,
        };
        // `a::b::c`, or `a::{b, c::d, self}`: each item is a path below `base`.
        let rest = &code[at + 2..];
        let tail_len = rest
            .find(|c: char| !(ident(c) || c == ':'))
            .unwrap_or(rest.len());
        let mut prefix = base;
        prefix.extend(
            rest[..tail_len]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let items: Vec<&str> = if rest[tail_len..].starts_with('{') {
            let group = &rest[tail_len + 1..];
            group[..group.find('}').unwrap_or(group.len())]
                .split(',')
                .collect()
        } else {
            vec![""]
        };
        for item in items {
            let mut path = prefix.clone();
            let segments = item.split("::").map(str::trim);
            path.extend(
                segments
                    .filter(|s| !s.is_empty() && *s != "self")
                    .map(String::from),
            );
            if let Some(target) = resolve(modules, &path)
                && target != file
            {
                found.insert(target.clone());
            }
        }
    }
    found
}

/// A loop of imports, as the files along it, if there is one.
fn find_loop(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        file: &String,
        trail: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = trail.iter().position(|f| f == file) {
            let mut circle = trail[i..].to_vec();
            circle.push(file.clone());
            return Some(circle);
        }
        if done.contains(file) {
            return None;
        }
        trail.push(file.clone());
        for next in &graph[file] {
            if let Some(circle) = walk(graph, next, trail, done) {
                return Some(circle);
            }
        }
        trail.pop();
        done.insert(file.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|file| walk(graph, file, &mut Vec::new(), &mut done))
}

/// Every Rust source tree of the workspace, with one import each is known to have: if the
/// reading finds none, the reading is broken. The check lives in the mock's tests because the
/// mock depends on no other crate of the workspace, so it builds first and alone.
const TREES: [(&str, &str, &str); 5] = [
    ("src", "handlers.rs", "management/embeds.rs"),
    ("../databrain/src", "client.rs", "net/transport.rs"),
    ("../databrain-cli/src", "catalog.rs", "args.rs"),
    ("../../bindings/python/src", "cache.rs", "token.rs"),
    ("../../bindings/node/src", "cache.rs", "convert.rs"),
];

#[test]
fn no_two_modules_import_each_other_even_around_a_loop() {
    for (root, from, to) in TREES {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        let mut sources = BTreeMap::new();
        read_sources(&src, "", &mut sources);
        let modules: Modules = sources
            .keys()
            .map(|f| (module_path(f), f.clone()))
            .collect();
        let graph: BTreeMap<String, BTreeSet<String>> = sources
            .iter()
            .map(|(file, source)| (file.clone(), imports(&modules, file, &code(source))))
            .collect();
        assert!(graph[from].contains(to), "{root}: {from} imports {to}: {graph:#?}");
        if let Some(circle) = find_loop(&graph) {
            panic!(
                "these modules of {root} import each other around a loop: {}",
                circle.join(" -> ")
            );
        }
    }
}
