"""Raw captures: every fetched response kept as WARC records (ISO 28500, written by warcio), rolled by size.

Each capture is a ``request`` and a ``response`` record (headers and the decompressed body; the original
``Content-Encoding``/``Transfer-Encoding`` headers are renamed ``X-Newsflow-Original-…`` because the stored body
is no longer encoded) appended to a gzip WARC file in ``NEWSFLOW_CAPTURE_DIR``. A file is closed once it exceeds
``NEWSFLOW_CAPTURE_MAX_BYTES`` and a new one started; names carry a timestamp, the host name and the process
id, so every worker process writes its own files. Every record is its own gzip member, so a record can be read
from its offset alone: a capture's location is ``<file path>#<offset of its response record>``
(``articles.capture``), which :func:`read_capture` opens.

Only a local directory is implemented; an S3-compatible store is not.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from newsflow_ingest.fetcher import FetchResult

# Headers describing a transfer encoding the stored body no longer has.
_ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class Capture:
    """A response read back from a WARC file."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: str | None  # WARC-Date, ISO 8601

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def _http_headers(result: FetchResult) -> list[tuple[str, str]]:
    headers = []
    for name, value in result.headers.items():
        if name.lower() in _ENCODING_HEADERS:
            headers.append((f"X-Newsflow-Original-{name}", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(result.content))))
    return headers


class CaptureWriter:
    """Appends captures to rolling WARC files in one directory. Thread-safe; one per process."""

    def __init__(
        self, directory: str | Path, *, max_bytes: int = 1_000_000_000, prefix: str = "newsflow"
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._path: Path | None = None
        self._sequence = 0

    def _open(self) -> tuple[IO[bytes], Path]:
        if self._file is not None and self._path is not None and self._file.tell() < self.max_bytes:
            return self._file, self._path
        self.close()
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        name = f"{self.prefix}-{stamp}-{socket.gethostname()}-{os.getpid()}-{self._sequence:05d}.warc.gz"
        self._sequence += 1
        self._path = self.directory / name
        self._file = open(self._path, "ab")  # noqa: SIM115 (kept open across calls; closed on roll/close)
        return self._file, self._path

    def write(self, result: FetchResult) -> str:
        """Append the request and response records of ``result``; returns the response's location."""
        with self._lock:
            stream, path = self._open()
            writer = WARCWriter(stream, gzip=True)
            date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            request_headers = StatusAndHeaders(
                f"GET {result.final_url} HTTP/1.1",
                [("Host", result.final_url.split("/")[2])],
                is_http_request=True,
            )
            request = writer.create_warc_record(
                result.final_url,
                "request",
                http_headers=request_headers,
                warc_headers_dict={"WARC-Date": date},
            )
            response_headers = StatusAndHeaders(
                str(result.status), _http_headers(result), protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                result.final_url,
                "response",
                payload=io.BytesIO(result.content),
                length=len(result.content),
                http_headers=response_headers,
                warc_headers_dict={"WARC-Date": date},
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            offset = stream.tell()
            writer.write_record(response)
            writer.write_record(request)
            stream.flush()
            return f"{path}#{offset}"

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._path = None


def parse_location(location: str) -> tuple[str, int]:
    """``(path, offset)`` of a capture location ``<path>#<offset>``."""
    path, _, offset = location.rpartition("#")
    if not path or not offset.isdigit():
        raise ValueError(f"not a capture location: {location!r}")
    return path, int(offset)


def read_capture(location: str) -> Capture:
    """The response stored at ``location``."""
    path, offset = parse_location(location)
    with open(path, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                return _capture_of(record)
            break
    raise ValueError(f"no response record at {location}")


def iter_responses(path: str | Path) -> Iterator[tuple[str, Capture]]:
    """Every HTTP response record of a WARC file (gzip or not) with its location, in file order."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            capture = _capture_of(record)
            yield f"{path}#{iterator.get_record_offset()}", capture


def _capture_of(record: object) -> Capture:
    http = record.http_headers  # type: ignore[attr-defined]
    headers = {name.lower(): value for name, value in http.headers}
    content = record.content_stream().read()  # type: ignore[attr-defined]
    status = int(http.get_statuscode() or 0)
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    return Capture(
        url=url,
        status=status,
        headers=headers,
        content=content,
        fetched_at=record.rec_headers.get_header("WARC-Date"),  # type: ignore[attr-defined]
    )
