"""``python -m databrain.testing`` and the ``databrain-mock`` command: the bundled mock Databrain
API, served on 127.0.0.1 until interrupted, for trying the SDK or an app without a checkout.

The first line of stdout is the base URL (a script can start it on port 0 and read where it
listens); the next three are the ``DATABRAIN_*`` variables a client needs to use it. SIGINT
(Ctrl-C) or SIGTERM stops it and exits 0.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any, Dict, List, Optional


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="databrain-mock",
        description="Serve the bundled mock Databrain API on 127.0.0.1 until Ctrl-C or SIGTERM.",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: a free one)")
    parser.add_argument(
        "--seed",
        metavar="FILE",
        help='JSON seed: {"serviceTokens": [...], "dataApps": [{"name": ..., "apiKeys": [...]}], ...} '
        "(default: data apps sales-dashboard and Customer Portal Analytics)",
    )
    return parser


def _read_seed(parser: argparse.ArgumentParser, path: Optional[str]) -> Optional[Dict[str, Any]]:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as file:
            seed = json.load(file)
    except (OSError, ValueError) as err:
        parser.error(f"--seed {path}: {err}")
    if not isinstance(seed, dict):
        parser.error(f"--seed {path}: expected a JSON object")
    return seed


def main(argv: Optional[List[str]] = None) -> int:
    from .testing import MockServer

    parser = _parser()
    args = parser.parse_args(argv)
    seed = _read_seed(parser, args.seed)
    stop = threading.Event()

    def on_signal(signum: int, frame: Optional[FrameType]) -> None:
        stop.set()

    # Installed before the URL is printed: a parent that reads it and signals at once is heard.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        server = MockServer(seed, port=args.port)
    except (ValueError, OSError) as err:
        print(f"databrain-mock: {err}", file=sys.stderr)
        return 2 if isinstance(err, ValueError) else 1
    with server:
        print(server.url)
        print(f"DATABRAIN_BASE_URL={server.url}")
        print(f"DATABRAIN_API_KEY={server.api_key}")
        print(f"DATABRAIN_SERVICE_TOKEN={server.service_token}", flush=True)
        print("databrain-mock: test credentials above; Ctrl-C stops it", file=sys.stderr, flush=True)
        # A bounded wait, so the signal handler runs promptly on every platform.
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
