//! `POST /api/v2/guest-token/create`: the request body.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::filters::{AppFilter, DashboardAppFilter, RlsSetting};
use super::permissions::Permissions;

/// Everything a guest token can carry. Only `client_id` and `data_app_name` are required.
///
/// ```
/// use databrain::{AppFilter, GuestTokenRequest};
/// let request = GuestTokenRequest::new("user-456", "sales-dashboard")
///     .app_filter(AppFilter::new("metric-1").value("country", "USA"))
///     .expiry(std::time::Duration::from_secs(3600));
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(description = "Everything a guest token can carry. Only clientId and dataAppName are required."))]
#[serde(rename_all = "camelCase")]
pub struct GuestTokenRequest {
    /// The end user's id in your system; Databrain applies row-level security with it.
    pub client_id: String,
    /// Name of an existing data app.
    pub data_app_name: String,
    /// Needed only when the data app has several datasources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_name: Option<String>,
    /// Token lifetime in milliseconds from now; `None` = never expires.
    #[cfg_attr(feature = "schema", schemars(description = "Token lifetime in milliseconds from now (a positive integer); left out, the token never expires."))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<u64>,
    /// Fields this SDK does not model yet, deep-merged into the body after validation.
    #[serde(skip)]
    pub extra_body: Option<serde_json::Map<String, serde_json::Value>>,
    /// Filters, RLS settings and embed options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<GuestTokenParams>,
    /// What the end user may do; unset flags keep Databrain's defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

/// The `params` object of a guest token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuestTokenParams {
    /// Embed ids this token may open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_embeds: Option<Vec<String>>,
    /// Metric-level filters, invisible to the end user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_filters: Option<Vec<AppFilter>>,
    /// Dashboard-level filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard_app_filters: Option<Vec<DashboardAppFilter>>,
    /// Filter names to hide in the embed's UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_dashboard_filters: Option<Vec<String>>,
    /// Row-level-security values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rls_settings: Option<Vec<RlsSetting>>,
    /// IANA time zone name, e.g. `America/New_York`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Enables private metrics for this end user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_identifier: Option<String>,
}

impl GuestTokenRequest {
    /// A request for end user `client_id` on data app `data_app_name`.
    pub fn new(client_id: impl Into<String>, data_app_name: impl Into<String>) -> Self {
        GuestTokenRequest {
            client_id: client_id.into(),
            data_app_name: data_app_name.into(),
            ..Default::default()
        }
    }

    fn params_mut(&mut self) -> &mut GuestTokenParams {
        self.params.get_or_insert_with(Default::default)
    }

    /// Adds a metric-level filter.
    pub fn app_filter(mut self, filter: AppFilter) -> Self {
        self.params_mut().app_filters.get_or_insert_with(Vec::new).push(filter);
        self
    }

    /// Adds a dashboard-level filter.
    pub fn dashboard_app_filter(mut self, filter: DashboardAppFilter) -> Self {
        self.params_mut().dashboard_app_filters.get_or_insert_with(Vec::new).push(filter);
        self
    }

    /// Adds a row-level-security setting.
    pub fn rls_setting(mut self, setting: RlsSetting) -> Self {
        self.params_mut().rls_settings.get_or_insert_with(Vec::new).push(setting);
        self
    }

    /// Hides a filter by name in the embed UI.
    pub fn hide_dashboard_filter(mut self, name: impl Into<String>) -> Self {
        self.params_mut().hide_dashboard_filters.get_or_insert_with(Vec::new).push(name.into());
        self
    }

    /// Allows one more embed id.
    pub fn allowed_embed(mut self, embed_id: impl Into<String>) -> Self {
        self.params_mut().allowed_embeds.get_or_insert_with(Vec::new).push(embed_id.into());
        self
    }

    /// Enables private metrics for this end user.
    pub fn user_identifier(mut self, id: impl Into<String>) -> Self {
        self.params_mut().user_identifier = Some(id.into());
        self
    }

    /// Sets the IANA time zone.
    pub fn timezone(mut self, tz: impl Into<String>) -> Self {
        self.params_mut().timezone = Some(tz.into());
        self
    }

    /// Sets the permission flags.
    pub fn permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = Some(permissions);
        self
    }

    /// Token lifetime, rounded down to whole milliseconds.
    pub fn expiry(mut self, lifetime: Duration) -> Self {
        self.expiry_time = Some(u64::try_from(lifetime.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// Names the datasource, for data apps with several.
    pub fn datasource_name(mut self, name: impl Into<String>) -> Self {
        self.datasource_name = Some(name.into());
        self
    }

    /// Fields Databrain accepts that this SDK does not model yet (`theme`, `embedId`, ...).
    /// Deep-merged into the serialised body after validation; modelled fields stay validated.
    pub fn extra_body(mut self, extra: serde_json::Map<String, serde_json::Value>) -> Self {
        self.extra_body = Some(extra);
        self
    }
}
