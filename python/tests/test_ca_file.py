"""``ca_file``: a PEM bundle trusted beside the system's roots. A loopback HTTPS server whose
certificate a test CA signed forwards to the mock: refused without the CA, accepted with it."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path
from typing import Iterator

import pytest

from databrain import APIConnectionError, ConfigurationError, Databrain
from databrain.testing import DEFAULT_DATA_APP, MockServer

FIXTURES = Path(__file__).resolve().parents[2] / "crates" / "databrain" / "tests" / "fixtures"


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def https_url(mock: MockServer) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "test-ca-leaf-cert.pem", FIXTURES / "test-ca-leaf-key.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    upstream = mock.url.rsplit(":", 1)
    upstream_addr = (upstream[0].split("//")[1], int(upstream[1].rstrip("/")))

    def serve() -> None:
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            try:
                tls = context.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                raw.close()
                continue
            plain = socket.create_connection(upstream_addr)
            threading.Thread(target=_pipe, args=(tls, plain), daemon=True).start()
            threading.Thread(target=_pipe, args=(plain, tls), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"https://localhost:{port}"
    listener.close()


def test_a_private_ca_is_refused_without_ca_file_and_trusted_with_it(https_url: str, mock: MockServer) -> None:
    plain = Databrain(base_url=https_url, api_key=mock.api_key, max_retries=0, use_env=False)
    with pytest.raises(APIConnectionError, match="(?i)certificate"):
        plain.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    trusted = Databrain(base_url=https_url, api_key=mock.api_key, max_retries=0, ca_file=FIXTURES / "test-ca.pem")
    assert trusted.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    with pytest.raises(ConfigurationError, match="caFile .*: cannot read it"):
        Databrain(ca_file="/nonexistent/ca.pem")
