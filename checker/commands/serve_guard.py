"""What keeps `fazhi serve` safe to share on a county's network, in front of its pages (ASGI).

- **Host**: a request must name this server — a localhost name, an IP address (a DNS-rebinding
  page reaches the server only under a name of its own), the address it listens on, or a name
  given with `--allow-host` (the reverse proxy's). Otherwise 421; no Host at all, 400.
- **Origin**: a POST from a page of another site is refused (403) by its Origin header, or its
  Referer when there is no Origin; the forms also carry a token that must match a cookie of the
  server's own (checked by the pages: `csrf_ok`).
- **Headers** on every answer: a Content-Security-Policy with no inline script (the pages' script
  is a file of this server), no framing, no sniffing, no referrer to other sites, nothing cached.
- **Time**: a request body that stops arriving for BODY_TIMEOUT seconds is answered 408 and its
  connection closed; a connection that sends no complete request head within HEAD_TIMEOUT
  seconds is closed (`guarded_h11`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
BODY_TIMEOUT = 30.0  # seconds a request body may pause
HEAD_TIMEOUT = 20.0  # seconds a new connection has to send a complete request head
CSRF_COOKIE = "fazhi_csrf"
CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class BodyStalled(Exception):
    """The client stopped sending the request body for BODY_TIMEOUT seconds."""


def host_name(value: str) -> str:
    """The name in a Host header or URL authority, without port or brackets, lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    if value.count(":") == 1:
        return value.partition(":")[0]
    return value


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guard:
    """ASGI middleware: the Host and Origin checks, the security headers and the body timeout."""

    def __init__(self, app: ASGI, allowed: Iterable[str] = ()) -> None:
        self.app = app
        self.named = frozenset(host_name(name) for name in allowed if name)  # --allow-host, the bound host
        self.allowed = LOCAL_NAMES | self.named

    def host_allowed(self, name: str) -> bool:
        return name in self.allowed or is_ip(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or []}
        guarded = _with_headers(send)
        refusal = self.refusal(scope["method"], headers)
        if refusal is not None:
            status, message = refusal
            await _plain(guarded, status, message)
            return
        await self.app(scope, _timed(receive), guarded)

    def refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        """(status, Chinese message) when the request must be refused, else None."""
        host = headers.get("host", "")
        if not host:
            return 400, "请求缺少 Host 头。"
        name = host_name(host)
        if not self.host_allowed(name):
            return 421, (f"此服务不接受以“{name}”访问。如果这是本服务的正式地址，"
                         f"请管理员启动时加上 --allow-host {name}。")
        if method in ("GET", "HEAD", "OPTIONS"):
            return None
        origin = headers.get("origin") or headers.get("referer") or ""
        if origin and not self.same_site(origin, name):
            return 403, "拒绝来自其他网站的提交：请直接打开本服务的网页上传报告。"
        return None

    def same_site(self, origin: str, host: str) -> bool:
        """Whether a page at `origin` (an Origin or Referer) belongs to this server."""
        if origin == "null":
            return False
        theirs = host_name(urlsplit(origin).netloc)
        return theirs == host or theirs in self.named  # the proxy's name, when it passes another Host on


def _with_headers(send: Send) -> Send:
    async def guarded(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            message["headers"] = list(message.get("headers", [])) + extra
        await send(message)

    return guarded


def _timed(receive: Receive) -> Receive:
    """`receive` that gives up on a body that stops arriving (not on the wait for a disconnect
    once the body is in: that is how a page learns its client has gone)."""
    done = False

    async def timed() -> Message:
        nonlocal done
        if done:
            return await receive()
        try:
            message = await asyncio.wait_for(receive(), BODY_TIMEOUT)
        except TimeoutError:
            raise BodyStalled from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            done = True
        return message

    return timed


async def _plain(send: Send, status: int, message: str) -> None:
    body = f"{message}\n".encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def new_token() -> str:
    return secrets.token_urlsafe(18)


def csrf_ok(cookie: str | None, sent: object) -> bool:
    """The form's token is the one in this browser's cookie (a page of another site can read neither)."""
    return bool(cookie) and isinstance(sent, str) and secrets.compare_digest(cookie, sent)


def guarded_h11() -> type:
    """uvicorn's h11 protocol, closing a connection that sends no complete request head within
    HEAD_TIMEOUT seconds of opening or of its last answer (uvicorn waits for ever: its keep-alive
    timer stops at the first byte, so a client sending a byte now and then held a connection)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._await_head()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._await_head()

        def _await_head(self) -> None:
            waiting = self.cycle  # a new request head replaces it

            def expire() -> None:
                if self.cycle is waiting and not self.transport.is_closing():
                    self.transport.close()

            self.loop.call_later(HEAD_TIMEOUT, expire)

    return GuardedH11
