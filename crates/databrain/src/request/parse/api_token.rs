//! The API-token request: `POST /api/v2/data-app/api-tokens`.

use serde_json::Value;

use super::Parser;
use super::guest_token::extra_body;
use crate::error::Error;
use crate::request::input::Input;
use crate::request::models::api_token::ApiTokenRequest;
use crate::request::path::Path;
use crate::request::valid::Valid;
use crate::request::validate;

pub(crate) const API_TOKEN_KEYS: &[&str] = &["dataAppName", "name", "legacyEndpoint", "extraBody"];

impl ApiTokenRequest {
    /// Parses and validates an API-token request from loose JSON.
    pub fn from_loose(input: &Value) -> Result<Valid<Self>, Error> {
        Self::from_input(&input)
    }

    /// [`ApiTokenRequest::from_loose`] over any [`Input`].
    pub fn from_input<I: Input>(input: &I) -> Result<Valid<Self>, Error> {
        Parser::run(|p| api_token(p, input))
    }
}

fn api_token<I: Input>(p: &mut Parser, input: &I) -> ApiTokenRequest {
    let root = Path::ROOT;
    let mut r = ApiTokenRequest::default();
    let Some(fields) = p.fields(&root, input, API_TOKEN_KEYS, "field") else { return r };
    for (key, v) in &fields {
        let at = root.key(key);
        match *key {
            "dataAppName" => {
                if let Some(s) = p.string(&at, v) {
                    validate::data_app_name(&mut p.problems, &at, &s);
                    r.data_app_name = s;
                }
            }
            "name" => {
                if let Some(s) = p.string(&at, v) {
                    validate::label(&mut p.problems, &at, &s);
                    r.name = s;
                }
            }
            "legacyEndpoint" => r.legacy_endpoint = p.bool(&at, v).unwrap_or_default(),
            "extraBody" => r.extra_body = extra_body(p, &at, v),
            _ => unreachable!("every key in API_TOKEN_KEYS is handled"),
        }
    }
    p.required(&root, &fields, &["dataAppName", "name"]);
    r
}
