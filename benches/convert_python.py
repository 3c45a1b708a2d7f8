"""Conversion cost of a maximal vs a minimal request in the Python binding (sync, no API key:
the core parses and validates, then fails before any I/O). Best of 5 loops, as benches/python_bench.py."""
import json, re, sys, time, pathlib, os
os.environ.pop("DATABRAIN_API_KEY", None)
from databrain import ConfigurationError, Databrain
vec = json.loads(pathlib.Path(sys.argv[1]).read_text())["input"]
maximal = {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): v for k, v in vec.items()}
minimal = {"client_id": "user-1", "data_app_name": "sales-dashboard"}
c = Databrain(base_url="http://127.0.0.1:9", max_retries=0)
out = {}
for label, kw in (("minimal", minimal), ("maximal", maximal)):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter_ns()
        for _ in range(20000):
            try:
                c.create_guest_token(**kw)
            except ConfigurationError:
                pass
        best = min(best, (time.perf_counter_ns() - t) / 1000 / 20000)
    out[label] = best
out["extra"] = out["maximal"] - out["minimal"]
print(json.dumps(out))
