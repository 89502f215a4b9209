"""Figure 8: phones in the room. The phone server runs in its own process (as in the kiosk's), and
simulated phones (aiohttp clients, each with its own cookies) measure, from the phone's side:

* 8a first load: a phone with no cookie opens the join link (one request: style and script are inline);
* 8b answer submit: 30 phones send their answer to one round at the same moment (the post alone, up to
  the server's redirect to the thank-you page); p95 over several rounds; target at most 50 ms;
* 8c a round of 12 answers in the room model: turns at one keyboard against phones at once, from
  workshop/timing.py's per-kind turn times (the timing model of issue 11, docs/timing.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import Results, Row, median, ms, percentile, verdict

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "phone_server_runner.py"
PHONES = 30
TARGET_P95 = 0.050
_FORM = re.compile(r'name="form" value="([A-Z2-7]+)"')

# The room model (8c) asks workshop/timing.py, the model the kiosk's plans use: one turn of each kind
# (read, decide, type: `TurnTime.seconds`) plus a handover (`HANDOVER_SECONDS`: walk up, sit down, the
# next person arrives) for each person at the keyboard. On phones everyone takes that turn at once, so
# the round takes one turn plus the slowest submit (8b's p95); nobody walks. Rows and item counts: a
# sort of the default pack's 18 cards, a ranking of its 7 contexts, a review of 6 actions.
ROOM = 12
MODEL_ROWS = [("open", "open", 0), ("scale", "scale", 0), ("choice", "choice (one)", 0),
              ("choice-multiple", "choice (several)", 0), ("rank", "rank (7 options)", 0),
              ("sort", "sort (18 cards)", 18), ("actions", "action point", 0), ("review", "review (6 actions)", 6)]
JOIN = 20  # seconds, once per session: scan the code, the page loads (our estimate; timing.py has no figure)


def room_model(p95_submit: float, people: int = ROOM) -> list[tuple[str, float, float]]:
    """(kind, seconds at one keyboard, seconds on phones) for a round of `people` answers."""
    from workshop import timing

    rows = []
    for row, label, items in MODEL_ROWS:
        turn = timing.TURNS[row].seconds(items)
        rows.append((label, people * (turn + timing.HANDOVER_SECONDS), turn + p95_submit))
    return rows


class _Phone:
    """A phone reduced to its HTTP: one keep-alive connection, its cookie, raw requests. A real phone's
    own work happens on the phone; a full Python HTTP client per phone would make this process, not
    the server, the thing measured (30 of them share two cores with the server here)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookie = ""
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", origin: str = "") -> tuple[int, dict, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if origin:
            head.append(f"Origin: {origin}")
        if method == "POST":
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                self.cookie = value.strip().split(";", 1)[0]
        data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return int(status_line.split()[1]), headers, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _phone_round(base: str, token: str, count: int) -> tuple[list[float], list[float]]:
    from urllib.parse import urlencode, urlsplit

    where = urlsplit(base)
    phones = [_Phone(where.hostname, where.port) for _ in range(count)]
    loads: list[float] = []
    posts: list[float] = []
    try:
        async def first_load(phone: _Phone) -> str:
            start = time.perf_counter()
            status, _, page = await phone.request("GET", f"/j/{token}/")  # the style and script are inside it
            loads.append(time.perf_counter() - start)
            assert status == 200, status
            return page.decode()

        pages = await asyncio.gather(*(first_load(p) for p in phones))
        forms = [_FORM.search(p).group(1) for p in pages]

        async def send(phone: _Phone, form: str, n: int) -> None:
            body = urlencode({"form": form, "text": f"answer {n} from a phone"}).encode()
            start = time.perf_counter()
            status, _, _ = await phone.request("POST", f"/j/{token}/answer", body, origin=base)
            posts.append(time.perf_counter() - start)
            assert status == 303, status

        await asyncio.gather(*(send(p, f, n) for n, (p, f) in enumerate(zip(phones, forms))))
    finally:
        for phone in phones:
            await phone.close()
    return loads, posts


def bench_phones(results: Results, rounds: int, tmp: Path) -> None:
    print(f"\n== 8: phones in the room ({PHONES} phones at once, {rounds} rounds; server in its own process)", flush=True)
    folder = tmp / "phones"
    folder.mkdir(mode=0o700, exist_ok=True)
    server = subprocess.Popen([sys.executable, str(RUNNER), str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        info = json.loads(server.stdout.readline())
        loads: list[float] = []
        posts: list[float] = []
        single: list[float] = []
        cpu: list[float] = []
        before = 0.0
        for r in range(rounds + 1):
            round_loads, round_posts = asyncio.run(_phone_round(info["base"], info["token"], PHONES))
            server.stdin.write("round\n")
            server.stdin.flush()
            reply = server.stdout.readline().split()
            assert reply[0] == "ok", reply
            if r:  # round 0 warms the server up (imports, first templates)
                loads += round_loads
                posts += round_posts
                cpu.append(float(reply[1]) - before)  # this round's phones, not the change of round after it
            before = float(reply[2])
        for _ in range(rounds * 3):  # one phone alone, for comparison
            one_load, one_post = asyncio.run(_phone_round(info["base"], info["token"], 1))
            single += one_post
            server.stdin.write("round\n")
            server.stdin.flush()
            server.stdout.readline()
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    load_average = os.getloadavg()[0]
    stored = sum(len(json.loads(p.read_text()).get("answers", {})) for p in folder.glob("*.json"))
    results.raw["phones"] = {"first_load_s": loads, "submit_s": posts, "single_submit_s": single, "stored": stored,
                             "server_cpu_per_round_s": cpu, "load_average": load_average}
    p95_load, p95_post = percentile(loads, 95), percentile(posts, 95)
    results.add(Row("8a", f"phone first load, {PHONES} at once, p95", ms(p95_load, 1),
                    "at most 50 ms", verdict(p95_load <= TARGET_P95), note=f"median {ms(median(loads), 1)}"))
    results.add(Row("8b", f"answer submit, {PHONES} phones at once, p95", ms(p95_post, 1), "at most 50 ms",
                    verdict(p95_post <= TARGET_P95),
                    note=f"median {ms(median(posts), 1)}; one phone alone: median {ms(median(single), 1)}; "
                         f"{stored} answers on disk"))
    results.add(Row("8d", f"server CPU for a round of {PHONES} phones (30 loads, 30 answers, their writes)",
                    ms(median(cpu), 1), "info", "info",
                    note=f"what 8a and 8b cost the kiosk's process, whatever else the machine runs; "
                         f"1-minute load average {load_average:.1f} on {os.cpu_count()} CPUs during the run"))
    for kind, keyboard, phones in room_model(p95_post):
        results.add(Row("8c", f"a round of {ROOM} answers, {kind}", f"keyboard {keyboard / 60:.1f} min, "
                        f"phones {phones / 60:.1f} min", "info", "info",
                        note=f"timing.py's turn times; phones add about {JOIN} s once to join"))
