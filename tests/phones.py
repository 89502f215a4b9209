"""Simulated phones for the phone-server tests: each has its own cookies, like a real browser."""

from __future__ import annotations

import html
import re
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from workshop.web.server import PhoneServer

_FORM = re.compile(r'name="form" value="([A-Z2-7]+)"')


def form_token(page: str) -> str:
    match = _FORM.search(page)
    assert match, page
    return match.group(1)


def visible_text(page: str) -> str:
    """The page's text without tags (enough to check what a person reads)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class Phone:
    def __init__(self, base: str, server: PhoneServer):
        self.base = base.rstrip("/")
        self.server = server
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # cookies from an IP host
        self.last = ""

    @property
    def origin(self) -> str:
        return self.base

    async def get(self, path: str = "/", **kwargs: Any) -> tuple[int, str]:
        async with self.http.get(self.url(path), **kwargs) as response:
            self.last = await response.text()
            return response.status, self.last

    def url(self, path: str) -> str:
        if path.startswith("http"):
            return path
        return f"{self.base}/j/{self.server.join_token}{path}"

    async def post(self, path: str, data: Any, origin: str | None = "own", **kwargs: Any) -> tuple[int, str]:
        headers = kwargs.pop("headers", {})
        if origin == "own":
            headers["Origin"] = self.origin
        elif origin is not None:
            headers["Origin"] = origin
        async with self.http.post(self.url(path), data=data, headers=headers, **kwargs) as response:
            self.last = await response.text()
            return response.status, self.last

    async def answer(self, fields: dict[str, Any] | list[tuple[str, str]], anyway: bool = False) -> tuple[int, str]:
        """Open the question and send `fields` with the page's form token (as a person filling it in would)."""
        status, page = await self.get("/")
        assert status == 200, page
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        data.append(("form", form_token(page)))
        if anyway:
            data.append(("anyway", "1"))
        return await self.post("/answer", data)

    async def close(self) -> None:
        await self.http.close()


async def serve(server: PhoneServer) -> TestServer:
    """The server's own app on a loopback port, through aiohttp's test server."""
    test_server = TestServer(server.app(), host="127.0.0.1")
    await test_server.start_server()
    return test_server
