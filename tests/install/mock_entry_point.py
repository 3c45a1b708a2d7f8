"""Starts an installed mock entry point (`databrain-mock`, `python -m databrain.testing`,
`npx databrain-mock`) given as the arguments, reads the URL and API key it prints, mints a guest
token against it over plain HTTP, interrupts it and checks that it exits 0. Standard library
only, so it checks the npm package's bin as well as the wheel's scripts."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

# Its own process group, interrupted as a terminal's Ctrl-C does (npx passes the signal on to
# the bin only that way).
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, text=True, start_new_session=True)
try:
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    printed = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
    assert url.startswith("http://127.0.0.1:") and printed["DATABRAIN_BASE_URL"] == url, (url, printed)
    request = urllib.request.Request(
        url + "/api/v2/guest-token/create",
        data=json.dumps({"clientId": "u1", "dataAppName": "sales-dashboard"}).encode(),
        headers={"content-type": "application/json", "authorization": "Bearer " + printed["DATABRAIN_API_KEY"]},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        token = json.loads(answer.read())["token"]
    os.killpg(process.pid, signal.SIGINT)
    code = process.wait(15)
    # npx waits for the bin to exit, then re-raises the interrupt on itself (as shells expect
    # of a Ctrl-C'd command): -SIGINT from npx means the bin exited in time.
    allowed = (0, -signal.SIGINT) if os.path.basename(sys.argv[1]) == "npx" else (0,)
    assert code in allowed, f"exit {code} after SIGINT"
    print(f"{' '.join(sys.argv[1:])}: served {url}, minted {token[:4]}..., exited {code} on SIGINT")
finally:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
