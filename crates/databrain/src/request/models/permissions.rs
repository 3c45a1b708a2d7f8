//! The ten documented guest-token permission flags.

use serde::{Deserialize, Serialize};

/// Wire names of the permission flags, in the documented order.
pub const PERMISSION_KEYS: [&str; 10] = [
    "isEnableArchiveMetrics",
    "isEnableManageMetrics",
    "isEnableCreateDashboardView",
    "isEnableMetricUpdation",
    "isEnableCustomizeLayout",
    "isEnableUnderlyingData",
    "isEnableDownloadMetrics",
    "isShowSideBar",
    "isShowDashboardName",
    "isDisableMetricCreation",
];

/// What the embedded end user may do. Unset flags are left out of the body so Databrain's
/// defaults apply; the loose-input parser rejects any other key (a typo here silently changes
/// what an end user may do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Permissions {
    /// Disable metric creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_disable_metric_creation: Option<bool>,
    /// Archive metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_archive_metrics: Option<bool>,
    /// Create dashboard views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_create_dashboard_view: Option<bool>,
    /// Customize the layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_customize_layout: Option<bool>,
    /// Download metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_download_metrics: Option<bool>,
    /// Manage metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_manage_metrics: Option<bool>,
    /// Update metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_metric_updation: Option<bool>,
    /// See underlying data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_enable_underlying_data: Option<bool>,
    /// Show the dashboard name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_show_dashboard_name: Option<bool>,
    /// Show the sidebar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_show_side_bar: Option<bool>,
}

impl Permissions {
    /// The flag slot for a wire name from [`PERMISSION_KEYS`].
    pub(crate) fn slot(&mut self, wire_key: &str) -> Option<&mut Option<bool>> {
        Some(match wire_key {
            "isEnableArchiveMetrics" => &mut self.is_enable_archive_metrics,
            "isEnableManageMetrics" => &mut self.is_enable_manage_metrics,
            "isEnableCreateDashboardView" => &mut self.is_enable_create_dashboard_view,
            "isEnableMetricUpdation" => &mut self.is_enable_metric_updation,
            "isEnableCustomizeLayout" => &mut self.is_enable_customize_layout,
            "isEnableUnderlyingData" => &mut self.is_enable_underlying_data,
            "isEnableDownloadMetrics" => &mut self.is_enable_download_metrics,
            "isShowSideBar" => &mut self.is_show_side_bar,
            "isShowDashboardName" => &mut self.is_show_dashboard_name,
            "isDisableMetricCreation" => &mut self.is_disable_metric_creation,
            _ => return None,
        })
    }
}
