"""The room's web application: the pages of one open round, for phones.

Pages (French, server-rendered, no JavaScript, no external resource):

* ``GET /`` — welcome: the round, a field for the voting code;
* ``GET /c/{code}`` — the QR code of a slip or a card lands here: the ballot;
* ``POST /bulletin`` — the ballot for a typed code (or back from the review);
* ``POST /relire`` — the review step: the choices, to confirm or change;
* ``POST /voter`` — the vote: recorded through services.phone_votes, then the receipt.

Nothing else is served: no listing, no file, no other round (any other path is a French
404). Every POST carries a CSRF token (HMAC of the browser's session cookie with a
secret of this server, SameSite=Strict cookie), a bounded url-encoded body, and every
client is rate limited. A refusal is a French page and records nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from projter_desktop.paths import resource
from projter_desktop.room import forms
from projter_desktop.services import phone_votes
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError

#: Largest request body accepted (a 60-action impact × feasibility ballot is ~2 KiB).
MAX_BODY_BYTES = 16 * 1024
#: Longest URL path accepted.
MAX_PATH = 200
COOKIE = "projter_room"


@dataclass
class RoomSettings:
    round_uuid: str
    #: token bucket per client address: ``burst`` requests at once, then ``per_second``
    burst: int = 30
    per_second: float = 1.0
    #: Host headers accepted (DNS rebinding): None = any (tests)
    allowed_hosts: tuple[str, ...] | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    #: requests handled at once; more get a French "try again in a few seconds" page (the
    #: server's own backstop above it would answer in English)
    max_in_flight: int = 200


class RateLimiter:
    """Token bucket per client address (thread-safe, bounded memory)."""

    def __init__(self, burst: int, per_second: float, max_clients: int = 4096) -> None:
        self.burst, self.per_second, self.max_clients = burst, per_second, max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > self.max_clients:
                oldest = min(self._buckets, key=lambda k: self._buckets[k][1])
                del self._buckets[oldest]
            return allowed


SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}


class _Refusal(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class Guard:
    """ASGI middleware in front of the pages: rate limit, path length, Host, body size."""

    def __init__(self, app: ASGIApp, room: Room) -> None:
        self.app, self.room = app, room
        self.in_flight = 0  # the server's one event loop: no lock needed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        refusal = None
        if self.in_flight >= self.room.settings.max_in_flight:
            refusal = (503, "Trop de téléphones à la fois", "Trop de téléphones votent en même temps. Attendez "
                                                            "quelques secondes puis renvoyez : rien n'a été enregistré.")
        elif not self.room.limiter.allow(client):
            refusal = (429, "Trop de demandes", "Trop de demandes venant de cet appareil. Attendez une minute "
                                                "puis rechargez la page.")
        elif len(scope.get("path", "")) > MAX_PATH:
            refusal = (404, "Page introuvable", "Cette page n'existe pas.")
        elif self.room.settings.allowed_hosts is not None and _host(scope) not in self.room.settings.allowed_hosts:
            refusal = (400, "Adresse inattendue", "Ouvrez l'adresse affichée à l'écran de la salle.")
        else:
            length = _header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
                refusal = (413, "Formulaire trop long", "Ce formulaire est trop long : rien n'a été enregistré.")
        if refusal is not None:
            await self.room.page(*refusal)(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, _bounded(receive), send)
        finally:
            self.in_flight -= 1


class _TooLarge(Exception):
    pass


def _bounded(receive: Receive) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise _TooLarge()
        return message
    return wrapped


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _host(scope: Scope) -> str:
    return (_header(scope, b"host") or "").lower()


class Room:
    """The web application of one round (``self.app``, an ASGI app)."""

    def __init__(self, db: Any, settings: RoomSettings, on_change: Callable[[Changes], None] | None = None) -> None:
        self.db, self.settings, self.on_change = db, settings, on_change
        self.limiter = RateLimiter(settings.burst, settings.per_second)
        self.env = Environment(loader=FileSystemLoader(str(resource("room"))),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        routes = [
            Route("/", self.welcome, methods=["GET"]),
            Route("/c/{code}", self.landing, methods=["GET"]),
            Route("/bulletin", self.ballot, methods=["POST"]),
            Route("/relire", self.review, methods=["POST"]),
            Route("/voter", self.vote, methods=["POST"]),
        ]
        inner = Starlette(routes=routes, exception_handlers={
            404: self._not_found, 405: self._not_allowed, Exception: self._server_error})
        self.app = Guard(inner, self)
        #: ballots recorded by this server (receipts, not resubmissions)
        self.recorded = 0
        #: one phone ballot written at a time: queued here, in order, rather than in
        #: SQLite's busy handler, whose sleeps (up to 100 ms each) make the slow tail
        self._write_lock = threading.Lock()

    # ----------------------------------------------------------------- rendering

    def render(self, template: str, status: int = 200, cookie: str | None = None, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if cookie is not None:
            response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")
        return response

    def page(self, status: int, title: str, message: str) -> HTMLResponse:
        return self.render("error.html", status=status, title=title, message=message)

    async def _not_found(self, request: Request, exc: Exception) -> Response:
        return self.page(404, "Page introuvable", "Cette page n'existe pas. Ouvrez l'adresse affichée à l'écran.")

    async def _not_allowed(self, request: Request, exc: Exception) -> Response:
        return self.page(405, "Demande refusée", "Cette page ne s'ouvre pas ainsi : revenez à l'accueil du vote.")

    async def _server_error(self, request: Request, exc: Exception) -> Response:
        return self.page(500, "Erreur", "Une erreur est survenue : votre vote n'a pas été enregistré. "
                                        "Prévenez l'animateur ; vous pourrez voter sur papier.")

    # ----------------------------------------------------------------- session and CSRF

    def _session(self, request: Request) -> tuple[str, str | None]:
        """(session id, cookie to set or None)."""
        current = request.cookies.get(COOKIE, "")
        if 20 <= len(current) <= 64 and current.replace("-", "").replace("_", "").isalnum():
            return current, None
        fresh = secrets.token_urlsafe(24)
        return fresh, fresh

    def csrf_token(self, session_id: str) -> str:
        return hmac.new(self.settings.secret, session_id.encode(), hashlib.sha256).hexdigest()

    async def _form(self, request: Request) -> dict[str, list[str]]:
        kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise _Refusal(415, "Formulaire refusé", "Ce formulaire n'a pas la forme attendue : rien n'a été "
                                                     "enregistré. Rechargez la page du vote.")
        try:
            body = await request.body()
        except _TooLarge:
            raise _Refusal(413, "Formulaire trop long", "Ce formulaire est trop long : rien n'a été enregistré.") from None
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body),
                            max_num_fields=400)
        except (UnicodeDecodeError, ValueError):
            raise _Refusal(400, "Formulaire refusé", "Ce formulaire est mal formé : rien n'a été enregistré.") from None
        session_id = request.cookies.get(COOKIE, "")
        token = form.get("csrf", [""])
        if not session_id or len(token) != 1 or not hmac.compare_digest(token[0], self.csrf_token(session_id)):
            raise _Refusal(403, "Formulaire expiré", "Ce formulaire a expiré ou ne vient pas de cette page de vote : "
                                                     "rien n'a été enregistré. Rechargez la page et votez à nouveau.")
        return form

    # ----------------------------------------------------------------- pages

    def _round_context(self) -> dict[str, Any]:
        found = phone_votes.phone_round(self.db, self.settings.round_uuid)
        return {"round": found, "method_title": forms.METHOD_TITLES_FR.get(found.method, "")}

    async def welcome(self, request: Request) -> Response:
        session_id, cookie = self._session(request)
        try:
            context = await run_in_threadpool(self._round_context)
        except UserError as exc:
            return self.page(404, "Vote indisponible", str(exc))
        if not context["round"].open:
            return self.page(409, "Vote clos", phone_votes.ROUND_CLOSED_FR)
        return self.render("welcome.html", cookie=cookie, csrf=self.csrf_token(session_id), **context)

    async def landing(self, request: Request) -> Response:
        session_id, cookie = self._session(request)
        return await self._ballot_page(request.path_params["code"], {}, session_id, cookie)

    async def _ballot_page(self, code: str, marks: Mapping[str, Any], session_id: str, cookie: str | None,
                           error: str = "", status: int = 200) -> Response:
        try:
            ballot = await run_in_threadpool(phone_votes.ballot_form, self.db, self.settings.round_uuid, code)
        except UserError as exc:
            return self._refused(exc, cookie)
        shown = marks or ballot.current_marks
        return self.render(
            "ballot.html", status=status, cookie=cookie, ballot=ballot, code=code, csrf=self.csrf_token(session_id),
            rows=forms.rows(ballot.method, ballot.config, ballot.actions, shown), error=error,
            method=ballot.method.value, method_title=forms.METHOD_TITLES_FR[ballot.method],
            help=forms.METHOD_HELP_FR[ballot.method], config=ballot.config,
            budget=forms.budget_line(ballot.method, ballot.config, shown) if marks else "",
            over_budget=forms.over_budget(ballot.method, ballot.config, shown),
            changing=bool(ballot.current_marks) and not marks)

    def _refused(self, exc: UserError, cookie: str | None = None) -> Response:
        text = str(exc)
        status = 409 if text in (phone_votes.ROUND_CLOSED_FR, phone_votes.CARD_USED_FR,
                                 phone_votes.ROUND_NOT_OPEN_FR, phone_votes.NO_PAPER_LEFT_FR) else 403 if text in (
            phone_votes.UNKNOWN_CODE_FR, phone_votes.NAMED_IN_SECRET_FR, phone_votes.CARD_IN_NAMED_FR) else 400
        title = {409: "Vote impossible", 403: "Code refusé", 400: "Bulletin refusé"}[status]
        response = self.page(status, title, text)
        if cookie is not None:
            response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")
        return response

    async def _posted(self, request: Request) -> tuple[dict[str, list[str]], str]:
        form = await self._form(request)
        code = form.get("code", [""])
        if len(code) != 1 or not code[0].strip():
            raise _Refusal(400, "Code manquant", "Saisissez le code de vote écrit sur votre carte.")
        return form, code[0].strip()

    async def _with_ballot(self, request: Request) -> tuple[Any, dict[str, list[str]], str, dict[str, Any]]:
        form, code = await self._posted(request)
        ballot = await run_in_threadpool(phone_votes.ballot_form, self.db, self.settings.round_uuid, code)
        try:
            marks = forms.read_marks(ballot.method, ballot.config, ballot.actions, form)
        except forms.IncompletePair:
            raise _Refusal(400, "Bulletin incomplet", "Donnez l'impact et la faisabilité d'une action, ou aucun "
                                                      "des deux : rien n'a été enregistré.") from None
        except forms.MalformedForm:
            raise _Refusal(400, "Bulletin refusé", "Ce bulletin est mal formé (un choix qui n'existe pas) : rien "
                                                   "n'a été enregistré. Rechargez la page du vote.") from None
        return ballot, form, code, marks

    async def ballot(self, request: Request) -> Response:
        try:
            form, code = await self._posted(request)
            marks: dict[str, Any] = {}
            if any(k[0] in "mif" and k[1:].isdigit() for k in form):
                _ballot, _form, _code, marks = await self._with_ballot(request)
        except _Refusal as refusal:
            return self.page(refusal.status, refusal.title, refusal.message)
        except UserError as exc:
            return self._refused(exc)
        return await self._ballot_page(code, marks, request.cookies.get(COOKIE, ""), None)

    async def review(self, request: Request) -> Response:
        try:
            ballot, form, code, marks = await self._with_ballot(request)
        except _Refusal as refusal:
            return self.page(refusal.status, refusal.title, refusal.message)
        except UserError as exc:
            return self._refused(exc)
        try:
            phone_votes.check_marks(ballot, marks)
        except UserError as exc:
            return await self._ballot_page(code, marks, request.cookies.get(COOKIE, ""), None,
                                           error=str(exc), status=400)
        hidden = [(k, v) for k, values in form.items() if k not in ("csrf", "submission") for v in values]
        return self.render(
            "review.html", ballot=ballot, hidden=hidden, csrf=self.csrf_token(request.cookies.get(COOKIE, "")),
            submission=phone_votes.new_submission_id(),
            lines=forms.review_lines(ballot.method, ballot.config, ballot.actions, marks),
            budget=forms.budget_line(ballot.method, ballot.config, marks),
            method_title=forms.METHOD_TITLES_FR[ballot.method])

    def _submit(self, code: str, marks: Mapping[str, Any], submission: str) -> Any:
        with self._write_lock:
            return phone_votes.submit(self.db, self.settings.round_uuid, code, marks, submission)

    async def vote(self, request: Request) -> Response:
        try:
            ballot, form, code, marks = await self._with_ballot(request)
            submission = form.get("submission", [""])
            result = await run_in_threadpool(self._submit, code, marks, submission[0] if len(submission) == 1 else "")
        except _Refusal as refusal:
            return self.page(refusal.status, refusal.title, refusal.message)
        except UserError as exc:
            return self._refused(exc)
        if result.changes:
            self.recorded += 1
            if self.on_change is not None:
                self.on_change(result.changes)
        return self.render("receipt.html", ballot=ballot, result=result, code=code,
                           csrf=self.csrf_token(request.cookies.get(COOKIE, "")))
