"""An S3-compatible store for WARC capture files (AWS S3, MinIO, Ceph, …), through boto3.

A capture file is written locally while it is open and uploaded whole once it is closed (rolled by size, or the
writer closed); then the local copy is deleted. A capture in the store is located as
``s3://<bucket>/<key>#<offset>:<length>`` and read back with one ranged GET of its gzip member.

boto3 is an optional dependency (``pip install 'newsflow[s3]'``); it is imported only when a store is used.
Credentials come from ``NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID`` / ``…_SECRET_ACCESS_KEY`` when set, else from boto3's
standard chain (``AWS_ACCESS_KEY_ID``, ``~/.aws/credentials``, an instance role).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured

S3_SCHEME = "s3://"


class CaptureStoreError(OSError):
    """The capture store cannot store or give back a file: a missing object, a failed upload …"""


class CaptureStoreUnavailable(CaptureStoreError):
    """The store as a whole cannot be used: a missing bucket, refused credentials, an endpoint that does not
    answer. Every other request would fail the same way."""


def is_s3_url(value: str) -> bool:
    return value.startswith(S3_SCHEME)


@dataclass(frozen=True)
class S3Url:
    """``s3://bucket/key``: a bucket and a key (or key prefix, possibly empty)."""

    bucket: str
    key: str

    @classmethod
    def parse(cls, url: str) -> S3Url:
        if not is_s3_url(url):
            raise ValueError(f"not an s3:// URL: {url!r}")
        bucket, _, key = url[len(S3_SCHEME) :].partition("/")
        if not bucket or "#" in url or "?" in url:
            raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
        return cls(bucket, key)

    def child(self, name: str) -> S3Url:
        """The object ``name`` under this prefix."""
        prefix = self.key.strip("/")
        return S3Url(self.bucket, f"{prefix}/{name}" if prefix else name)

    def __str__(self) -> str:
        return f"{S3_SCHEME}{self.bucket}/{self.key}"


@dataclass(frozen=True)
class S3Options:
    """How to reach the store. ``None`` fields are left to boto3's defaults (AWS endpoint, credential chain)."""

    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None) -> S3Options:
        if settings is None:
            return cls()
        secret = settings.capture_s3_secret_access_key
        return cls(
            endpoint_url=settings.capture_s3_endpoint_url,
            region=settings.capture_s3_region,
            access_key_id=settings.capture_s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret is not None else None,
        )

    def where(self) -> str:
        return self.endpoint_url or "AWS S3"


_clients: dict[S3Options, Any] = {}
_clients_lock = threading.Lock()


def s3_client(options: S3Options) -> Any:
    """One boto3 S3 client per set of options (boto3 clients are thread-safe)."""
    with _clients_lock:
        client = _clients.get(options)
        if client is None:
            client = _new_client(options)
            _clients[options] = client
        return client


def _new_client(options: S3Options) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:  # the optional extra is not installed
        raise NotConfigured("an s3:// capture store needs boto3: pip install 'newsflow[s3]'") from exc
    if bool(options.access_key_id) != bool(options.secret_access_key):
        raise CaptureStoreUnavailable(
            "set both NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID and NEWSFLOW_CAPTURE_S3_SECRET_ACCESS_KEY, or neither"
        )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=options.endpoint_url,
        region_name=options.region or "us-east-1",
        aws_access_key_id=options.access_key_id,
        aws_secret_access_key=options.secret_access_key,
        config=Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=10, read_timeout=60),
    )


def explain(exc: Exception, url: S3Url, options: S3Options, action: str) -> CaptureStoreError:
    """A :class:`CaptureStoreError` saying in operator terms why ``action`` on ``url`` failed."""
    from botocore.exceptions import (
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return CaptureStoreUnavailable(
            f"cannot {action} {url}: no S3 credentials (set NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID and "
            "NEWSFLOW_CAPTURE_S3_SECRET_ACCESS_KEY, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
    if isinstance(exc, EndpointConnectionError):
        return CaptureStoreUnavailable(
            f"cannot {action} {url}: the S3 endpoint {options.where()} does not answer"
        )
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ("NoSuchBucket",) or (code in ("404", "NotFound") and not url.key):
            return CaptureStoreUnavailable(
                f"cannot {action} {url}: bucket {url.bucket!r} does not exist at {options.where()}"
            )
        if code in ("NoSuchKey", "404", "NotFound"):
            return CaptureStoreError(f"cannot {action} {url}: no such object at {options.where()}")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"):
            return CaptureStoreUnavailable(
                f"cannot {action} {url}: the S3 credentials were refused by {options.where()} ({code}); "
                "check NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID and NEWSFLOW_CAPTURE_S3_SECRET_ACCESS_KEY"
            )
        if code in ("AccessDenied", "403", "Forbidden") or status == 403:
            return CaptureStoreUnavailable(
                f"cannot {action} {url}: access denied by {options.where()} (the credentials lack "
                "permission on the bucket, or are wrong)"
            )
        message = error.get("Message") or code or str(exc)
        return CaptureStoreError(f"cannot {action} {url}: {message} (HTTP {status})")
    return CaptureStoreError(f"cannot {action} {url}: {exc}")


class S3CaptureStore:
    """Where closed capture files go: the prefix ``url`` (``s3://bucket/prefix``) of an S3-compatible store."""

    def __init__(self, url: str, options: S3Options, *, check: bool = True) -> None:
        self.url = S3Url.parse(url)
        self.options = options
        self.client = s3_client(options)
        if check:
            self.check()

    def check(self) -> None:
        """Fail now, with the reason, if the bucket is missing or the credentials are refused."""
        bucket = S3Url(self.url.bucket, "")
        try:
            self.client.head_bucket(Bucket=self.url.bucket)
            return
        except Exception as exc:
            error = explain(exc, bucket, self.options, "use the capture bucket")
            if "access denied" not in str(error):
                raise error from exc
        # A HEAD answer has no body: a 403 cannot say whether the key, the signature or a policy refused it.
        # A listing's error does (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied).
        try:
            self.client.list_objects_v2(Bucket=self.url.bucket, MaxKeys=1)
        except Exception as exc:
            raise explain(exc, bucket, self.options, "use the capture bucket") from exc
        raise error

    def location_of(self, name: str) -> str:
        """The ``s3://`` URL file ``name`` will have once uploaded."""
        return str(self.url.child(name))

    def upload(self, path: Path, name: str) -> str:
        """Upload the closed file ``path`` as ``name`` under the prefix (multipart when large); its URL."""
        target = self.url.child(name)
        try:
            self.client.upload_file(
                str(path), target.bucket, target.key, ExtraArgs={"ContentType": "application/warc"}
            )
        except Exception as exc:
            raise explain(exc, target, self.options, "upload a capture file to") from exc
        return str(target)


def read_range(url: S3Url, offset: int, length: int | None, options: S3Options) -> IO[bytes]:
    """Bytes ``offset`` … ``offset + length - 1`` of an object (to its end when ``length`` is None)."""
    end = "" if length is None else str(offset + length - 1)
    try:
        response = s3_client(options).get_object(
            Bucket=url.bucket, Key=url.key, Range=f"bytes={offset}-{end}"
        )
    except Exception as exc:
        raise explain(exc, url, options, "read") from exc
    body: Any = response["Body"]
    if length is not None:
        return io.BytesIO(body.read())
    return body  # type: ignore[no-any-return]  # a stream: only the first record is read


def open_object(url: S3Url, options: S3Options) -> IO[bytes]:
    """A stream of a whole object."""
    try:
        response = s3_client(options).get_object(Bucket=url.bucket, Key=url.key)
    except Exception as exc:
        raise explain(exc, url, options, "read") from exc
    return response["Body"]  # type: ignore[no-any-return]
