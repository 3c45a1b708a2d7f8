//! Writes every ```rust block of the three READMEs, between its hidden prelude and check
//! (`../preludes/<id>.rs`, split at a `// --- snippet ---` line), into `$OUT_DIR/<id>.rs` as
//! `async fn` bodies, and `$OUT_DIR/blocks.rs` listing them. A block's id is computed as
//! `../blocks.py` does (which also refuses unknown fence languages): `<doc>/<name>` for a fence
//! with `id=<name>`, else `<doc>/<heading-slug>-<n>`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DOCS: [(&str, &str); 3] = [("readme", "README.md"), ("python", "python/README.md"), ("node", "node/README.md")];
const MARKER: &str = "// --- snippet ---";

/// GitHub's anchor for a heading, as `blocks.py`'s `slug`.
fn slug(heading: &str) -> String {
    let mut text = heading.trim().to_lowercase().replace('`', "").replace("**", "");
    // Drop link targets: `[text](url)` -> `text`.
    while let Some(start) = text.find("](") {
        let Some(len) = text[start..].find(')') else { break };
        text.replace_range(start..start + len + 1, "");
    }
    text.retain(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
    text.replace(' ', "-")
}

fn fence(line: &str) -> Option<(usize, char, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let mark = trimmed.chars().next()?;
    if indent > 3 || (mark != '`' && mark != '~') {
        return None;
    }
    let count = trimmed.chars().take_while(|&c| c == mark).count();
    (count >= 3).then(|| (indent, mark, count, trimmed[count..].trim()))
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = here.join("../../..");
    let preludes = here.join("../preludes");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed={}", preludes.display());
    let mut list = String::from("/// (where, run) for every ```rust block.\nconst BLOCKS: &[(&str, fn() -> BlockFuture)] = &[\n");
    for (key, doc) in DOCS {
        let path = root.join(doc);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lines: Vec<&str> = text.lines().collect();
        let mut heading = String::new();
        let mut counts = std::collections::HashMap::<String, usize>::new();
        let mut i = 0;
        while i < lines.len() {
            let Some((indent, mark, count, info)) = fence(lines[i]) else {
                let hashes = lines[i].chars().take_while(|&c| c == '#').count();
                if (1..=6).contains(&hashes) && lines[i][hashes..].starts_with([' ', '\t']) {
                    heading = slug(&lines[i][hashes..]);
                }
                i += 1;
                continue;
            };
            let start = i;
            let mut body = String::new();
            i += 1;
            while i < lines.len() && !matches!(fence(lines[i]), Some((_, m, c, "")) if m == mark && c >= count) {
                let line = lines[i];
                body.push_str(line.get(indent.min(line.len() - line.trim_start().len())..).unwrap_or(line));
                body.push('\n');
                i += 1;
            }
            i += 1;
            // As blocks.py: `id=<name>` in the info string names the block; unnamed ones are
            // numbered per heading.
            let id = match info.split_whitespace().find_map(|w| w.strip_prefix("id=")) {
                Some(name) => format!("{key}/{name}"),
                None => {
                    let n = counts.entry(heading.clone()).or_default();
                    *n += 1;
                    format!("{key}/{}-{n}", if heading.is_empty() { "top" } else { &heading })
                }
            };
            if info.split_whitespace().next().map(str::to_lowercase).as_deref() != Some("rust") {
                continue;
            }
            let (prelude, check) = read_prelude(&preludes, &id);
            let file = id.replace('/', "__").replace('-', "_") + ".rs";
            let where_ = format!("{doc}:{} ({id}, ```{info})", start + 1);
            let mut src = String::new();
            writeln!(src, "// {where_}: the block between its hidden prelude and check").unwrap();
            writeln!(src, "#[allow(unused_variables, unused_imports, clippy::all)]").unwrap();
            writeln!(src, "pub(crate) async fn run() -> Result<(), Box<dyn std::error::Error>> {{").unwrap();
            src.push_str(&prelude);
            if body.contains("fn main(") {
                // A whole program (`#[tokio::main] async fn main`): the block stays at module
                // level and its `main` runs on a thread of its own, outside this runtime (a
                // `#[tokio::main]` inside a runtime would panic). Wrapped as a body, its `main`
                // would be defined and never called: the block would pass without running.
                src.push_str(
                    "    std::thread::spawn(|| main().map_err(|e| e.to_string()))\n        .join()\n        .map_err(|_| \"the block's main panicked\")??;\n",
                );
                src.push_str(&check);
                src.push_str("    Ok(())\n}\n");
                src.push_str(&body);
            } else {
                src.push_str(&body);
                src.push_str(&check);
                src.push_str("    Ok(())\n}\n");
            }
            std::fs::write(out.join(&file), src).unwrap();
            let module = file.trim_end_matches(".rs");
            writeln!(list, "    ({where_:?}, || Box::pin({module}::run())),").unwrap();
            // The module wrapper keeps each block's `use` lines to itself.
            std::fs::write(
                out.join(format!("mod_{file}")),
                format!("#[allow(non_snake_case)]\nmod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));\n}}\n"),
            )
            .unwrap();
            writeln!(list, "// include mod_{file}").unwrap();
        }
    }
    list.push_str("];\n");
    // The modules, then the table.
    let mut modules = String::new();
    for line in list.lines().filter(|l| l.starts_with("// include ")) {
        let name = line.trim_start_matches("// include ");
        modules.push_str(&std::fs::read_to_string(out.join(name)).unwrap());
    }
    let table: String = list.lines().filter(|l| !l.starts_with("// include ")).map(|l| format!("{l}\n")).collect();
    std::fs::write(out.join("blocks.rs"), modules + &table).unwrap();
}

fn read_prelude(dir: &Path, id: &str) -> (String, String) {
    let path = dir.join(format!("{id}.rs"));
    let Ok(text) = std::fs::read_to_string(&path) else { return (String::new(), String::new()) };
    let marker = format!("{MARKER}\n");
    let Some((prelude, check)) = text.split_once(&marker) else {
        panic!("{}: needs a line {MARKER:?} where the block goes", path.display())
    };
    (prelude.to_owned(), check.to_owned())
}
