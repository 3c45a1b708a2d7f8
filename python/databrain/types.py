"""Request shapes for type checkers, generated from the core's models by ./scripts/gen-types: do not edit.

Keys are Databrain's documented (camelCase) spellings; snake_case is accepted at run time too.
Filter and column names inside ``values`` are your data and are never renamed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from ._typing_compat import NotRequired, TypeAlias, TypedDict


class Permissions(TypedDict):
    """
    What the embedded end user may do. Unset flags are left out of the body so Databrain's
    defaults apply; the loose-input parser rejects any other key (a typo here silently changes
    what an end user may do).
    """

    isEnableArchiveMetrics: NotRequired[Optional[bool]]
    """
    Archive metrics.
    """
    isEnableManageMetrics: NotRequired[Optional[bool]]
    """
    Manage metrics.
    """
    isEnableCreateDashboardView: NotRequired[Optional[bool]]
    """
    Create dashboard views.
    """
    isEnableMetricUpdation: NotRequired[Optional[bool]]
    """
    Update metrics.
    """
    isEnableCustomizeLayout: NotRequired[Optional[bool]]
    """
    Customize the layout.
    """
    isEnableUnderlyingData: NotRequired[Optional[bool]]
    """
    See underlying data.
    """
    isEnableDownloadMetrics: NotRequired[Optional[bool]]
    """
    Download metrics.
    """
    isShowSideBar: NotRequired[Optional[bool]]
    """
    Show the sidebar.
    """
    isShowDashboardName: NotRequired[Optional[bool]]
    """
    Show the dashboard name.
    """
    isDisableMetricCreation: NotRequired[Optional[bool]]
    """
    Disable metric creation.
    """


class ApiTokenRequest(TypedDict):
    """
    A new data-app API key. Not idempotent: the SDK never retries it once it may have reached
    Databrain, because a retry could mint a second key.
    """

    dataAppName: str
    """
    Must exactly match an existing data app.
    """
    name: str
    """
    A label for the key, e.g. "Production API Key".
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """
    legacyEndpoint: NotRequired[bool]
    """
    Send to the deprecated `/api/v2/dataApp/api-tokens` path.
    """


class SqlFilterValue(TypedDict):
    """
    `{"sql": "SELECT …", "columnName": "name"}`.
    """

    sql: str
    """
    The query that yields the allowed values.
    """
    columnName: str
    """
    The column of the query's result to use.
    """


class DateRangeFilterValue(TypedDict):
    """
    `{"startDate": "2024-01-01", "endDate": "2024-03-23"}` — dashboard filters only.
    """

    startDate: str
    """
    First day (inclusive).
    """
    endDate: str
    """
    Last day (inclusive); not before startDate.
    """


class NumberRangeFilterValue(TypedDict):
    """
    `{"min": 1000, "max": 5000}` — dashboard filters only.
    """

    min: float
    """
    Lower bound.
    """
    max: float
    """
    Upper bound; not less than `min`.
    """


ErrorCode: TypeAlias = Literal['VALIDATION_ERROR', 'CONFIGURATION_ERROR', 'TIMEOUT', 'CONNECTION_ERROR', 'DECODE_ERROR', 'API_ERROR', 'AUTHENTICATION_ERROR', 'EXPIRED_TOKEN', 'INVALID_REQUEST_BODY', 'CLIENT_ID_ERROR', 'DASHBOARD_PARAM_ERROR', 'APP_FILTER_PARAM_ERROR', 'RLS_SETTINGS_PARAM_ERROR', 'DATA_APP_NOT_FOUND', 'DATA_APP_ID_ERROR', 'WORKSPACE_ID_ERROR', 'INVALID_PERMISSIONS', 'RATE_LIMIT_EXCEEDED', 'INTERNAL_SERVER_ERROR']
"""
The codes an error's code is documented to take (a server may send others; compare against these).
"""


FilterValue: TypeAlias = Union[
    bool,
    float,
    str,
    List[str],
    SqlFilterValue,
    DateRangeFilterValue,
    NumberRangeFilterValue,
]
"""
One filter's value. Booleans and numbers only in appFilters and rlsSettings, ranges only in dashboardAppFilters; strings, string lists and SQL objects in every list.
"""


class DashboardAppFilter(TypedDict):
    """
    A dashboard-level filter.
    """

    dashboardId: str
    """
    The dashboard this filter applies to.
    """
    values: Dict[str, FilterValue]
    """
    Filter name → value.
    """
    isShowOnUrl: NotRequired[Optional[bool]]
    """
    false keeps the values out of the embed URL; left out, Databrain's default (true) applies.
    """


class RlsSetting(TypedDict):
    """
    A row-level-security setting; `metricId` may be absent (applies to every metric).
    """

    metricId: NotRequired[Optional[str]]
    """
    The metric it applies to; left out, every metric.
    """
    values: Dict[str, FilterValue]
    """
    Column name → value.
    """


class AppFilter(TypedDict):
    """
    A metric-level filter, invisible to the end user.
    """

    metricId: str
    """
    The metric this filter applies to.
    """
    values: Dict[str, FilterValue]
    """
    Column name → value.
    """


class GuestTokenParams(TypedDict):
    """
    The `params` object of a guest token.
    """

    appFilters: NotRequired[Optional[List[AppFilter]]]
    """
    Metric-level filters, invisible to the end user.
    """
    dashboardAppFilters: NotRequired[Optional[List[DashboardAppFilter]]]
    """
    Dashboard-level filters.
    """
    hideDashboardFilters: NotRequired[Optional[List[str]]]
    """
    Filter names to hide in the embed's UI.
    """
    userIdentifier: NotRequired[Optional[str]]
    """
    Enables private metrics for this end user.
    """
    rlsSettings: NotRequired[Optional[List[RlsSetting]]]
    """
    Row-level-security values.
    """
    allowedEmbeds: NotRequired[Optional[List[str]]]
    """
    Embed ids this token may open.
    """
    timezone: NotRequired[Optional[str]]
    """
    IANA time zone name, e.g. `America/New_York`.
    """


class GuestTokenRequest(TypedDict):
    """
    Everything a guest token can carry. Only clientId and dataAppName are required.
    """

    clientId: str
    """
    The end user's id in your system; Databrain applies row-level security with it.
    """
    dataAppName: str
    """
    Name of an existing data app.
    """
    params: NotRequired[Optional[GuestTokenParams]]
    """
    Filters, RLS settings and embed options.
    """
    permissions: NotRequired[Optional[Permissions]]
    """
    What the end user may do; unset flags keep Databrain's defaults.
    """
    expiryTime: NotRequired[Optional[int]]
    """
    Token lifetime in milliseconds from now (a positive integer); left out, the token never expires.
    """
    datasourceName: NotRequired[Optional[str]]
    """
    Needed only when the data app has several datasources.
    """
    extraBody: NotRequired[Dict[str, Any]]
    """
    Fields this SDK does not model yet, deep-merged into the body after validation; modelled fields stay validated.
    """


class DatabrainTypes(TypedDict):
    """
    An index of the generated types (every definition is reachable from it, so each generator emits all of them).
    """

    guestTokenRequest: NotRequired[GuestTokenRequest]
    apiTokenRequest: NotRequired[ApiTokenRequest]
    errorCode: NotRequired[ErrorCode]
