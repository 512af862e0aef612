"""Follow newsflow's change feed with a stored checkpoint: a downstream consumer in ~60 lines.

    python examples/follow_feed.py --api http://localhost:8000 --token "$NEWSFLOW_API_TOKEN" \
        --checkpoint feed.checkpoint --out articles.jsonl

Each poll asks ``GET /v1/changes?after=<checkpoint>``; for each change it fetches the article
(``GET /v1/articles/{id}``) and appends it to ``--out``; only then is the page's ``next`` written to the checkpoint
file (atomically, by rename). A crash between the two re-reads that page on restart: at-least-once, so the
consumer keys what it writes by ``(id, version)``. Stops after ``--max-polls`` polls (default: never) or Ctrl-C.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any


def get_json(api: str, path: str, token: str, **params: Any) -> Any:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    request = urllib.request.Request(
        f"{api.rstrip('/')}{path}{'?' + query if query else ''}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def load_checkpoint(path: Path) -> str | None:
    return path.read_text(encoding="utf-8").strip() or None if path.exists() else None


def save_checkpoint(path: Path, cursor: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(cursor, encoding="utf-8")
    os.replace(temporary, path)  # atomic: the file always holds a whole checkpoint


def poll_once(api: str, token: str, checkpoint: Path, out: Path, limit: int) -> int:
    """Process one page of changes; returns how many changes it held."""
    page = get_json(api, "/v1/changes", token, after=load_checkpoint(checkpoint), limit=limit)
    with out.open("a", encoding="utf-8") as sink:
        for change in page["items"]:
            article = get_json(api, f"/v1/articles/{change['article_id']}", token)
            record = {"change": change["change"], "version": change["version"], "article": article}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    save_checkpoint(checkpoint, page["next"])
    return len(page["items"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", default=os.environ.get("NEWSFLOW_API_TOKEN", ""))
    parser.add_argument("--checkpoint", type=Path, default=Path("feed.checkpoint"))
    parser.add_argument("--out", type=Path, default=Path("articles.jsonl"))
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds to wait after an empty page")
    parser.add_argument("--max-polls", type=int, default=0, help="stop after this many polls (0: never)")
    args = parser.parse_args()
    polls = 0
    while not args.max_polls or polls < args.max_polls:
        polls += 1
        if poll_once(args.api, args.token, args.checkpoint, args.out, args.limit) == 0:
            time.sleep(args.interval)


if __name__ == "__main__":
    main()
