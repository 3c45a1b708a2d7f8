//! Lists page exactly as MANAGEMENT.md says: `isPagination` is the *string* `"true"` or
//! `"false"` (anything else is a 400, so a client sending `True` or `1` finds out), `pageNumber`
//! is 1-based, a page holds 10 items and there is no total: an empty or short page is the last.
//! POST-style lists carry the same two fields in the body, where a JSON boolean and a JSON
//! number are accepted too.

use serde_json::{Map, Value, json};

use crate::http::{self, ApiError};

/// Page size of every listing.
pub(crate) const PAGE_SIZE: usize = 10;

/// `Some(page)` (1-based) to page, `None` for everything.
pub(crate) type Page = Option<usize>;

/// From the query string.
pub(crate) fn from_query(query: Option<&str>) -> Result<Page, ApiError> {
    let flag = http::query_param(query, "isPagination");
    let number = http::query_param(query, "pageNumber");
    resolve(
        flag.as_deref().map(Flag::Text),
        number.as_deref().map(Number::Text),
    )
}

/// From a POST body's `isPagination` / `pageNumber`.
pub(crate) fn from_body(obj: &Map<String, Value>) -> Result<Page, ApiError> {
    let flag = match obj.get("isPagination") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(Flag::Bool(*b)),
        Some(Value::String(s)) => Some(Flag::Text(s)),
        Some(other) => Some(Flag::Other(other)),
    };
    let number = match obj.get("pageNumber") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Number::Text(s)),
        Some(v) => Some(Number::Json(v)),
    };
    resolve(flag, number)
}

enum Flag<'a> {
    Text(&'a str),
    Bool(bool),
    Other(&'a Value),
}

enum Number<'a> {
    Text(&'a str),
    Json(&'a Value),
}

fn resolve(flag: Option<Flag<'_>>, number: Option<Number<'_>>) -> Result<Page, ApiError> {
    let paginate = match flag {
        None | Some(Flag::Text("false")) | Some(Flag::Bool(false)) => false,
        Some(Flag::Text("true")) | Some(Flag::Bool(true)) => true,
        Some(Flag::Text(other)) => {
            return Err(ApiError::invalid_body(format!(
                "isPagination must be \"true\" or \"false\", got {other:?}"
            )));
        }
        Some(Flag::Other(v)) => {
            return Err(ApiError::invalid_body(format!(
                "isPagination must be \"true\" or \"false\", got {v}"
            )));
        }
    };
    if !paginate {
        // pageNumber means nothing without isPagination=true; it is not even checked.
        return Ok(None);
    }
    let n = match number {
        None => return Ok(Some(1)),
        Some(Number::Text(s)) => s.parse::<usize>().ok(),
        Some(Number::Json(v)) => v.as_u64().and_then(|n| usize::try_from(n).ok()),
    };
    match n {
        Some(n) if n >= 1 => Ok(Some(n)),
        _ => Err(ApiError::invalid_body(
            "pageNumber must be a positive integer (pages are 1-based)",
        )),
    }
}

/// The slice of `items` for `page` (all of them when `None`).
pub(crate) fn page_of<T>(items: Vec<T>, page: Page) -> Vec<T> {
    match page {
        None => items,
        Some(n) => items
            .into_iter()
            .skip((n - 1).saturating_mul(PAGE_SIZE))
            .take(PAGE_SIZE)
            .collect(),
    }
}

/// `{"data": [page]}`.
pub(crate) fn data(items: Vec<Value>, page: Page) -> Value {
    json!({"data": page_of(items, page)})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_form() {
        assert_eq!(
            from_query(Some("isPagination=true&pageNumber=2")).unwrap(),
            Some(2)
        );
        assert_eq!(from_query(Some("isPagination=true")).unwrap(), Some(1));
        assert_eq!(
            from_query(Some("isPagination=false&pageNumber=x")).unwrap(),
            None
        );
        assert_eq!(from_query(Some("pageNumber=2")).unwrap(), None);
        assert_eq!(from_query(None).unwrap(), None);
        for bad in [
            "isPagination=true&pageNumber=0",
            "isPagination=true&pageNumber=-1",
            "isPagination=true&pageNumber=two",
            "isPagination=True",
            "isPagination=1",
            "isPagination=",
        ] {
            assert!(from_query(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn body_form() {
        let page = |v: Value| from_body(v.as_object().unwrap()).map_err(|e| e.code);
        assert_eq!(
            page(json!({"isPagination": true, "pageNumber": 3})),
            Ok(Some(3))
        );
        assert_eq!(
            page(json!({"isPagination": "true", "pageNumber": "2"})),
            Ok(Some(2))
        );
        assert_eq!(page(json!({"isPagination": false})), Ok(None));
        assert_eq!(page(json!({})), Ok(None));
        assert!(page(json!({"isPagination": 1})).is_err());
        assert!(page(json!({"isPagination": true, "pageNumber": 1.5})).is_err());
        assert!(page(json!({"isPagination": true, "pageNumber": 0})).is_err());
    }

    #[test]
    fn pages_of_ten() {
        let items: Vec<u32> = (0..25).collect();
        let sizes: Vec<usize> = (1..=4)
            .map(|n| page_of(items.clone(), Some(n)).len())
            .collect();
        assert_eq!(sizes, [10, 10, 5, 0]);
        assert_eq!(page_of(items.clone(), Some(usize::MAX)).len(), 0);
        assert_eq!(page_of(items, None).len(), 25);
    }
}
