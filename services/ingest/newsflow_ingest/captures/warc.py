"""Raw captures: every fetched response kept as WARC records (ISO 28500, written by warcio), rolled by size.

Each capture is a ``request`` and a ``response`` record (headers and the decompressed body; the original
``Content-Encoding``/``Transfer-Encoding`` headers are renamed ``X-Newsflow-Original-…`` because the stored body
is no longer encoded) appended to a gzip WARC file. A file is closed once it exceeds
``NEWSFLOW_CAPTURE_MAX_BYTES`` and a new one started; names carry a timestamp, the host name and the process
id, so every worker process writes its own files. Every record is its own gzip member, so a record can be read
from its offset alone. A capture's location (``articles.capture``), which :func:`read_capture` opens, is

- ``<file path>#<offset>`` for a file kept in ``NEWSFLOW_CAPTURE_DIR``;
- ``s3://<bucket>/<key>#<offset>:<length>`` for a file in the S3-compatible store ``NEWSFLOW_CAPTURE_URL``
  (read back with one ranged GET of ``length`` bytes; see :mod:`newsflow_ingest.captures.s3_store`).

With a store, a file is written in the local spool directory (``NEWSFLOW_CAPTURE_DIR``, or
``<temp dir>/newsflow-captures``) as ``<name>.warc.gz.spool`` while open, and uploaded as ``<prefix>/<name>.warc.gz``
when it is rolled or the writer is closed; then the local file is deleted. The writer holds an exclusive
``flock`` on its open file, so a spool file nobody holds belongs to a process that died before uploading it: the
next writer started on that directory uploads it. Until its file is uploaded, a capture's ``s3://`` location
does not resolve yet.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from newsflow_shared.config import Settings
from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from newsflow_ingest.captures.s3_store import (
    CaptureStoreError,
    S3CaptureStore,
    S3Options,
    S3Url,
    is_s3_url,
    open_object,
    read_range,
)
from newsflow_ingest.fetching.fetcher import FetchResult

log = logging.getLogger(__name__)

# Headers describing a transfer encoding the stored body no longer has.
_ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})

# A file waiting in the local spool for its upload to the store.
SPOOL_SUFFIX = ".spool"


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
    """Appends captures to rolling WARC files in one directory, uploaded to ``store`` when closed if one is
    given. Thread-safe; one per process."""

    def __init__(
        self,
        directory: str | Path,
        *,
        max_bytes: int = 1_000_000_000,
        prefix: str = "newsflow",
        store: S3CaptureStore | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.store = store
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._path: Path | None = None
        self._where = ""  # what a location names: the local path, or the s3:// URL the file will have
        self._sequence = 0
        self.uploaded: list[str] = []  # s3:// URLs of the files this writer uploaded, in order
        if store is not None:
            self.upload_orphans()

    def _open(self) -> IO[bytes]:
        if self._file is not None and self._file.tell() < self.max_bytes:
            return self._file
        self._close_current()
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        name = f"{self.prefix}-{stamp}-{socket.gethostname()}-{os.getpid()}-{self._sequence:05d}.warc.gz"
        self._sequence += 1
        if self.store is None:
            self._path = self.directory / name
            self._where = str(self._path)
        else:
            self._path = self.directory / (name + SPOOL_SUFFIX)
            self._where = self.store.location_of(name)
        self._file = open(self._path, "ab")  # noqa: SIM115 (kept open across calls; closed on roll/close)
        if self.store is not None:
            fcntl.flock(self._file, fcntl.LOCK_EX)  # ours until uploaded: see upload_orphans
        return self._file

    def write(self, result: FetchResult) -> str:
        """Append the request and response records of ``result``; returns the response's location."""
        with self._lock:
            stream = self._open()
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
            length = stream.tell() - offset
            writer.write_record(request)
            stream.flush()
            if self.store is None:
                return f"{self._where}#{offset}"
            return f"{self._where}#{offset}:{length}"

    def _close_current(self) -> None:
        """Close the open file; with a store, upload it first (still locked) and delete it."""
        if self._file is None or self._path is None:
            return
        stream, path = self._file, self._path
        self._file = self._path = None
        try:
            if self.store is not None:
                stream.flush()
                self._upload(path)
        except CaptureStoreError as exc:  # kept in the spool: retried at the next roll, close or start
            log.error("capture file %s stays in the spool: %s", path, exc)
        finally:
            stream.close()

    def _upload(self, path: Path) -> None:
        assert self.store is not None
        url = self.store.upload(path, path.name.removesuffix(SPOOL_SUFFIX))
        path.unlink()
        self.uploaded.append(url)
        log.info("capture file uploaded to %s", url)

    def upload_orphans(self) -> list[Path]:
        """Upload every spool file of this directory that no live writer holds; those left (still failing)."""
        left: list[Path] = []
        for path in sorted(self.directory.glob(f"*.warc.gz{SPOOL_SUFFIX}")):
            if path == self._path:
                continue
            try:
                stream = open(path, "rb")  # noqa: SIM115 (closed below, after the lock is no longer needed)
            except FileNotFoundError:
                continue  # uploaded meanwhile by another process
            try:
                try:
                    fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer's open file
                if os.fstat(stream.fileno()).st_nlink == 0:
                    continue  # uploaded and deleted by another process between our open and our lock
                try:
                    self._upload(path)
                except CaptureStoreError as exc:
                    log.error("capture file %s stays in the spool: %s", path, exc)
                    left.append(path)
            finally:
                stream.close()
        return left

    def close(self) -> None:
        """Close the open file. With a store, upload it and any spool file left by a failed upload or a dead
        process; :class:`CaptureStoreError` if some could not be uploaded (they stay in the spool)."""
        with self._lock:
            self._close_current()
            if self.store is None:
                return
            left = self.upload_orphans()
        if left:
            raise CaptureStoreError(
                f"{len(left)} capture file(s) could not be uploaded to {self.store.url} and stay in "
                f"{self.directory} (uploaded by the next writer started there): "
                + ", ".join(p.name for p in left)
            )


def capture_writer(settings: Settings) -> CaptureWriter | None:
    """The writer the settings ask for: none, a local directory, or an S3-compatible store (checked now:
    :class:`CaptureStoreError` if the bucket is missing or the credentials are refused)."""
    if settings.capture_url:
        store = S3CaptureStore(settings.capture_url, S3Options.from_settings(settings))
        spool = settings.capture_dir or str(Path(tempfile.gettempdir()) / "newsflow-captures")
        return CaptureWriter(spool, max_bytes=settings.capture_max_bytes, store=store)
    if settings.capture_dir:
        return CaptureWriter(settings.capture_dir, max_bytes=settings.capture_max_bytes)
    return None


@dataclass(frozen=True)
class CaptureLocation:
    """A parsed capture location: the file (a path or an ``s3://`` URL), the record's offset, and its length
    in bytes when the location gives it."""

    where: str
    offset: int
    length: int | None = None

    @classmethod
    def parse(cls, location: str) -> CaptureLocation:
        where, _, position = location.rpartition("#")
        offset, _, length = position.partition(":")
        if not where or not offset.isdigit() or (length and not length.isdigit()) or position.endswith(":"):
            raise ValueError(f"not a capture location: {location!r}")
        return cls(where, int(offset), int(length) if length else None)

    @property
    def in_store(self) -> bool:
        return is_s3_url(self.where)


def parse_location(location: str) -> tuple[str, int]:
    """``(file, offset)`` of a capture location ``<file>#<offset>[:<length>]``."""
    parsed = CaptureLocation.parse(location)
    return parsed.where, parsed.offset


def read_capture(location: str, settings: Settings | None = None) -> Capture:
    """The response stored at ``location``; ``settings`` say how to reach an S3-compatible store (else boto3's
    defaults). :class:`CaptureStoreError` (an ``OSError``) when the store refuses or lacks it."""
    parsed = CaptureLocation.parse(location)
    stream: IO[bytes]
    if parsed.in_store:
        stream = read_range(
            S3Url.parse(parsed.where), parsed.offset, parsed.length, S3Options.from_settings(settings)
        )
    else:
        stream = open(parsed.where, "rb")  # noqa: SIM115 (closed below)
        stream.seek(parsed.offset)
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                return _capture_of(record)
            break
    finally:
        stream.close()
    raise ValueError(f"no response record at {location}")


def iter_responses(source: str | Path, settings: Settings | None = None) -> Iterator[tuple[str, Capture]]:
    """Every HTTP response record of a WARC file (gzip or not; a path or an ``s3://`` URL) with its location,
    in file order."""
    remote = is_s3_url(str(source))
    stream: IO[bytes] = (
        open_object(S3Url.parse(str(source)), S3Options.from_settings(settings))
        if remote
        else open(source, "rb")  # noqa: SIM115 (closed below)
    )
    try:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            capture = _capture_of(record)
            offset = iterator.get_record_offset()
            if remote:
                yield f"{source}#{offset}:{iterator.get_record_length()}", capture
            else:
                yield f"{source}#{offset}", capture
    finally:
        stream.close()


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
