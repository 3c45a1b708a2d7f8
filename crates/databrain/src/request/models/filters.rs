//! Filter values and the three filter lists of a guest token's `params`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The value a filter (or RLS setting) pins a column to. Serialises to exactly the JSON
/// shapes Databrain documents; which shapes are allowed depends on the list (see
/// [`FilterValue::allowed_in`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(description = "One filter's value. Booleans and numbers only in appFilters and rlsSettings, ranges only in dashboardAppFilters; strings, string lists and SQL objects in every list."))]
#[serde(untagged)]
pub enum FilterValue {
    /// `true` — app filters only.
    Bool(bool),
    /// `500` — app filters only. Kept as a JSON number so integers stay integers on the wire.
    Number(serde_json::Number),
    /// `"USA"`.
    String(String),
    /// `["USA", "CANADA"]`.
    StringList(Vec<String>),
    /// `{"sql": "SELECT …", "columnName": "name"}`.
    Sql {
        /// The column of the query's result to use.
        #[serde(rename = "columnName")]
        column_name: String,
        /// The query that yields the allowed values.
        sql: String,
    },
    /// `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` — dashboard filters only.
    DateRange {
        /// Last day (inclusive); not before `start_date`.
        #[cfg_attr(feature = "schema", schemars(description = "Last day (inclusive); not before startDate."))]
        #[serde(rename = "endDate")]
        end_date: String,
        /// First day (inclusive).
        #[serde(rename = "startDate")]
        start_date: String,
    },
    /// `{"min": 1000, "max": 5000}` — dashboard filters only.
    NumberRange {
        /// Upper bound; not less than `min`.
        max: serde_json::Number,
        /// Lower bound.
        min: serde_json::Number,
    },
}

/// Which list a filter value sits in; decides the shapes it may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterList {
    /// `params.appFilters` (metric level).
    AppFilters,
    /// `params.dashboardAppFilters`.
    DashboardAppFilters,
    /// `params.rlsSettings` (metric level).
    RlsSettings,
}

impl FilterList {
    /// Wire name of the list, as used in error paths.
    pub fn wire_name(self) -> &'static str {
        match self {
            FilterList::AppFilters => "appFilters",
            FilterList::DashboardAppFilters => "dashboardAppFilters",
            FilterList::RlsSettings => "rlsSettings",
        }
    }
}

impl FilterValue {
    /// Human name of the shape, used in error messages.
    pub fn shape_name(&self) -> &'static str {
        match self {
            FilterValue::Bool(_) => "boolean",
            FilterValue::Number(_) => "number",
            FilterValue::String(_) => "string",
            FilterValue::StringList(_) => "list of strings",
            FilterValue::Sql { .. } => "SQL object",
            FilterValue::DateRange { .. } => "date range",
            FilterValue::NumberRange { .. } => "number range",
        }
    }

    /// The spec's table: booleans and numbers only in metric-level lists (app filters and
    /// RLS settings), ranges only in dashboard filters; strings, lists and SQL in both.
    pub fn allowed_in(&self, list: FilterList) -> bool {
        let dashboard = list == FilterList::DashboardAppFilters;
        match self {
            FilterValue::Bool(_) | FilterValue::Number(_) => !dashboard,
            FilterValue::DateRange { .. } | FilterValue::NumberRange { .. } => dashboard,
            FilterValue::String(_) | FilterValue::StringList(_) | FilterValue::Sql { .. } => true,
        }
    }

    /// A SQL-backed value.
    pub fn sql(sql: impl Into<String>, column_name: impl Into<String>) -> Self {
        FilterValue::Sql { sql: sql.into(), column_name: column_name.into() }
    }

    /// A date range (`YYYY-MM-DD` or RFC 3339 date-times).
    pub fn date_range(start_date: impl Into<String>, end_date: impl Into<String>) -> Self {
        FilterValue::DateRange { start_date: start_date.into(), end_date: end_date.into() }
    }

    /// A number range; `None` if either bound is not finite.
    pub fn number_range(min: f64, max: f64) -> Option<Self> {
        Some(FilterValue::NumberRange {
            min: serde_json::Number::from_f64(min)?,
            max: serde_json::Number::from_f64(max)?,
        })
    }
}

impl From<bool> for FilterValue {
    fn from(v: bool) -> Self {
        FilterValue::Bool(v)
    }
}
impl From<i64> for FilterValue {
    fn from(v: i64) -> Self {
        FilterValue::Number(v.into())
    }
}
impl From<&str> for FilterValue {
    fn from(v: &str) -> Self {
        FilterValue::String(v.to_owned())
    }
}
impl From<String> for FilterValue {
    fn from(v: String) -> Self {
        FilterValue::String(v)
    }
}
impl From<Vec<String>> for FilterValue {
    fn from(v: Vec<String>) -> Self {
        FilterValue::StringList(v)
    }
}
impl From<&[&str]> for FilterValue {
    fn from(v: &[&str]) -> Self {
        FilterValue::StringList(v.iter().map(|s| (*s).to_owned()).collect())
    }
}

/// Column/filter name → value. Names are the customer's data: kept verbatim and in order.
pub type FilterValues = IndexMap<String, FilterValue>;

/// Writes a filter's columns in the byte order of their names, whatever order they were given
/// in (the body is canonical: `models`' docs).
fn sorted_columns<S: serde::Serializer>(values: &FilterValues, serializer: S) -> Result<S::Ok, S::Error> {
    if values.keys().is_sorted() {
        return serializer.collect_map(values);
    }
    let mut columns: Vec<_> = values.iter().collect();
    columns.sort_unstable_by(|a, b| a.0.cmp(b.0));
    serializer.collect_map(columns)
}

/// A metric-level filter, invisible to the end user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppFilter {
    /// The metric this filter applies to.
    pub metric_id: String,
    /// Column name → value.
    #[serde(serialize_with = "sorted_columns")]
    pub values: FilterValues,
}

impl AppFilter {
    /// A filter on `metric_id` with no values yet.
    pub fn new(metric_id: impl Into<String>) -> Self {
        AppFilter { metric_id: metric_id.into(), values: FilterValues::new() }
    }

    /// Adds (or replaces) one column's value.
    pub fn value(mut self, column: impl Into<String>, value: impl Into<FilterValue>) -> Self {
        self.values.insert(column.into(), value.into());
        self
    }
}

/// A dashboard-level filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardAppFilter {
    /// The dashboard this filter applies to.
    pub dashboard_id: String,
    /// `Some(false)` hides the values from the embed URL; absent means Databrain's default (true).
    #[cfg_attr(feature = "schema", schemars(description = "false keeps the values out of the embed URL; left out, Databrain's default (true) applies."))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_show_on_url: Option<bool>,
    /// Filter name → value.
    #[serde(serialize_with = "sorted_columns")]
    pub values: FilterValues,
}

impl DashboardAppFilter {
    /// A filter on `dashboard_id` with no values yet.
    pub fn new(dashboard_id: impl Into<String>) -> Self {
        DashboardAppFilter { dashboard_id: dashboard_id.into(), ..Default::default() }
    }

    /// Adds (or replaces) one filter's value.
    pub fn value(mut self, column: impl Into<String>, value: impl Into<FilterValue>) -> Self {
        self.values.insert(column.into(), value.into());
        self
    }

    /// `false` keeps the values out of the embed URL.
    pub fn show_on_url(mut self, show: bool) -> Self {
        self.is_show_on_url = Some(show);
        self
    }
}

/// A row-level-security setting; `metricId` may be absent (applies to every metric).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RlsSetting {
    /// The metric it applies to; `None` for all.
    #[cfg_attr(feature = "schema", schemars(description = "The metric it applies to; left out, every metric."))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_id: Option<String>,
    /// Column name → value.
    #[serde(serialize_with = "sorted_columns")]
    pub values: FilterValues,
}
