"""Which requests share a cached token, from Python (the core's ``GuestTokenCache::lookup``):
every change to a request — in place, deep inside, of a value's type — reaches the key, and
requests which read the same share one token."""

from __future__ import annotations

import enum
import json
from typing import Any, Dict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databrain import Databrain, GuestTokenCache, ValidationError
from databrain.testing import GUEST_TOKEN_PATH, MockServer

APP = "sales-dashboard"
TEN_MIN = 600_000


def filters(*countries: Any) -> Any:
    return {"app_filters": [{"metric_id": "m1", "values": {"country": list(countries)}}]}


def test_a_request_changed_in_place_gets_its_own_token(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client)
    params = filters("US", "FR")
    first = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params) == first
    # The same dict, changed deep inside: another request.
    params["app_filters"][0]["values"]["country"][1] = "DE"
    second = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
    assert second.token != first.token
    assert mock.guest_tokens()[-1]["body"]["params"]["appFilters"][0]["values"]["country"] == ["US", "DE"]
    params["app_filters"][0]["values"]["country"].append("FR")
    third = cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
    assert third.token not in (first.token, second.token)
    # Changed back: the first request again, and its token.
    params["app_filters"][0]["values"]["country"][1:] = ["FR"]
    assert cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params) == first
    assert mock.request_count(GUEST_TOKEN_PATH) == 3
    assert cache.stats()["hits"] == 2


class Country(str, enum.Enum):
    US = "US"


class Limit(enum.IntEnum):
    TEN = 10


def test_values_that_read_the_same_share_a_token(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client)

    def get(params: Any, limit: Any, expiry_time: Any = TEN_MIN) -> str:
        return cache.get(
            client_id="u1", data_app_name=APP, expiry_time=expiry_time, params=params, extra_body={"limit": limit}
        ).token

    plain = get(filters("US", "FR"), 10)
    # A tuple is a list, a str enum its string, an IntEnum its integer, a whole float where
    # an integer is expected that integer: each is the same request as the plain one.
    assert get({"app_filters": ({"metric_id": "m1", "values": {"country": ("US", "FR")}},)}, 10) == plain
    assert get(filters(Country.US, "FR"), Limit.TEN) == plain
    assert get(filters("US", "FR"), 10, expiry_time=float(TEN_MIN)) == plain
    assert mock.request_count(GUEST_TOKEN_PATH) == 1
    # …while a value of another JSON type is another request (extraBody is sent as given).
    others = {get(filters("US", "FR"), other) for other in (10.0, 10.5, "10", True, None)}
    others.add(get(filters("US"), 10))
    assert len(others) == 6 and plain not in others
    assert mock.request_count(GUEST_TOKEN_PATH) == 7


def test_an_invalid_request_is_rejected_every_time(client: Databrain, mock: MockServer) -> None:
    cache = GuestTokenCache(client)
    params: Any = {"app_filters": [{"metric_id": "m1", "values": {"country": ["US"]}}]}
    cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
    params["app_filters"][0]["values"]["country"].append(float("nan"))
    for _ in range(2):
        with pytest.raises(ValidationError) as err:
            cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
        assert "params.appFilters[0].values.country[1]" in str(err.value)
    params["app_filters"][0]["values"]["country"][1] = object()
    with pytest.raises(ValidationError, match="object cannot be sent as JSON"):
        cache.get(client_id="u1", data_app_name=APP, expiry_time=TEN_MIN, params=params)
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, -1, 2**63, 0.5, 1.0, -0.0, 0.0])
    | st.sampled_from(["", "a", "b", "ab", "é"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b", "ab"]), inner, max_size=3),
    max_leaves=8,
)


def reversed_keys(value: Any) -> Any:
    """The same JSON with every dict's keys in the opposite order."""
    if isinstance(value, dict):
        return {k: reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(v) for v in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests=st.lists(st.tuples(st.sampled_from(["u1", "u2"]), json_values), min_size=1, max_size=6))
def test_requests_share_a_token_iff_they_read_the_same(client: Databrain, requests: Any) -> None:
    cache = GuestTokenCache(client)
    token_of: Dict[str, str] = {}
    for client_id, meta in requests:
        # What the request says as JSON, key order aside: 1, 1.0 and True stay apart here.
        said = json.dumps([client_id, meta], sort_keys=True)
        for spelling in (meta, reversed_keys(meta)):
            token = cache.get(client_id=client_id, data_app_name=APP, expiry_time=TEN_MIN, extra_body={"meta": spelling}).token
            assert token_of.setdefault(said, token) == token, said
    assert len(set(token_of.values())) == len(token_of)
