//! A request before it is sent: the typed models, the one loose-input parser every front end
//! goes through, the validation rules with their field paths, and the body as it is sent.

pub mod input;
pub(crate) mod merge;
pub mod models;
pub(crate) mod parse;
pub(crate) mod path;
pub(crate) mod valid;
pub(crate) mod validate;
