"""The event page's "report a problem" form: what a visitor sent, checked, and recorded as a reader's report.

There is no account. A visitor is their address, hashed with a secret key (`db.reports.reporter_of_address`), so
the rate limits of `db.reports` hold per address and no address is stored. The key is ``EVENTRADAR_REPORT_SECRET``
when set (keep it to carry the limits across restarts and several web processes); otherwise one is made at start,
and the limits start afresh with the service. Behind a reverse proxy on the same machine, uvicorn takes the
visitor's address from ``X-Forwarded-For``.

The form is taken only from our own pages: the browser's ``Origin`` (or, without one, ``Referer``) must be this
site, as the request reached it or as ``server.public_url`` names it. Another site cannot make its visitors file
reports (cross-site request forgery), and a no-account form needs nothing more: what a forged report could do is
bounded by the same rate limits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.models.corrections import REPORT_REASONS
from db.reports import DEFAULT_LIMITS, MAX_COMMENT, TOO_MANY, ReportLimits, report, reporter_of_address

# A form of a reason and a comment of MAX_COMMENT characters, percent-encoded, is well under this.
MAX_BODY = 16_384

Problem = Literal["bad_form", "no_reason", "comment_too_long", "cross_site", "too_many", "gone"]


@dataclass(frozen=True, slots=True)
class Sent:
    """The form as the visitor filled it in (shown again when it is refused)."""

    reason: str | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """What became of a form: ``problem`` None when the report is in (HTTP 200), else why not, with its status."""

    sent: Sent
    problem: Problem | None = None

    @property
    def status(self) -> int:
        return {
            None: 200,
            "bad_form": 400,
            "no_reason": 400,
            "comment_too_long": 400,
            "cross_site": 403,
            "gone": 404,
            "too_many": 429,
        }[self.problem]


def origin_of(url: str) -> str | None:
    """scheme://host[:port] of an address, lower-case; None when it has none."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_site(headers: Mapping[str, str], own: set[str]) -> bool:
    """The form came from one of our pages: its Origin, or without one its Referer, is one of ``own``."""
    origin = headers.get("origin")
    if origin is not None:
        return origin.strip().lower() in own
    referer = headers.get("referer")
    return referer is not None and origin_of(referer) in own


def read_form(body: bytes) -> Answer:
    """The reason and comment of an urlencoded form; a problem when it is unreadable or incomplete."""
    if len(body) > MAX_BODY:
        return Answer(Sent(), "bad_form")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return Answer(Sent(), "bad_form")
    reason = next(iter(fields.get("reason", ())), None)
    comment = next(iter(fields.get("comment", ())), "")
    sent = Sent(reason if reason in REPORT_REASONS else None, comment)
    if reason not in REPORT_REASONS:
        return Answer(sent, "no_reason")
    if len(comment.strip()) > MAX_COMMENT:
        return Answer(sent, "comment_too_long")
    return Answer(sent)


class ReportForm:
    """Records the page's reports: one call per submitted form, synchronous (the route runs it in a thread)."""

    def __init__(
        self,
        *,
        engine: Engine,
        secret: str | None,
        clock: Callable[[], dt.datetime],
        limits: ReportLimits = DEFAULT_LIMITS,
    ) -> None:
        self._engine = engine
        # Without a configured key, one for this process: addresses stay unrecoverable, limits last until restart.
        self._secret = secret or secrets.token_hex(32)
        self._clock = clock
        self._limits = limits

    def submit(self, event_id: int, address: str, sent: Sent) -> Answer:
        assert sent.reason is not None, "read_form refuses a form without a reason"
        with Session(self._engine) as session, session.begin():
            result = report(
                session,
                event_id=event_id,
                reason=sent.reason,
                reporter=reporter_of_address(address, self._secret),
                now=self._clock(),
                comment=sent.comment,
                limits=self._limits,
            )
        if result.accepted:
            return Answer(Sent())
        return Answer(sent, "too_many" if result.refused == TOO_MANY else "gone")
