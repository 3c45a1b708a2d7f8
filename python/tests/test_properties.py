"""Property tests for the Python -> JSON conversion: whatever JSON can express arrives intact,
and nothing a user can pass crashes the interpreter."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databrain import Databrain, DatabrainError, ValidationError
from databrain.testing import GUEST_TOKEN_PATH, MockServer

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
anything = st.recursive(
    json_scalars
    | st.floats()
    | st.integers()
    | st.binary(max_size=4)
    | st.sets(st.integers(), max_size=2)
    | st.dates()
    | st.complex_numbers(),
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4),
    max_leaves=15,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(value=json_values)
def test_json_values_arrive_intact(client: Databrain, mock: MockServer, value: Any) -> None:
    client.create_guest_token(client_id="u", data_app_name="sales-dashboard", extra_body={"x": value})
    assert mock.last_request()["body"]["x"] == value


def _has_non_json(value: Any) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return False
    if isinstance(value, int):
        return not -(2**63) <= value < 2**64
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return any(_has_non_json(v) for v in value)
    if isinstance(value, dict):
        return any(not isinstance(k, str) or _has_non_json(v) for k, v in value.items())
    return True


@SETTINGS
@given(value=anything)
def test_anything_is_sent_or_refused_before_sending(client: Databrain, mock: MockServer, value: Any) -> None:
    before = mock.request_count(GUEST_TOKEN_PATH)
    try:
        client.create_guest_token(client_id="u", data_app_name="sales-dashboard", extra_body={"x": value})
    except ValidationError as err:
        assert _has_non_json(value), err.errors
        assert mock.request_count(GUEST_TOKEN_PATH) == before
        assert all(path.startswith("extraBody.x") for path, _ in err.errors)
    else:
        assert not _has_non_json(value)


@SETTINGS
@given(client_id=st.text(max_size=40), data_app_name=st.text(max_size=40), expiry=st.integers() | st.floats() | st.none())
def test_any_strings_fail_cleanly(
    client: Databrain, mock: MockServer, client_id: str, data_app_name: str, expiry: Any
) -> None:
    before = mock.request_count(GUEST_TOKEN_PATH)
    try:
        client.create_guest_token(client_id=client_id, data_app_name=data_app_name, expiry_time=expiry)
    except ValidationError:
        assert mock.request_count(GUEST_TOKEN_PATH) == before
    except DatabrainError as err:  # the mock refused it (e.g. no such data app)
        assert err.status is not None and 400 <= err.status < 500, repr(err)
