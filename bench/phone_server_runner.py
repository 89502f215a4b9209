"""A phone server in its own process, as the kiosk runs it, for `bench/phones.py`.

Prints one JSON line {"url", "base", "token"}; then reads commands on stdin: `round` closes and reveals the
current round and opens a new one (prints "ok", then the process's CPU seconds so far before and after
that change of round); end of input stops it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop.packs import find_pack  # noqa: E402
from workshop.session import Session  # noqa: E402
from workshop.web.server import PhoneServer, RateLimit  # noqa: E402


async def main(folder: str) -> None:
    session = Session.create(Path(folder), find_pack("hymn-sheet"), "bench", "1234")
    while session.step.kind != "open":
        session.next_step()
    server = PhoneServer(session, host="127.0.0.1", port=0, rate_limit=RateLimit())
    # Each round of the bench sends 30 first visits (no cookie) at once, 11 rounds in a few seconds: a
    # room joins once. The shared first-visit bucket would refuse the rest (429), so it is widened
    # here; the work per request (the same bucket check) is unchanged.
    server.joining = RateLimit(burst=100_000, per_second=100_000)
    await server.start()
    print(json.dumps({"url": server.url, "base": server.base_url, "token": server.join_token}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        if line.strip() == "round":
            phones_done = time.process_time()  # the round's phones are all answered: CPU before the next round
            session.close_round()  # a one-phone round: closed first, or its reveal waits for min_answers
            session.reveal()
            session.new_round()
            print(f"ok {phones_done:.6f} {time.process_time():.6f}", flush=True)  # CPU seconds so far: before, after
    await server.stop()
    session.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
