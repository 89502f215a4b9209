"""The phone server: participants answer from their own phones; one paired phone steers the session.

It runs in the caller's asyncio loop (the kiosk's, which is Textual's), drives the same `Session`
object the kiosk drives, and follows it through `Session.subscribe`, so the session file keeps one
writer and the shared count is one number. What it keeps, and only in memory, is in `PhoneServer`:

* a join token (128 bits, in every URL; a request without it gets a bare 404) and a short join code
  typed at the server's root, which closes for good after `CODE_TRIES` wrong codes;
* a form token per round (a post from an earlier round or another page is refused);
* the set of phones that answered the current round: a random cookie value per phone, forgotten
  when the round ends, never written anywhere, never tied to an answer;
* the paired remote's token, and a one-time pairing token while a pairing code is on screen.

No access log, no addresses, no times: the stored answer is the same document a kiosk turn makes.
See docs/security.md for the threats this answers.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..errors import StorageFailure, as_sentence
from ..session import ANSWERING, END, REVEALED, ROUND, STEP, AnswerError, RevealWaits, Session, answer_text, answer_texts, make_answer
from ..text import ANSWER_LIMIT, NOTE_LIMIT, clean, describe, find_personal_data, warm_guard
from .kinds import FormProblem, pages, read_value

HERE = Path(__file__).resolve().parent
DEFAULT_PORT = 8765
MAX_BODY = 64 * 1024  # the longest action point, percent-encoded, fits several times over
GROUP_QUIET, GROUP_LONGEST = 0.002, 0.010  # a group write waits for a quiet moment, never long (GroupWrite)
CODE_TRIES = 10  # wrong join codes before code entry closes (a new code comes with the next start)
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read off a screen
CODE_LENGTH = 6
RATE_BURST = 40  # requests a phone may make at once ...
RATE_PER_SECOND = 2.0  # ... and on average after that
JOIN_BURST, JOIN_PER_SECOND = 120, 10.0  # first visits (no cookie yet), all phones together
DEVICE_COOKIE, REMOTE_COOKIE = "hs_phone", "hs_remote"
NO_NAMES = "Please don't type names or details of children, families or colleagues."
FOLLOWING = {"question.html", "thanks.html", "waiting.html", "group.html", "remote.html"}  # pages that follow the session live
HEADERS = {
    "Cache-Control": "no-store",  # a phone handed on must not show the last person's answer
    "Referrer-Policy": "same-origin",  # the join token never leaves in a Referer
    "X-Content-Type-Options": "nosniff",
}


def _inline(name: str) -> tuple[Markup, str]:
    """A static file to put inside every page (one request per page, nothing served without the
    token), and its hash for the Content-Security-Policy, which allows that exact text and no other."""
    text = (HERE / "static" / name).read_text()
    return Markup(text), "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CSS, CSS_HASH = _inline("phone.css")
JS, JS_HASH = _inline("phone.js")
HEADERS["Content-Security-Policy"] = (
    f"default-src 'none'; style-src {CSS_HASH}; script-src {JS_HASH}; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def new_token() -> str:
    """128 random bits in upper-case base32: the URL stays in a QR code's compact alphanumeric mode."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def local_address() -> str:
    """This machine's address on the local network (the one its default route uses), or loopback.

    Connecting a UDP socket sends nothing; it only asks the system which address it would use.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


class RateLimit:
    """A token bucket per key (a phone's cookie, or the connection for a phone without one)."""

    def __init__(self, burst: int = RATE_BURST, per_second: float = RATE_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self.buckets: dict[Any, tuple[float, float]] = {}

    def allow(self, key: Any) -> bool:
        now = self.clock()
        tokens, then = self.buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
        if len(self.buckets) > 5000:  # keep memory bounded: forget phones whose bucket is full again
            self.buckets = {k: v for k, v in self.buckets.items() if v[0] + (now - v[1]) * self.per_second < self.burst}
        if tokens < 1:
            self.buckets[key] = (tokens, now)
            return False
        self.buckets[key] = (tokens - 1, now)
        return True


class Refusal(Exception):
    """A request refused with a clear page: what happened and what to do."""

    def __init__(self, status: int, title: str, text: str):
        super().__init__(title)
        self.status, self.title, self.text = status, title, text


def marked(text: str, findings) -> Markup:
    """The answer text, HTML-escaped, with each flagged excerpt inside <mark>."""
    spans: list[tuple[int, int]] = []
    for finding in findings:
        start = text.find(finding.excerpt)
        while start >= 0 and any(s <= start < e for s, e in spans):
            start = text.find(finding.excerpt, start + 1)
        if start >= 0 and finding.excerpt:
            spans.append((start, start + len(finding.excerpt)))
    out, at = [], 0
    for start, end in sorted(spans):
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


@dataclass
class GroupWrite:
    """When the answers queued for one write go to disk: once no other answer has come in for `quiet`
    seconds, and never later than `longest` after the first of them.

    Phones answering together share one write (one fsync for all of them); waiting for a quiet moment
    instead of a fixed time keeps a burst that takes a few milliseconds to arrive in one write, and
    answers no later than it must. Times are the event loop's clock.
    """

    quiet: float = GROUP_QUIET
    longest: float = GROUP_LONGEST
    first: float | None = None
    last: float = 0.0

    def arrived(self, now: float) -> None:
        if self.first is None:
            self.first = now
        self.last = now

    def due(self) -> float | None:
        """When to write what has arrived, or None if nothing waits."""
        if self.first is None:
            return None
        return min(self.last + self.quiet, self.first + self.longest)

    def written(self) -> None:
        self.first = None


class PhoneServer:
    """One web server for one running session; a new one (new tokens) each time phones are turned on.

    `host_actions` are the controls the host (the kiosk) owns: "timer" (start or pause) and "end"
    (end the session and write the summary). Without an "end" action the server ends the session
    in the core itself.
    """

    def __init__(self, session: Session, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 host_actions: dict[str, Callable[[], Any]] | None = None,
                 on_change: Callable[[], None] | None = None,
                 rate_limit: RateLimit | None = None):
        self.session = session
        self.host, self.port = host, port
        self.host_actions = dict(host_actions or {})
        self.on_change = on_change  # the host redraws what it shows about phones (pairing)
        self.rate = rate_limit or RateLimit()
        self.joining = RateLimit(JOIN_BURST, JOIN_PER_SECOND, self.rate.clock)  # all phones without a cookie
        self.secret = secrets.token_bytes(32)  # signs the phones' cookies; forgotten with the server
        self.join_token = new_token()
        self.join_code = new_code()
        self.code_failures = 0
        self.form_token = new_token()
        self.answered: set[str] = set()  # phones that answered this round; emptied when it ends
        self.pair_token: str | None = None
        self.remote_token: str | None = None
        self.remote_form = new_token()
        self.runner: web.AppRunner | None = None
        self._queue: list[tuple[Any, bool, asyncio.Future]] = []  # turns waiting for the next group write
        self._group = GroupWrite()
        self._write_timer: asyncio.TimerHandle | None = None
        # The templates ship with the package: no stat() of every template file on every page.
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True, auto_reload=False)
        self._shared: dict[tuple[str, str, str], bytes] = {}  # pages every phone sees alike (see `shared`)
        session.subscribe(self._session_changed)

    # -- life cycle --

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        j = "/j/{token}"
        app.router.add_get("/", self.code_page)
        app.router.add_post("/", self.code_entered)
        app.router.add_get("/J/{token}/", self.upper_case_link)  # what the QR code holds
        app.router.add_get(j + "/", self.page)
        app.router.add_post(j + "/answer", self.answer)
        app.router.add_get(j + "/state", self.state)
        app.router.add_get(j + "/pair/{pair}", self.pair)
        app.router.add_get("/J/{token}/PAIR/{pair}", self.pair)
        app.router.add_get(j + "/remote", self.remote_page)
        app.router.add_post(j + "/remote", self.remote_post)
        return app

    async def start(self) -> None:
        """Listen on the chosen address. Raises OSError (for example: the port is in use)."""
        # The guard's name lists load once, here, off the event loop: not while the first phone
        # answer holds up every phone of the round.
        await asyncio.get_running_loop().run_in_executor(None, warm_guard)
        self.runner = web.AppRunner(self.app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await self.runner.cleanup()
            self.runner = None
            raise
        if self.port == 0:
            self.port = self.runner.addresses[0][1]

    def forget(self) -> None:
        """Forget every token at once: from now on every request gets a bare 404."""
        self.session.unsubscribe(self._session_changed)
        self.answered.clear()
        self.join_token = self.pair_token = self.remote_token = None  # type: ignore[assignment]

    async def stop(self) -> None:
        """Forget every token and stop listening (answers already taken are written first)."""
        self.forget()
        if self._queue:
            self._write_now()
        if self.runner is not None:
            runner, self.runner = self.runner, None
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self.runner is not None

    # -- what the host shows --

    @property
    def display_host(self) -> str:
        return local_address() if self.host in ("0.0.0.0", "", "::") else self.host

    @property
    def base_url(self) -> str:
        host = f"[{self.display_host}]" if ":" in self.display_host else self.display_host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/j/{self.join_token}/"

    @property
    def qr_url(self) -> str:
        """The join link in capitals (hosts and schemes ignore case): a smaller QR code."""
        return f"{self.base_url.upper()}/J/{self.join_token}/"

    @property
    def code_open(self) -> bool:
        return self.code_failures < CODE_TRIES

    @property
    def paired(self) -> bool:
        return self.remote_token is not None

    def start_pairing(self) -> str:
        """A one-time link that pairs the phone that opens it as the remote (replacing any other)."""
        self.pair_token = new_token()
        return f"{self.base_url.upper()}/J/{self.join_token}/PAIR/{self.pair_token}"

    def unpair(self) -> None:
        self.pair_token = self.remote_token = None
        self.remote_form = new_token()
        self._host_redraw()

    def _host_redraw(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _session_changed(self, session: Session, event: str) -> None:
        if event in (ROUND, STEP, END):  # the round is over: forget who answered, old forms stop working
            self.answered.clear()
            self.form_token = new_token()

    def state_key(self) -> str:
        s = self.session
        return f"{s.state}:{s.step.id}:{s.round}:{s.phase}:{s.mode()}"  # a mode switch changes the page too

    # -- the guard in front of every request --

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        try:
            token = request.match_info.get("token")
            path_ok = request.path == "/" and self.code_open  # without the token: only the join-code form
            if token is not None:
                if not _same(token, self.join_token):  # after stop() no token matches
                    raise web.HTTPNotFound()
            elif not path_ok:
                raise web.HTTPNotFound()
            device = self._known_device(request)
            # A phone is limited by its cookie; requests without one (joining) share one bucket, so
            # fetching fresh cookies in a loop is slow too.
            if device:
                allowed = self.rate.allow(device)
            else:
                allowed = self.rate.allow(("connection", id(request.transport))) and self.joining.allow("joining")
            if not allowed:
                raise Refusal(429, "Too many requests", "This phone sent too many requests at once. Wait a minute, then reload the page.")
            if request.method == "POST":
                self._check_origin(request)
            response = await handler(request)
        except Refusal as refusal:
            response = self.render("refused.html", refusal=refusal, status=refusal.status, request=request)
        except web.HTTPRequestEntityTooLarge:
            refusal = Refusal(413, "Too long to send", "That was more than an answer can hold. Make it shorter and send it again.")
            response = self.render("refused.html", refusal=refusal, status=413, request=request)
        except web.HTTPNotFound:
            response = web.Response(status=404, text="Not found", headers=HEADERS)
        if isinstance(response, web.Response) and not response.prepared:
            response.headers.update(HEADERS)
        return response

    def _check_origin(self, request: web.Request) -> None:
        """Forms are only taken from this server's own pages: a page elsewhere cannot post for a phone."""
        own = f"{request.scheme}://{request.host}"
        origin = request.headers.get("Origin")
        referer = request.headers.get("Referer")
        if origin is not None:
            ok = origin == own
        elif referer is not None:
            ok = referer == own or referer.startswith(own + "/")
        else:
            ok = True  # neither header (some privacy settings): the form token and SameSite cookie still hold
        if not ok:
            raise Refusal(403, "Not sent from this page", "That form came from another web page, so it was not taken. Open the link on the shared screen and answer there.")

    # -- rendering --

    def render(self, template: str, status: int = 200, request: web.Request | None = None, **context: Any) -> web.Response:
        context.setdefault("base", f"/j/{self.join_token}" if self.join_token else "")
        context.setdefault("css", CSS)
        context.setdefault("js", JS)
        context.setdefault("follow", template in FOLLOWING)
        context.setdefault("state", self.state_key())
        html = self.env.get_template(template).render(
            session=self.session, no_names=NO_NAMES, signpost=self.session.signpost, **context,
        )
        return web.Response(text=html, content_type="text/html", status=status)

    def shared(self, template: str, **context: Any) -> web.Response:
        """A page that is the same for every phone at this moment (the empty question form, waiting,
        thank you, the end): rendered once per round and state, then sent as it is to every phone.
        Nothing in it is any one phone's; the key holds everything the page shows that can change."""
        key = (template, self.state_key(), self.form_token)
        body = self._shared.get(key)
        if body is None:
            if len(self._shared) > 8:  # only the current round's pages are ever asked for again
                self._shared.clear()
            body = self.render(template, **context).body
            self._shared[key] = body
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    def _known_device(self, request: web.Request) -> str | None:
        """The phone's cookie if this server issued it (signed), else None: a made-up value is no phone."""
        value = request.cookies.get(DEVICE_COOKIE) or ""
        token, _, mac = value.partition(".")
        return value if mac and _same(mac, self._sign(token)) else None

    def _sign(self, token: str) -> str:
        return hmac.new(self.secret, token.encode(), hashlib.sha256).hexdigest()[:32]

    def _device(self, request: web.Request, response: web.StreamResponse) -> str:
        device = self._known_device(request)
        if device is None:
            token = new_token()
            device = f"{token}.{self._sign(token)}"
            response.set_cookie(DEVICE_COOKIE, device, path=f"/j/{self.join_token}", httponly=True, samesite="Strict")
        return device

    # -- join --

    async def code_page(self, request: web.Request) -> web.Response:
        return self.render("code.html", message="")

    async def code_entered(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        typed = "".join(c for c in str(form.get("code") or "").upper() if c.isalnum())
        if _same(typed, self.join_code):
            return _see_other(f"/j/{self.join_token}/")
        self.code_failures += 1
        if not self.code_open:
            self._host_redraw()  # the shared screen stops showing the code
            raise web.HTTPNotFound()
        return self.render("code.html", status=400, message="That code does not match. Check the code on the shared screen and type it again.")

    async def upper_case_link(self, request: web.Request) -> web.StreamResponse:
        return _see_other(f"/j/{self.join_token}/")

    async def state(self, request: web.Request) -> web.Response:
        key = self.remote_state_key() if request.query.get("remote") else self.state_key()
        return web.Response(text=json.dumps({"state": key}), content_type="application/json")

    def remote_state_key(self) -> str:
        """The remote also follows the count of turns (the number the shared screen shows anyway)."""
        s = self.session
        return f"{self.state_key()}:{s.turns_taken() if s.step.takes_answers else 0}"

    # -- participants --

    def _open_round(self) -> bool:
        s = self.session
        return not s.finished and s.step.takes_answers and s.phase == ANSWERING

    async def page(self, request: web.Request) -> web.Response:
        response = web.Response()
        device = self._device(request, response)
        if self.session.finished:
            out = self.shared("ended.html")
        elif not self._open_round():
            out = self.shared("waiting.html")
        elif self.session.is_group():  # one answer for the room, typed at the kiosk: no form on any phone
            out = self.shared("group.html", step=self.session.step)
        elif device in self.answered:
            out = self.shared("thanks.html")
        else:
            out = self.shared("question.html", **self._question_context())
        out.cookies.update(response.cookies)
        return out

    def question(self, value: Any = None, message: str = "", answer: dict[str, Any] | None = None,
                 findings=None, card: int = 0, status: int = 200) -> web.Response:
        """The current question's form, filled with `value` (what this phone sent, as its kind reads it)."""
        guard = None
        if findings and answer is not None:
            guard = {"describe": describe(findings),
                     "marked": [marked(text, findings) for text in answer_texts(answer)]}
        return self.render("question.html", status=status, **self._question_context(value, message, guard, card))

    def _question_context(self, value: Any = None, message: str = "", guard: dict[str, Any] | None = None,
                          card: int = 0) -> dict[str, Any]:
        return {"step": self.session.step, "value": value, "message": message, "guard": guard, "card": card,
                "form_token": self.form_token, "limit": ANSWER_LIMIT}

    async def answer(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        device = self._known_device(request)
        if not device:
            raise Refusal(400, "Cookies are off", "This page needs its own cookie to count one answer per phone. Allow cookies for this page, or take a turn at the keyboard.")
        if not self._open_round():
            raise Refusal(409, "This round is closed", "The facilitator has stopped taking answers to this question. Look at the shared screen.")
        if self.session.is_group():
            raise Refusal(409, "The room answers this one together", "Nothing was saved from this phone: this question takes one answer for the whole room, typed at the shared screen by the person the group picks. Look up and join in.")
        if not _same(str(form.get("form") or ""), self.form_token):
            raise Refusal(409, "This question has moved on", "That form was for an earlier question or round, so it was not taken. Open the current question.")
        if device in self.answered:
            raise Refusal(409, "Already answered", "This phone has already answered this question. The next question will appear when the facilitator moves on.")
        step = self.session.step
        passed = form.get("pass") is not None
        try:
            value = None if passed else read_value(step, form)
        except FormProblem as problem:  # e.g. a ranking with a place given twice: say what to change
            return self.question(problem.value, message=f"Not saved yet: {problem}.", status=422)
        last = pages(step) - 1
        if not passed and last > 0:  # page by page (a sort step's cards): the form carries the rest
            go = form.get("go")
            at = _int(form.get("at"), 0, last)
            if go == "back":
                return self.question(value, card=max(0, at - 1))
            if go == "next" and at < last:
                return self.question(value, card=at + 1)
        if not passed:
            try:
                answer = make_answer(step, value)
            except AnswerError as error:
                return self.question(value, message=f"Not saved yet: {error}.", status=422, card=last)
            if form.get("anyway") is None:
                findings = find_personal_data(answer_text(answer))
                if findings:
                    return self.question(value, answer=answer, findings=findings)
        self.answered.add(device)  # at once: a second post from this phone while this one waits is refused
        result = await self._store(value, passed)
        if isinstance(result, AnswerError):  # the round closed between the page and the post
            self.answered.discard(device)
            raise Refusal(409, "Not saved", as_sentence(result))
        return _see_other(f"/j/{self.join_token}/")

    async def _store(self, value: Any, passed: bool) -> Any:
        """Queue one turn for the next group write; returns the stored document or the AnswerError.

        Phones answer a round at once: the posts that arrive together (see GroupWrite) are written
        in one go (one fsync for them all), and each phone hears back only once its answer is on
        disk. A disk failure keeps them in the core's `pending`, as for a kiosk turn.
        """
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.append((value, passed, future))
        self._group.arrived(loop.time())
        if self._write_timer is None:
            self._write_timer = loop.call_at(self._group.due(), self._write_when_due)
        return await future

    def _write_when_due(self) -> None:
        loop = asyncio.get_running_loop()
        due = self._group.due()
        if due is not None and loop.time() < due:  # more answers came in meanwhile: wait for them to stop
            self._write_timer = loop.call_at(due, self._write_when_due)
            return
        self._write_now()

    def _write_now(self) -> None:
        if self._write_timer is not None:
            self._write_timer.cancel()
        self._write_timer = None
        self._group.written()
        batch, self._queue = self._queue, []
        try:
            results: list[Any] = self.session.submit_together([(value, passed) for value, passed, _ in batch])
        except StorageFailure:
            results = [None] * len(batch)  # kept in memory by the core, saved on its next write
        except Exception as error:  # noqa: BLE001 - every waiting phone must get an answer
            results = [error] * len(batch)
        for (_, _, future), result in zip(batch, results):
            if future.done():
                continue
            if isinstance(result, Exception) and not isinstance(result, AnswerError):
                future.set_exception(result)
            else:
                future.set_result(result)

    # -- the facilitator's remote --

    def _remote(self, request: web.Request) -> None:
        if not _same(request.cookies.get(REMOTE_COOKIE), self.remote_token):
            raise web.HTTPNotFound()

    async def pair(self, request: web.Request) -> web.StreamResponse:
        pair = request.match_info["pair"].upper()
        if not _same(pair, self.pair_token):
            raise Refusal(404, "This pairing code has been used", "Each pairing code works once. Ask for a new one at the kiosk (facilitator menu).")
        self.pair_token = None
        self.remote_token = new_token()
        self.remote_form = new_token()
        response = _see_other(f"/j/{self.join_token}/remote")
        response.set_cookie(REMOTE_COOKIE, self.remote_token, path=f"/j/{self.join_token}", httponly=True, samesite="Strict")
        self._host_redraw()
        return response

    def remote_actions(self) -> list[tuple[str, str]]:
        s = self.session
        if s.finished:
            return []
        acts: list[tuple[str, str]] = []
        if s.step.takes_answers:
            if s.phase == ANSWERING:
                acts += [("close", "Close the round"), ("reveal", "Reveal the answers"), ("skip", "Skip this step")]
            elif s.phase == REVEALED:
                acts += [("next", "Next step"), ("again", "Ask again: a new round")]
            else:
                acts += [("reveal", "Reveal the answers"), ("skip", "Skip this step")]
            if "timer" in self.host_actions:
                acts.append(("timer", "Start or pause the timer"))
        else:
            acts.append(("next", "Next step"))
        if not s.is_first_step:
            acts.append(("back", "Go back a step"))
        acts.append(("end", "End the session"))
        if s.is_last_step:
            acts = [(a, label) for a, label in acts if a not in ("next", "skip")]
        return acts

    def _redactable(self) -> list[dict[str, Any]]:
        s = self.session
        if not (s.step.takes_answers and s.phase == REVEALED):
            return []
        return [a for a in s.answers(s.step.id, s.round) if not a.get("passed") and not a.get("redacted")
                and answer_text(a.get("answer") or {})]

    async def remote_page(self, request: web.Request, message: str = "", confirm: str = "") -> web.Response:
        self._remote(request)
        s = self.session
        return self.render("remote.html", state=self.remote_state_key(), state_query="?remote=1", step=s.step, actions=self.remote_actions(), message=message,
                           turns=s.turns_taken() if s.step.takes_answers else 0, note=s.note(s.step.id),
                           redactable=[answer_text(a.get("answer", {})) for a in self._redactable()],
                           confirm=confirm, remote_form=self.remote_form, note_limit=NOTE_LIMIT)

    async def remote_post(self, request: web.Request) -> web.StreamResponse:
        self._remote(request)
        form = await request.post()
        if not _same(str(form.get("form") or ""), self.remote_form):
            raise Refusal(409, "Not taken", "That control came from an old page. Open the remote page again.")
        action = str(form.get("action") or "")
        s = self.session
        try:
            if action == "note":
                s.set_note(s.step.id, clean(str(form.get("note") or ""), NOTE_LIMIT))
                return await self.remote_page(request, message="Notes saved.")
            if action == "redact":
                index = _int(form.get("answer"), -1, 10_000)
                answers = self._redactable()
                if not 0 <= index < len(answers):
                    return await self.remote_page(request, message="That answer is no longer on screen.")
                if form.get("confirm") != "yes":
                    return await self.remote_page(request, confirm=f"redact:{index}")
                s.redact(s.step.id, answers[index])
                return await self.remote_page(request, message="The answer is redacted.")
            if action not in {a for a, _ in self.remote_actions()}:
                return await self.remote_page(request, message="That control is not available at this point.")
            if action == "end" and form.get("confirm") != "yes":
                return await self.remote_page(request, confirm="end")
            if action == "close":
                s.close_round()
            elif action == "reveal":
                try:
                    s.reveal()
                except RevealWaits as wait:  # the kiosk's rule: too few answers yet, so nothing is shown
                    return await self.remote_page(request, message=str(wait))
            elif action == "again":
                s.new_round()
            elif action in ("next", "skip"):
                s.next_step()
            elif action == "back":
                s.previous_step()
            elif action == "timer":
                self.host_actions["timer"]()
            elif action == "end":
                # Ending stops this server: send the page first, so the remote shows the end, not an error.
                response = self.render("ended.html")
                response.headers.update(HEADERS)
                await response.prepare(request)
                await response.write_eof()
                self.host_actions.get("end", s.finish)()
                return response
        except StorageFailure:
            return await self.remote_page(request, message="The disk did not take that change; nothing was lost. Try again.")
        return _see_other(f"/j/{self.join_token}/remote")


def _see_other(location: str) -> web.Response:
    """After a post, the browser loads the page again with a GET: a reload never sends twice."""
    return web.Response(status=303, headers={"Location": location})


def _int(raw: Any, low: int, high: int) -> int:
    text = str(raw or "")
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else low
    return max(low, min(high, value))
