"""Typed shapes of guest-token requests, for type checkers and editors.

The keys are Databrain's documented (camelCase) spellings, so examples pasted from its docs
type-check. At run time the snake_case spellings (``app_filters``, ``metric_id``,
``is_show_side_bar``, ...) are accepted too; filter and column names inside ``values`` are
your data and are never renamed.

Imported lazily: ``import databrain`` does not load this module (it imports ``typing``).
"""

from __future__ import annotations

from typing import List, Literal, Mapping, TypedDict, Union

__all__ = [
    "AppFilter",
    "DashboardAppFilter",
    "DateRangeFilterValue",
    "ErrorCode",
    "FilterValue",
    "FilterValues",
    "GuestTokenParams",
    "NumberRangeFilterValue",
    "Permissions",
    "RlsSetting",
    "SqlFilterValue",
]


class SqlFilterValue(TypedDict):
    """Values taken from a query: ``{"sql": "SELECT ...", "columnName": "name"}``."""

    sql: str
    columnName: str


class DateRangeFilterValue(TypedDict):
    """ISO dates, ``startDate <= endDate``; dashboard filters only."""

    startDate: str
    endDate: str


class NumberRangeFilterValue(TypedDict):
    """Finite numbers, ``min <= max``; dashboard filters only."""

    min: float
    max: float


FilterValue = Union[
    bool,
    int,
    float,
    str,
    List[str],
    SqlFilterValue,
    DateRangeFilterValue,
    NumberRangeFilterValue,
]
"""One filter's value. Booleans and numbers only in ``appFilters``/``rlsSettings``, ranges only
in ``dashboardAppFilters``; strings, string lists and SQL objects in both."""

FilterValues = Mapping[str, FilterValue]
"""Filter (column) name -> value. Names are your data: never renamed or case-converted."""


class AppFilter(TypedDict):
    """A metric-level filter, invisible to the end user."""

    metricId: str
    values: FilterValues


class _DashboardAppFilterRequired(TypedDict):
    dashboardId: str
    values: FilterValues


class DashboardAppFilter(_DashboardAppFilterRequired, total=False):
    """A dashboard-level filter. ``isShowOnUrl`` (default true) ``False`` keeps the values out of
    the embed's URL."""

    isShowOnUrl: bool


class _RlsSettingRequired(TypedDict):
    values: FilterValues


class RlsSetting(_RlsSettingRequired, total=False):
    """Row-level-security values, optionally for one metric."""

    metricId: str


class GuestTokenParams(TypedDict, total=False):
    """The ``params`` of a guest token; every key is optional."""

    appFilters: List[AppFilter]
    dashboardAppFilters: List[DashboardAppFilter]
    hideDashboardFilters: List[str]
    userIdentifier: str
    rlsSettings: List[RlsSetting]
    allowedEmbeds: List[str]
    timezone: str


class Permissions(TypedDict, total=False):
    """What the end user may do in the embed. Exactly these ten keys; any subset."""

    isEnableArchiveMetrics: bool
    isEnableManageMetrics: bool
    isEnableCreateDashboardView: bool
    isEnableMetricUpdation: bool
    isEnableCustomizeLayout: bool
    isEnableUnderlyingData: bool
    isEnableDownloadMetrics: bool
    isShowSideBar: bool
    isShowDashboardName: bool
    isDisableMetricCreation: bool


ErrorCode = Literal[
    # Raised before anything is sent.
    "VALIDATION_ERROR",
    "CONFIGURATION_ERROR",
    # No usable answer.
    "TIMEOUT",
    "CONNECTION_ERROR",
    "DECODE_ERROR",
    "API_ERROR",
    # Databrain's documented codes.
    "AUTHENTICATION_ERROR",
    "EXPIRED_TOKEN",
    "INVALID_REQUEST_BODY",
    "CLIENT_ID_ERROR",
    "DASHBOARD_PARAM_ERROR",
    "APP_FILTER_PARAM_ERROR",
    "RLS_SETTINGS_PARAM_ERROR",
    "DATA_APP_NOT_FOUND",
    "DATA_APP_ID_ERROR",
    "WORKSPACE_ID_ERROR",
    "INVALID_PERMISSIONS",
    "RATE_LIMIT_EXCEEDED",
    "INTERNAL_SERVER_ERROR",
]
"""The codes ``DatabrainError.code`` is documented to take. ``code`` is typed ``str`` because a
server may send codes this SDK does not know yet; compare against these."""
