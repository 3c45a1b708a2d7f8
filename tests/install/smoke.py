"""What a new user does right after `pip install databrain`: a blocking and an asyncio guest
token, an API key, and a rejected key, against the package's bundled mock over real HTTP.

Run with the interpreter of the venv under test: python smoke.py EXPECTED_VERSION
"""

import asyncio
import re
import sys
from pathlib import Path

import databrain
from databrain import AsyncDatabrain, AuthenticationError, Databrain
from databrain.testing import MockServer

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"smoke.py: {message}")


def main(expected_version: str) -> None:
    # The package must come from this venv, not from a checkout on sys.path.
    location = Path(databrain.__file__).resolve()
    check(location.is_relative_to(Path(sys.prefix).resolve()), f"databrain imported from {location}")
    check(databrain.__version__ == expected_version, f"__version__ is {databrain.__version__}")

    with MockServer() as mock:
        client = Databrain(base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token)
        token = client.create_guest_token(client_id="install-sync", data_app_name="sales-dashboard")
        check(UUID.fullmatch(token) is not None, f"sync guest token {token!r} is not a UUID")

        async def mint() -> str:
            async with AsyncDatabrain(base_url=mock.url, api_key=mock.api_key) as aclient:
                return await aclient.create_guest_token(client_id="install-async", data_app_name="sales-dashboard")

        async_token = asyncio.run(mint())
        check(UUID.fullmatch(async_token) is not None, f"async guest token {async_token!r} is not a UUID")

        issued = [(t["token"], t["clientId"]) for t in mock.guest_tokens()]
        check(issued == [(token, "install-sync"), (async_token, "install-async")], f"mock issued {issued}")

        api_key = client.create_api_token(data_app_name="sales-dashboard", name="install smoke test")
        check(isinstance(api_key, str) and api_key != "", "empty API key")

        wrong = Databrain(base_url=mock.url, api_key="00000000-0000-4000-8000-000000000000", max_retries=0)
        try:
            wrong.create_guest_token(client_id="install-sync", data_app_name="sales-dashboard")
        except AuthenticationError as err:
            check(err.status == 401, f"status {err.status}")
        else:
            check(False, "an unknown API key was accepted")

    print(f"smoke.py: databrain {databrain.__version__} from {location.parent}: sync, async, API key, 401 ok")


if __name__ == "__main__":
    main(sys.argv[1])
