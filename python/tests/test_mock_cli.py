"""The mock without a checkout: ``python -m databrain.testing`` and the ``databrain-mock`` console
script, each started as a real subprocess: it prints the URL and credentials, serves a mint
until interrupted, and exits 0 on SIGINT or SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from databrain import AuthenticationError, Databrain

ENTRY_POINTS: Dict[str, List[str]] = {
    "python -m databrain.testing": [sys.executable, "-m", "databrain.testing"],
    # Installed by pip (and `maturin develop`) from pyproject's [project.scripts].
    "databrain-mock": [str(Path(sys.executable).with_name("databrain-mock"))],
}


def _start(command: List[str], *args: str) -> Tuple["subprocess.Popen[str]", str, Dict[str, str]]:
    process = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    printed = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
    return process, url, printed


@pytest.fixture
def started() -> Iterator[List["subprocess.Popen[str]"]]:
    processes: List["subprocess.Popen[str]"] = []
    yield processes
    for process in processes:  # a failed test must not leave a server behind
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)  # reaps it and closes its pipes


def _stop(process: "subprocess.Popen[str]", sig: int) -> None:
    process.send_signal(sig)
    assert process.wait(10) == 0, process.stderr.read() if process.stderr else ""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_serves_until_interrupted(name: str, sig: int, started: List["subprocess.Popen[str]"]) -> None:
    process, url, printed = _start(ENTRY_POINTS[name])
    started.append(process)
    assert url.startswith("http://127.0.0.1:"), url
    assert printed["DATABRAIN_BASE_URL"] == url
    client = Databrain(base_url=url, api_key=printed["DATABRAIN_API_KEY"], service_token=printed["DATABRAIN_SERVICE_TOKEN"])
    assert len(client.create_guest_token(client_id="u1", data_app_name="sales-dashboard")) == 36
    assert client.create_api_token(data_app_name="sales-dashboard", name="cli")
    assert process.poll() is None
    _stop(process, sig)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_port_and_seed(name: str, tmp_path: Path, started: List["subprocess.Popen[str]"]) -> None:
    seed = tmp_path / "seed.json"
    key = "44444444-4444-4444-8444-444444444444"
    seed.write_text(json.dumps({"serviceTokens": ["55555555-5555-4555-8555-555555555555"], "dataApps": [{"name": "acme", "apiKeys": [key]}]}))
    port = _free_port()
    process, url, printed = _start(ENTRY_POINTS[name], "--port", str(port), "--seed", str(seed))
    started.append(process)
    assert url == f"http://127.0.0.1:{port}"
    assert (printed["DATABRAIN_API_KEY"], printed["DATABRAIN_SERVICE_TOKEN"]) == (key, "55555555-5555-4555-8555-555555555555")
    client = Databrain(base_url=url, api_key=key)
    assert client.create_guest_token(client_id="u1", data_app_name="acme")
    with pytest.raises(AuthenticationError):
        Databrain(base_url=url, api_key="11111111-1111-4111-8111-111111111111").create_guest_token(client_id="u1", data_app_name="acme")
    _stop(process, signal.SIGINT)


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_bad_seed_file_is_a_usage_error(name: str, tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text("{not json")
    run = subprocess.run([*ENTRY_POINTS[name], "--seed", str(seed)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert str(seed) in run.stderr and run.stdout == ""
