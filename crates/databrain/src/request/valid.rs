//! [`Valid`]: a request the core has already checked, so it is never checked twice.

use std::ops::Deref;

use crate::error::Result as CallResult;

/// A request that passed every rule. Only the core makes one: from a loose input
/// ([`GuestTokenRequest::from_loose`], the bindings' parsers) or from `validate()`. The
/// client's calls take it as is; they take a plain request too and check that first.
#[derive(Clone, Debug, PartialEq)]
pub struct Valid<T>(pub(crate) T);

impl<T> Valid<T> {
    /// The request itself.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Serialises as the request itself.
impl<T: serde::Serialize> serde::Serialize for Valid<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T> Deref for Valid<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A request a call accepts: a [`Valid`] one as it is, or a plain one, checked first.
pub trait Checked<T> {
    /// The request, once known to be valid.
    fn checked(&self) -> CallResult<&T>;
}

impl<T> Checked<T> for Valid<T> {
    fn checked(&self) -> CallResult<&T> {
        Ok(&self.0)
    }
}
