"""The console's pages. Each reads or writes through the function the JSON API's route runs (``crawls``,
``sources``, ``failures``, ``articles``), so the console and ``/v1`` cannot disagree."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from newsflow_crawl.sources import catalogue, imports, polls
from newsflow_crawl.sources.catalogue import DuplicateSource, SourcePatch
from newsflow_crawl.sources.views import source_page, source_views
from newsflow_shared.db import session_scope
from newsflow_shared.models import Article, Crawl, Failure
from pydantic import ValidationError
from sqlalchemy import func, select

from newsflow_api import articles, crawls, failures
from newsflow_api.article_filters import ArticleFilterParams
from newsflow_api.auth import configured_token, identify
from newsflow_api.console.render import page
from newsflow_api.console.session import (
    COOKIE,
    ConsoleSession,
    check_csrf,
    close_session,
    current_session,
    open_session,
)
from newsflow_api.resources import Resources, get_resources
from newsflow_api.schemas import CrawlCreate

router = APIRouter(prefix="/console", include_in_schema=False)
Res = Annotated[Resources, Depends(get_resources)]
PRE_COOKIE = "newsflow_console_signin"
PAGE_SIZE = 50


def _session(request: Request, resources: Res) -> ConsoleSession:
    return current_session(request, resources)


Session_ = Annotated[ConsoleSession, Depends(_session)]


async def _form(request: Request, session: ConsoleSession) -> dict[str, Any]:
    form = await request.form()
    check_csrf(session, str(form.get("csrf") or ""))
    return dict(form)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)


def _ctx(session: ConsoleSession, **values: Any) -> dict[str, Any]:
    return {"csrf": session.csrf, "principal": session.principal, **values}


# --- sign-in -------------------------------------------------------------------------------------------------


@router.get("")
def home() -> RedirectResponse:
    return _see("/console/sources")


@router.get("/signin")
def signin_form(request: Request, error: str | None = None) -> Response:
    # Login CSRF: a double-submit token (cookie + hidden field), since there is no session yet.
    token = secrets.token_urlsafe(24)
    response = page(request, "signin.html", {"pre_csrf": token, "error": error})
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", path="/console")
    return response


@router.post("/signin")
async def signin(request: Request, resources: Res) -> Response:
    form = await request.form()
    pre = request.cookies.get(PRE_COOKIE) or ""
    if not pre or not secrets.compare_digest(pre, str(form.get("csrf") or "")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="missing or wrong CSRF token: reload the page")
    expected = configured_token(resources.settings)
    presented = str(form.get("token") or "")
    principal = (
        "anonymous" if expected is None else (identify(presented, expected, resources) if presented else "")
    )
    if not principal:
        return page(request, "signin.html", {"pre_csrf": pre, "error": "That token is not valid."}, 401)
    session = open_session(resources, principal)
    response = _see("/console/sources")
    response.set_cookie(
        COOKIE, session.id, httponly=True, samesite="strict", path="/console",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    response.delete_cookie(PRE_COOKIE, path="/console")
    return response


@router.post("/signout")
async def signout(request: Request, resources: Res, session: Session_) -> Response:
    await _form(request, session)
    close_session(request, resources)
    response = _see("/console/signin")
    response.delete_cookie(COOKIE, path="/console")
    return response


# --- crawls --------------------------------------------------------------------------------------------------


@router.get("/crawls")
def crawl_list(request: Request, resources: Res, session: Session_) -> Response:
    return page(request, "crawls.html", _ctx(session, crawls=_recent_crawls(resources), nav="crawls"))


def _recent_crawls(resources: Resources) -> list[Any]:
    """The 50 newest crawls with their counts (the list shows no per-host figures: one query, not 51)."""
    with session_scope(resources.sessions) as db:
        rows = db.scalars(select(Crawl).order_by(Crawl.created_at.desc(), Crawl.id.desc()).limit(50))
        return [crawls.crawl_view(row, resources.ledger, with_stats=False) for row in rows]


@router.post("/crawls")
async def crawl_start(request: Request, resources: Res, session: Session_) -> Response:
    form = await _form(request, session)
    body: dict[str, Any] = {
        "seeds": [s for s in str(form.get("seeds", "")).split() if s],
        "mode": form.get("mode") or "site",
    }
    if form.get("max_pages"):
        body["max_pages"] = form["max_pages"]
    try:
        accepted = crawls.start_crawl(CrawlCreate.model_validate(body), resources)
    except (ValidationError, RequestValidationError, ValueError) as exc:
        items = _recent_crawls(resources)
        error = "; ".join(str(e["msg"]) for e in exc.errors()) if hasattr(exc, "errors") else str(exc)
        return page(request, "crawls.html", _ctx(session, crawls=items, nav="crawls", error=error), 422)
    return _see(f"/console/crawls/{accepted.id}")


@router.get("/crawls/{crawl_id}")
def crawl_page(crawl_id: str, request: Request, resources: Res, session: Session_) -> Response:
    crawl = crawls.get_crawl(crawl_id, resources)
    return page(request, "crawl.html", _ctx(session, crawl=crawl, nav="crawls"))


@router.get("/crawls/{crawl_id}/progress")
def crawl_progress(crawl_id: str, request: Request, resources: Res, session: Session_) -> Response:
    """The live part of a crawl's page, fetched by htmx every two seconds while the crawl runs."""
    crawl = crawls.get_crawl(crawl_id, resources)
    return page(request, "crawl_progress.html", _ctx(session, crawl=crawl))


@router.post("/crawls/{crawl_id}/cancel")
async def crawl_cancel(crawl_id: str, request: Request, resources: Res, session: Session_) -> Response:
    await _form(request, session)
    crawls.cancel_crawl(crawl_id, resources)
    return _see(f"/console/crawls/{crawl_id}")


# --- sources -------------------------------------------------------------------------------------------------


@router.get("/sources")
def source_list(
    request: Request,
    resources: Res,
    session: Session_,
    tag: str | None = None,
    page_no: int = 1,
) -> Response:
    wanted = request.query_params.get("status") or None
    page_no = max(1, page_no)
    with session_scope(resources.sessions) as db:
        listing = source_page(
            session=db, settings=resources.settings, status=wanted, tag=tag or None,
            offset=(page_no - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        )  # fmt: skip
    context = _ctx(
        session, sources=listing.items, total=listing.total, counts=listing.counts, status=wanted,
        tag=tag or "", page_no=page_no, pages=max(1, -(-listing.total // PAGE_SIZE)), nav="sources",
    )  # fmt: skip
    return page(request, "sources.html", context)


@router.post("/sources/import")
async def source_import(request: Request, resources: Res, session: Session_) -> Response:
    form = await _form(request, session)
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="choose a CSV or OPML file")
    data = await upload.read()
    try:
        parsed = imports.parse_source_file(data, upload.filename or "")
    except (ValueError, UnicodeDecodeError) as exc:
        return page(request, "imported.html", _ctx(session, error=str(exc), nav="sources"), 400)
    with session_scope(resources.sessions) as db:
        outcome = imports.save_import(parsed, session=db)
    return page(request, "imported.html", _ctx(session, outcome=outcome, nav="sources"))


def _source_page_data(source_id: int, resources: Resources) -> dict[str, Any]:
    with session_scope(resources.sessions) as db:
        row = catalogue.find_source(source_id, session=db)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no source {source_id}")
        view = source_views([row], session=db, settings=resources.settings)[0]
        poll_rows = list(
            db.scalars(
                select(Crawl).where(Crawl.source_id == source_id).order_by(Crawl.created_at.desc()).limit(20)
            )
        )
        poll_ids = [c.id for c in poll_rows]
        failure_rows = (
            list(
                db.scalars(
                    select(Failure)
                    .where(Failure.crawl_id.in_(poll_ids))
                    .order_by(Failure.id.desc())
                    .limit(20)
                )
            )
            if poll_ids
            else []
        )
        latest = list(
            db.execute(
                select(Article.id, Article.title, Article.url, Article.published_at, Article.created_at)
                .where(Article.source_id == source_id)
                .order_by(Article.created_at.desc())
                .limit(20)
            )
        )
        return {
            "source": view,
            "polls": [crawls.crawl_view(c, resources.ledger, with_stats=False) for c in poll_rows],
            "failures": [failures.FailureView.model_validate(failures._view(f)) for f in failure_rows],
            "latest": latest,
        }


@router.get("/sources/{source_id}")
def source_detail(source_id: int, request: Request, resources: Res, session: Session_) -> Response:
    data = _source_page_data(source_id, resources)
    return page(
        request, "source.html", _ctx(session, nav="sources", message=request.query_params.get("m"), **data)
    )


@router.post("/sources/{source_id}/poll")
async def source_poll(source_id: int, request: Request, resources: Res, session: Session_) -> Response:
    await _form(request, session)
    result = polls.poll_source(
        source_id, sessions=resources.sessions, ledger=resources.ledger, transport=resources.transport,
        settings=resources.settings,
    )  # fmt: skip
    message = f"Poll started: crawl {result.crawl_id}" if result.crawl_id else f"Not polled: {result.skipped}"
    return _see(f"/console/sources/{source_id}?m={message}")


@router.post("/sources/{source_id}/active")
async def source_active(source_id: int, request: Request, resources: Res, session: Session_) -> Response:
    form = await _form(request, session)
    with session_scope(resources.sessions) as db:
        row = catalogue.find_source(source_id, session=db)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no source {source_id}")
        catalogue.set_active(row, form.get("active") == "true")
    return _see(f"/console/sources/{source_id}")


@router.post("/sources/{source_id}/edit")
async def source_edit(source_id: int, request: Request, resources: Res, session: Session_) -> Response:
    form = await _form(request, session)
    changes: dict[str, Any] = {
        "name": form.get("name"),
        "homepage": form.get("homepage") or None,
        "feeds": str(form.get("feeds", "")).split(),
        "sitemaps": str(form.get("sitemaps", "")).split(),
        "tags": str(form.get("tags", "")).replace(",", " ").split(),
        "mode": form.get("mode"),
    }
    if form.get("cron"):
        changes["cron"] = form["cron"]
    elif form.get("interval_minutes"):
        changes["interval_minutes"] = form["interval_minutes"]
    try:
        with session_scope(resources.sessions) as db:
            row = catalogue.find_source(source_id, session=db)
            if row is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no source {source_id}")
            catalogue.update_source(row, SourcePatch.model_validate(changes), session=db)
    except (ValidationError, DuplicateSource) as exc:
        error = "; ".join(e["msg"] for e in exc.errors()) if isinstance(exc, ValidationError) else str(exc)
        data = _source_page_data(source_id, resources)
        return page(request, "source.html", _ctx(session, nav="sources", error=error, **data), 422)
    return _see(f"/console/sources/{source_id}?m=Saved.")


# --- failures ------------------------------------------------------------------------------------------------


@router.get("/failures")
def failure_list(request: Request, resources: Res, session: Session_, reason: str | None = None) -> Response:
    with session_scope(resources.sessions) as db:
        by_reason = list(
            db.execute(
                select(Failure.reason, func.count()).group_by(Failure.reason).order_by(func.count().desc())
            )
        )
    items = failures.list_failures(resources, reason=reason or None, limit=100).items
    context = _ctx(session, failures=items, by_reason=by_reason, reason=reason or "", nav="failures")
    return page(request, "failures.html", context)


@router.get("/failures/{failure_id}")
def failure_page(failure_id: int, request: Request, resources: Res, session: Session_) -> Response:
    record = failures.get_failure(failure_id, resources)
    context = _ctx(session, failure=record, nav="failures", message=request.query_params.get("m"))
    return page(request, "failure.html", context)


@router.post("/failures/{failure_id}/replay")
async def failure_replay(failure_id: int, request: Request, resources: Res, session: Session_) -> Response:
    await _form(request, session)
    try:
        replayed = failures.replay_failure(failure_id, resources)
    except HTTPException as exc:
        return _see(f"/console/failures/{failure_id}?m=Not replayed: {exc.detail}")
    return _see(f"/console/failures/{failure_id}?m=Replayed as task {replayed.task_id}")


# --- articles ------------------------------------------------------------------------------------------------


@router.get("/articles")
def article_list(
    request: Request,
    resources: Res,
    session: Session_,
    language: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
) -> Response:
    # Newest stored first, also for a search: an operator checks what a crawl just stored (issue 14).
    filters = ArticleFilterParams(
        q=q or None,
        since=None,
        until=None,
        stored_since=None,
        stored_until=None,
        site=None,
        section=None,
        entity=None,
        language=language or None,
        crawl_id=None,
    )
    listing = articles.list_articles(
        resources, filters, order="stored", direction="desc", limit=50, cursor=cursor or None
    )
    context = _ctx(session, articles=listing, language=language or "", q=q or "", nav="articles")
    return page(request, "articles.html", context)


@router.get("/articles/{article_id}")
def article_page(article_id: str, request: Request, resources: Res, session: Session_) -> Response:
    record = articles.get_article(article_id, resources)
    return page(request, "article.html", _ctx(session, article=record, nav="articles"))
