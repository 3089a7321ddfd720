"""The HTTP API over the corpus store (FastAPI), and the offline dashboard it serves.

    GET  /api/events, /api/events/{id}            filters of ``flashpoint events``, cursor pages
    POST /api/events/{id}/review                   an analyst's verdict (token), audited
    GET  /api/incidents, /api/incidents/{id}
    GET  /api/documents, /api/documents/{id}       a report with its text, events and quotes
    POST /api/documents                            read and store one report (token)
    GET  /api/quotes, /api/entities
    GET  /api/dyads/{a}-{b}/situation | timeline | forecast
    GET  /api/export?format=plover|acled|geojson   the selected events as a file
    GET  /api/changes?after=                       the change feed (created, updated, merged, reviewed)
    GET  /api/audit                                the audit log (token)
    GET  /openapi.json                             this API, described
    GET  /, /static/*                              the dashboard (``api/web/``)

Every error is ``{"error": "<one line reason>", "status": <code>}``. Writes need a token
(``Authorization: Bearer <token>``; the server knows only its SHA-256); reads need one too when
``public_reads`` is off. Bodies over ``max_body_bytes`` get 413; over ``rate_per_minute`` requests from one
address in a minute get 429 with Retry-After. Nothing is loaded from the network: no Swagger UI from a CDN.
"""

import datetime as dt
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRouter
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from flashpoint import __version__
from flashpoint.api import queries
from flashpoint.api.documents import DocumentReader
from flashpoint.api.limits import BodyLimit, RateLimit
from flashpoint.api.schemas import (
    AuditLog,
    ChangeFeed,
    DocumentCreated,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    EntityPage,
    ErrorBody,
    EventDetail,
    EventPage,
    IncidentDetail,
    IncidentPage,
    QuotePage,
    ReviewDone,
    ReviewIn,
    Verdict,
)
from flashpoint.api.settings import ApiSettings
from flashpoint.corpus.query import EventQuery, parse_bbox, parse_dyad
from flashpoint.corpus.store import Store, StoreSession
from flashpoint.errors import ConfigError, DocumentError, FlashpointError, ModelError, StoreError

if TYPE_CHECKING:
    from flashpoint.annotate.registry import Services

WEB = Path(__file__).parent / "web"
#: Export formats served as one file: (media type, file suffix).
EXPORT_MEDIA: dict[str, tuple[str, str]] = {
    "plover": ("application/x-ndjson", "jsonl"),
    "acled": ("text/csv", "csv"),
    "geojson": ("application/geo+json", "geojson"),
}


#: Days the API accepts (the dyad view computes day by day from them), and the longest daily series.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
MAX_DAILY_DAYS = 3660


def _check_days(**days: dt.date | None) -> None:
    for name, day in days.items():
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ConfigError(f"{name} {day} is outside {FIRST_DAY}..{LAST_DAY}")


class ApiError(Exception):
    """An answer other than 2xx, with its one-line reason."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers


def _error(status: int, reason: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": reason, "status": status}, status_code=status, headers=headers)


_DEFAULT_PHRASES = {"Not Found", "Method Not Allowed"}


def _validation_reason(exc: RequestValidationError) -> str:
    """The first validation error as one line: where, and what is wrong."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ())]
    where = {"query": "query parameter", "path": "path parameter", "body": "body", "header": "header"}
    if loc and loc[0] in where:
        place = where[loc[0]] + (" " + ".".join(loc[1:]) if len(loc) > 1 else "")
    else:
        place = ".".join(loc) or "request"
    message = str(first.get("msg", "invalid value")).replace("\n", " ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{place}: {message}{more}"


def _install_errors(app: FastAPI) -> None:
    async def api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error(exc.status, exc.reason, exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        reason = str(exc.detail)
        if exc.status_code == 404 and reason in _DEFAULT_PHRASES:
            reason = f"no such path: {request.url.path}"
        elif exc.status_code == 405 and reason in _DEFAULT_PHRASES:
            reason = f"method {request.method} is not allowed on {request.url.path}"
        return _error(exc.status_code, reason, dict(exc.headers) if exc.headers else None)

    async def validation_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error(422, _validation_reason(exc))

    async def flashpoint_error(_request: Request, exc: Exception) -> Response:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ConfigError | DocumentError):
            return _error(422, reason)
        if isinstance(exc, StoreError | ModelError):
            return _error(503, reason)
        return _error(500, reason)

    async def crash(_request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error ({type(exc).__name__})")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(FlashpointError, flashpoint_error)
    app.add_exception_handler(Exception, crash)


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request"),
        (404, "No such item or path"),
        (413, "Request body too large"),
        (422, "A parameter or the body is not valid; the reason says which"),
        (429, "Too many requests; see Retry-After"),
        (503, "The store is unavailable"),
    )
}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "A token is required"},
    403: {"model": ErrorBody, "description": "The token is not accepted"},
}


def create_app(
    store: Store,
    *,
    settings: ApiSettings | None = None,
    services: "Services | None" = None,
    web_root: Path | None = None,
) -> FastAPI:
    """The API over ``store``. ``services`` is the reading pipeline for POSTed documents (built on the first
    POST when None, then kept); ``web_root`` the dashboard folder (``index.html`` and ``static/``; default
    the bundled ``api/web``)."""
    settings = settings if settings is not None else ApiSettings()
    lock = threading.RLock()
    with lock, store.session():  # create or upgrade the store once, so that reads find it
        pass
    reader = DocumentReader(store, lock, services)
    web = web_root if web_root is not None else WEB

    app = FastAPI(
        title="flashpoint",
        version=__version__,
        summary="Structured, sourced records of an armed crisis, read from news reports.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        responses=_ERRORS,
    )
    _install_errors(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, per_minute=settings.rate_per_minute)
    app.state.settings = settings
    app.state.store = store
    app.state.reader = reader

    bearer = HTTPBearer(auto_error=False, description="A token the server knows by its SHA-256.")

    def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> str:
        if credentials is None or not credentials.credentials:
            raise ApiError(
                401, "a token is required: send Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
            )
        user = settings.user_of(credentials.credentials)
        if user is None:
            raise ApiError(403, "the token is not accepted")
        return user

    def public() -> str:
        return "public"

    read_guard = public if settings.public_reads else require_token
    read_responses = {} if settings.public_reads else _AUTH_ERRORS

    @contextmanager
    def session() -> Iterator[StoreSession]:
        with lock, store.session(read_only=True) as db:
            yield db

    def locked(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with lock:
            return func(*args, **kwargs)

    reads = APIRouter(prefix="/api", dependencies=[Depends(read_guard)], responses=read_responses)
    writes = APIRouter(prefix="/api", responses=_AUTH_ERRORS)

    Limit = Annotated[
        int | None,
        Query(ge=1, le=settings.max_page_size, description=f"Page size (default {settings.page_size})."),
    ]
    Cursor = Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page.")]

    class Filters:
        """The filters of ``flashpoint events`` as query parameters."""

        def __init__(
            self,
            dyad: Annotated[str | None, Query(description="Two actor codes, e.g. PAK-AFG.")] = None,
            actor: Annotated[str | None, Query(description="An actor code or words of a name.")] = None,
            category: Annotated[list[str] | None, Query(description="PLOVER category (repeatable).")] = None,
            status: Annotated[list[str] | None, Query(description="Event status (repeatable).")] = None,
            origin: Annotated[
                list[str] | None, Query(description="text, acled, ucdp, gdelt, plover.")
            ] = None,
            since: Annotated[dt.date | None, Query(description="From this day, YYYY-MM-DD.")] = None,
            until: Annotated[dt.date | None, Query(description="To this day, YYYY-MM-DD.")] = None,
            place: Annotated[
                str | None, Query(description="Words of a place name, or a country code.")
            ] = None,
            bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
            source: Annotated[
                str | None, Query(description="Words of a publisher, source or outlet.")
            ] = None,
            text: Annotated[str | None, Query(description="Words of the evidence text.")] = None,
            reviewed_only: Annotated[bool, Query(description="Only events an analyst reviewed.")] = False,
            verdict: Annotated[
                list[Verdict] | None, Query(description="Only these verdicts (repeatable).")
            ] = None,
        ) -> None:
            self.query = EventQuery(
                dyad=parse_dyad(dyad) if dyad else None,
                actor=actor or None,
                category=tuple(category or ()),
                status=tuple(status or ()),
                origin=tuple(origin or ()),
                since=since,
                until=until,
                place=place or None,
                bbox=parse_bbox(bbox) if bbox else None,
                source=source or None,
                text=text or None,
            )
            _check_days(since=since, until=until)
            if since and until and since > until:
                raise ConfigError(f"since {since} is after until {until}")
            self.reviewed_only = reviewed_only
            self.verdicts = tuple(verdict or ())

    def size(limit: int | None) -> int:
        return limit if limit is not None else settings.page_size

    # -- events -----------------------------------------------------------------------------------------
    @reads.get("/events", response_model=EventPage, summary="Events, filtered, one page at a time")
    def list_events(
        filters: Annotated[Filters, Depends()], limit: Limit = None, cursor: Cursor = None
    ) -> dict[str, Any]:
        with session() as db:
            rows, following = queries.select_events(
                db,
                filters.query,
                reviewed_only=filters.reviewed_only,
                verdicts=filters.verdicts,
                limit=size(limit),
                cursor=cursor,
            )
            return {"items": queries.event_items(db, rows), "next_cursor": following}

    @reads.get("/events/{event_id}", response_model=EventDetail, summary="One event, with its article")
    def get_event(event_id: str) -> dict[str, Any]:
        with session() as db:
            row = queries.event_by_id(db, event_id)
            if row is None:
                raise ApiError(404, f"no such event: {event_id}")
            item = queries.event_items(db, [row])[0]
            item["article"] = queries.article_ref(db.article(row.article_id) if row.article_id else None)
            return item

    @writes.post("/events/{event_id}/review", response_model=ReviewDone, summary="Review an event")
    def review_event(
        event_id: str, review: ReviewIn, user: Annotated[str, Depends(require_token)]
    ) -> dict[str, Any]:
        with lock, store.session() as db:
            if queries.event_by_id(db, event_id) is None:
                raise ApiError(404, f"no such event: {event_id}")
            db.review_event(event_id, review.verdict, user=user, reason=review.reason)
            done = queries.review_json(db.reviews([event_id]).get(event_id))
        assert done is not None
        return {"event_id": event_id, **done}

    @writes.get("/audit", response_model=AuditLog, summary="The audit log of analysts' edits")
    def audit(_user: Annotated[str, Depends(require_token)]) -> dict[str, Any]:
        with session() as db:
            return {"items": queries.audit_items(db)}

    # -- incidents --------------------------------------------------------------------------------------
    @reads.get("/incidents", response_model=IncidentPage, summary="Incidents, filtered, one page at a time")
    def list_incidents(
        filters: Annotated[Filters, Depends()], limit: Limit = None, cursor: Cursor = None
    ) -> dict[str, Any]:
        with session() as db:
            rows, following = queries.select_incidents(
                db,
                filters.query,
                reviewed_only=filters.reviewed_only,
                verdicts=filters.verdicts,
                limit=size(limit),
                cursor=cursor,
            )
        return {"items": [queries.incident_item(i) for i in rows], "next_cursor": following}

    @reads.get(
        "/incidents/{incident_id}", response_model=IncidentDetail, summary="One incident and its events"
    )
    def get_incident(incident_id: str) -> dict[str, Any]:
        with session() as db:
            found = db.select_incidents("WHERE id = ?", [incident_id])
            if not found:
                raise ApiError(404, f"no such incident: {incident_id}")
            inc = found[0]
            rows = db.select_events(
                "WHERE id IN (SELECT unnest(?))",
                [list(inc.event_ids)],
                order=f"ORDER BY {queries.DATE_KEY}, id",
            )
            return {**queries.incident_item(inc), "items": queries.event_items(db, rows)}

    # -- documents --------------------------------------------------------------------------------------
    @reads.get("/documents", response_model=DocumentPage, summary="Stored reports, in ingest order")
    def list_documents(limit: Limit = None, cursor: Cursor = None) -> dict[str, Any]:
        with session() as db:
            items, following = queries.select_documents(db, limit=size(limit), cursor=cursor)
        return {"items": items, "next_cursor": following}

    @reads.get(
        "/documents/{document_id}", response_model=DocumentOut, summary="A report: text, events, quotes"
    )
    def get_document(document_id: str) -> dict[str, Any]:
        with session() as db:
            article = db.article(document_id)
            if article is None:
                raise ApiError(404, f"no such document: {document_id}")
            events = queries.event_items(db, queries.document_events(db, document_id))
            quotes = queries.document_quotes(db, document_id)
        ref = queries.article_ref(article)
        assert ref is not None
        return {
            **ref,
            "source": article.source,
            "language": article.language,
            "published_source": article.published_source,
            "retrieved_at": article.retrieved_at.isoformat() if article.retrieved_at else None,
            "extractor_version": article.extractor_version,
            "pipeline": article.pipeline,
            "sha256": article.sha256,
            "text": article.text,
            "events": events,
            "quotes": quotes,
        }

    @writes.post(
        "/documents",
        status_code=201,
        response_model=DocumentCreated,
        summary="Read one report and store it with its events",
    )
    def post_document(document: DocumentIn, user: Annotated[str, Depends(require_token)]) -> dict[str, Any]:
        done = reader.ingest(
            document.text,
            title=document.title,
            url=document.url,
            publisher=document.publisher,
            published=document.published,
            user=user,
        )
        return {"id": done.id, "status": done.status, "events": done.events}

    # -- quotes and entities ----------------------------------------------------------------------------
    @reads.get("/quotes", response_model=QuotePage, summary="Quotes, by speaker, words, dyad or document")
    def list_quotes(
        speaker: Annotated[str | None, Query(description="A speaker code, or words of the name")] = None,
        text: Annotated[str | None, Query(description="Words of the quote.")] = None,
        dyad: Annotated[
            str | None, Query(description="Quotes of reports with an event of this dyad.")
        ] = None,
        document: Annotated[str | None, Query(description="Quotes of this document.")] = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        pair = parse_dyad(dyad) if dyad else None
        with session() as db:
            items, following = queries.select_quotes(
                db,
                speaker=speaker or None,
                text=text or None,
                dyad=pair,
                article_id=document or None,
                limit=size(limit),
                cursor=cursor,
            )
        return {"items": items, "next_cursor": following}

    @reads.get("/entities", response_model=EntityPage, summary="Actors and places named in the reports")
    def list_entities(
        kind: Annotated[Literal["actor", "place"] | None, Query()] = None,
        code: Annotated[str | None, Query(description="Actor code or place country code.")] = None,
        name: Annotated[str | None, Query(description="Words of the name.")] = None,
        document: Annotated[str | None, Query(description="Entities of this document.")] = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        with session() as db:
            items, following = queries.select_entities(
                db,
                kind=kind,
                code=code or None,
                name=name or None,
                article_id=document or None,
                limit=size(limit),
                cursor=cursor,
            )
        return {"items": items, "next_cursor": following}

    # -- dyads ------------------------------------------------------------------------------------------
    Side = Annotated[str, PathParam(pattern=r"^[A-Za-z]{2,8}$", description="An actor code, e.g. PAK.")]

    def pair(a: str, b: str) -> tuple[str, str]:
        return a.upper(), b.upper()

    @reads.get("/dyads/{a}-{b}/situation", summary="The situation board of a dyad")
    def dyad_situation(
        a: Side, b: Side, as_of: Annotated[dt.date | None, Query(description="Default: today.")] = None
    ) -> dict[str, Any]:
        from flashpoint.workflows.dyad import situation

        _check_days(as_of=as_of)
        board = locked(situation, store, pair(a, b), as_of)
        data: dict[str, Any] = queries.jsonable(board)
        return data

    @reads.get("/dyads/{a}-{b}/timeline", summary="The daily or weekly series of a dyad")
    def dyad_timeline(
        a: Side,
        b: Side,
        freq: Annotated[Literal["week", "day"], Query()] = "week",
        since: Annotated[dt.date | None, Query()] = None,
        until: Annotated[dt.date | None, Query()] = None,
    ) -> dict[str, Any]:
        from flashpoint.workflows.dyad import series

        _check_days(since=since, until=until)
        if since and until and since > until:
            raise ConfigError(f"since {since} is after until {until}")
        if freq == "day" and since and ((until or dt.date.today()) - since).days > MAX_DAILY_DAYS:
            raise ConfigError(f"a daily series covers at most {MAX_DAILY_DAYS} days: narrow since/until")
        s = locked(series, store, pair(a, b), freq=freq, since=since, until=until)
        data: dict[str, Any] = queries.jsonable(s)
        return data

    @reads.get("/dyads/{a}-{b}/forecast", summary="Forecasts, backtest scores and warnings of a dyad")
    def dyad_forecast(
        a: Side,
        b: Side,
        as_of: Annotated[dt.date | None, Query(description="Default: all data.")] = None,
        seed: Annotated[int | None, Query(ge=0, le=2**32 - 1)] = None,
    ) -> dict[str, Any]:
        from flashpoint.workflows.warning import outlook

        _check_days(as_of=as_of)
        try:
            out = locked(outlook, store, pair(a, b), as_of, seed)
        except ConfigError as exc:
            raise ApiError(404, str(exc)) from exc
        return {
            "dyad": list(out.series.dyad),
            "series": queries.jsonable(out.series),
            "forecasts": queries.jsonable(out.forecasts),
            "scores": queries.jsonable(out.scores),
            "beats": dict(out.beats),
            "warnings": queries.jsonable(out.warnings),
        }

    # -- export and change feed -------------------------------------------------------------------------
    @reads.get(
        "/export",
        response_class=Response,
        summary="The selected events as a file: PLOVER JSONL, ACLED CSV or GeoJSON",
        responses={200: {"content": {m: {} for m, _ in EXPORT_MEDIA.values()}, "description": "The file"}},
    )
    def export(
        filters: Annotated[Filters, Depends()],
        fmt: Annotated[Literal["plover", "acled", "geojson"], Query(alias="format")] = "plover",
    ) -> Response:
        from flashpoint.interchange import EXPORTS

        with session() as db:
            rows, _ = queries.select_events(
                db, filters.query, reviewed_only=filters.reviewed_only, verdicts=filters.verdicts
            )
        media, suffix = EXPORT_MEDIA[fmt]
        with tempfile.TemporaryDirectory(prefix="flashpoint-export-") as folder:
            target = Path(folder) / f"events.{suffix}"
            EXPORTS[fmt](rows, target)
            body = target.read_bytes()
        name = f"flashpoint-events-{fmt}.{suffix}"
        return Response(
            body,
            media_type=media,
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "X-Event-Count": str(len(rows)),
            },
        )

    @reads.get("/changes", response_model=ChangeFeed, summary="The change feed after a sequence number")
    def changes(
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=settings.max_page_size)] = settings.page_size,
    ) -> dict[str, Any]:
        with session() as db:
            items = queries.change_items(db, after, limit)
        return {"items": items, "next": items[-1]["seq"] if items else after}

    app.include_router(reads)
    app.include_router(writes)

    # -- the dashboard ----------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = web / "index.html"
        if not index.is_file():
            raise ApiError(404, "the dashboard is not installed")
        return FileResponse(index, media_type="text/html")

    app.mount("/static", StaticFiles(directory=web / "static", check_dir=False), name="static")
    return app
