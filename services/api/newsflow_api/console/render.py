"""Templates, their filters, and the 30-day sparkline as inline SVG."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def sparkline(values: list[int], width: int = 120, height: int = 24) -> Markup:
    """A polyline of the values (articles per day, oldest first) with a text alternative for screen readers."""
    if not values:
        return Markup("")
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    label = f"{sum(values)} new articles in {len(values)} days, at most {max(values)} a day"
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{label}"><title>{label}</title>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/></svg>'
    )


def when(value: datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


TEMPLATES.env.filters["when"] = when
TEMPLATES.env.globals["sparkline"] = sparkline


def page(request: Any, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    response: Response = TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
    return response
