"""Units that cannot trap, over real HTTP against the mock: ``expiry_time`` takes a timedelta
(its exact milliseconds are sent), and a value under a minute is sent but warned about once
per distinct value, at the caller's line."""

from __future__ import annotations

import asyncio
import warnings
from datetime import timedelta

import pytest

from databrain import AsyncDatabrain, Databrain, DatabrainWarning, GuestTokenCache, ValidationError
from databrain.testing import DEFAULT_DATA_APP, MockServer


def _sent_expiry(mock: MockServer) -> object:
    return mock.last_request()["body"].get("expiryTime")


def test_a_timedelta_sends_its_exact_milliseconds(client: Databrain, mock: MockServer) -> None:
    client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=timedelta(hours=1))
    assert _sent_expiry(mock) == 3_600_000
    client.mint_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=timedelta(minutes=2, milliseconds=7))
    assert _sent_expiry(mock) == 120_007
    with pytest.raises(ValidationError, match="expiryTime"):
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=timedelta(microseconds=1500))


def test_a_short_expiry_is_sent_and_warned_about_once_at_the_callers_line(client: Databrain, mock: MockServer) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=3600); line = _line()  # noqa: E702
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=3600)
    assert _sent_expiry(mock) == 3600
    assert len(caught) == 1, [str(w.message) for w in caught]
    warning = caught[0]
    assert issubclass(warning.category, DatabrainWarning)
    assert str(warning.message) == (
        "expiry_time is in milliseconds: 3600 is 3.6 seconds; did you mean 3_600_000? (a timedelta works too)"
    )
    assert (warning.filename, warning.lineno) == (__file__, line)
    # Another value warns again, through the namespace and the cache as well.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.guest_tokens.create(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=3601); line = _line()  # noqa: E702
        GuestTokenCache(client).get(client_id="u2", data_app_name=DEFAULT_DATA_APP, expiry_time=3602)
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=60_000)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2 and "3601 is 3.601 seconds" in messages[0] and "3602 is 3.602" in messages[1], messages
    assert caught[0].filename == __file__ and caught[0].lineno == line


def test_async_warns_at_the_callers_line(mock: MockServer) -> None:
    async def main() -> int:
        client = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key)
        await client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP, expiry_time=1500); return _line()  # noqa: E702

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = asyncio.run(main())
    assert [str(w.message)[:40] for w in caught] == ["expiry_time is in milliseconds: 1500 is "]
    assert (caught[0].filename, caught[0].lineno) == (__file__, line)


def _line() -> int:
    import sys

    return sys._getframe(1).f_lineno
