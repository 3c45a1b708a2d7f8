"""``server_process(command, env)``: a real server (gunicorn, uvicorn with ``--workers``) as a
child process on a free loopback port, waited for until it answers, stopped by its pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from typing import Dict, Iterator, List


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def server_process(command: List[str], port: int, env: Dict[str, str]) -> Iterator[str]:
    """Runs ``command`` (which must listen on ``port``) and yields its base URL once it
    accepts connections; SIGTERM (then SIGKILL) by pid on the way out."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None:
                raise AssertionError(f"{command[2]} exited: {process.stderr.read() if process.stderr else ''}")
            assert time.monotonic() < deadline, f"{command[2]} did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
