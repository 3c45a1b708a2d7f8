"""One process of the fleet in ``test_shared_cache.py``: a ``GuestTokenCache`` on the shared
tier; for each round, waits for the round's start time and makes ``threads`` concurrent
``get``s of that round's request. Prints ``{"tokens": [[...], ...], "stats": {...}}``.

Arguments: mock URL, API key, Redis URL, rounds, threads, start time (epoch s), period (s)."""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from databrain import Databrain, GuestTokenCache


def main() -> None:
    mock_url, api_key, redis_url = sys.argv[1:4]
    rounds, threads = int(sys.argv[4]), int(sys.argv[5])
    start, period = float(sys.argv[6]), float(sys.argv[7])
    client = Databrain(base_url=mock_url, api_key=api_key, timeout=10.0)
    # 1,000 threads in 20 processes on a 2-core CI machine can starve a process's runtime past
    # the default 50 ms op timeout (which would count as a Redis failure and mint locally); this
    # test is about the lock, the op timeout's bound is tested in Rust.
    cache = GuestTokenCache(client, shared_cache_url=redis_url, shared_cache_op_timeout_ms=1000)
    tokens = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for r in range(rounds):
            time.sleep(max(0.0, start + r * period - time.time()))
            user = f"fleet-{r}"
            futures = [
                pool.submit(lambda: cache.get(client_id=user, data_app_name="sales-dashboard", expiry_time=600_000).token)
                for _ in range(threads)
            ]
            tokens.append([f.result() for f in futures])
    print(json.dumps({"tokens": tokens, "stats": cache.stats()}))


if __name__ == "__main__":
    main()
