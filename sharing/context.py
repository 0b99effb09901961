"""Per-request facts (request id, client address, caller) that services and logs read without a request."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sharing.principal import Principal


@dataclass
class RequestContext:
    request_id: str = ""
    client_address: str | None = None
    principal: Principal | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("sharing_request", default=None)


def current() -> RequestContext:
    return _current.get() or RequestContext()


def begin(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def end(token: contextvars.Token) -> None:
    _current.reset(token)
