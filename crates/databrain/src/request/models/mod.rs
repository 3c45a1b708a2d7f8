//! Request models, serialised camelCase exactly as Databrain documents them.

pub mod api_token;
pub mod filters;
pub mod guest_token;
pub mod permissions;
