//! Field paths in wire spelling (`params.appFilters[0].metricId`, `$` for the whole input),
//! built lazily: a path is a chain of stack frames and becomes a string only when a problem
//! is reported at it, so a valid request never formats one.

use crate::error::FieldError;

/// Longer paths are shown with their middle cut out (keys are the caller's data, any length).
pub const MAX_PATH_CHARS: usize = 200;

/// Problems listed at most; the walk stops once this many were found.
pub const MAX_PROBLEMS: usize = 50;

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// Where a value sits in the input.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

impl Path<'static> {
    /// The whole input.
    pub(crate) const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };
}

impl<'a> Path<'a> {
    /// `self.key`.
    pub(crate) fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    /// `self[index]`.
    pub(crate) fn index(&self, index: usize) -> Path<'_> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    /// The wire spelling; `$` for the root.
    pub(crate) fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            segments.push(path.segment);
            at = path.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        if out.is_empty() { "$".to_owned() } else { shorten(out) }
    }
}

fn shorten(path: String) -> String {
    let chars = path.chars().count();
    if chars <= MAX_PATH_CHARS {
        return path;
    }
    let half = MAX_PATH_CHARS / 2;
    let head: String = path.chars().take(half).collect();
    let tail: String = path.chars().skip(chars - half).collect();
    format!("{head}...{tail}")
}

/// The problems found so far, in the order they were met.
#[derive(Default)]
pub(crate) struct Problems {
    pub(crate) errors: Vec<FieldError>,
}

impl Problems {
    /// Records a problem; the message is built by the caller only on this (failing) branch.
    pub(crate) fn push(&mut self, at: &Path<'_>, message: impl Into<String>) {
        if self.errors.len() < MAX_PROBLEMS {
            self.errors.push(FieldError::new(at.render(), message));
        }
    }

    /// Enough problems to act on: the walk may stop.
    pub(crate) fn full(&self) -> bool {
        self.errors.len() >= MAX_PROBLEMS
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling() {
        let root = Path::ROOT;
        assert_eq!(root.render(), "$");
        let params = root.key("params");
        let filters = params.key("appFilters");
        let first = filters.index(0);
        assert_eq!(first.key("metricId").render(), "params.appFilters[0].metricId");
        let long = "k".repeat(500);
        let rendered = root.key(&long).render();
        assert_eq!(rendered.chars().count(), MAX_PATH_CHARS + 3);
    }
}
