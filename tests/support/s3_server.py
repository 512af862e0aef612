"""A real S3-compatible HTTP server for tests: moto's server (``python -m moto.server``) on a free loopback port,
in its own process, with request signing enforced (IAM), so wrong credentials are refused as by a real store.

The first three requests are unauthenticated (``INITIAL_NO_AUTH_ACTION_COUNT``): they create the IAM user whose
access key the tests use; every later request must be signed with that key.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests

_SETUP_ACTIONS = 3  # create_user, create_access_key, put_user_policy


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key_id: str
    secret_access_key: str
    region: str = "us-east-1"

    def client(self, *, secret: str | None = None, access_key_id: str | None = None) -> Any:
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=access_key_id or self.access_key_id,
            aws_secret_access_key=secret or self.secret_access_key,
        )

    def settings(self, url: str, **overrides: object) -> dict[str, object]:
        """Settings fields that point newsflow's capture store at ``url`` (``s3://bucket/prefix``) here."""
        return {
            "capture_url": url,
            "capture_s3_endpoint_url": self.endpoint_url,
            "capture_s3_region": self.region,
            "capture_s3_access_key_id": self.access_key_id,
            "capture_s3_secret_access_key": self.secret_access_key,
            **overrides,
        }

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def s3_server() -> Iterator[S3Server]:
    """Start moto's S3 server, create a user allowed ``s3:*``; stop the server on exit."""
    import boto3

    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(_SETUP_ACTIONS)}
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(endpoint + "/moto-api/", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        iam = boto3.session.Session().client(
            "iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup",
            aws_secret_access_key="setup",
        )  # fmt: skip
        iam.create_user(UserName="newsflow")
        key = iam.create_access_key(UserName="newsflow")["AccessKey"]
        policy = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        }
        iam.put_user_policy(UserName="newsflow", PolicyName="s3", PolicyDocument=json.dumps(policy))
        yield S3Server(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        process.terminate()
        process.wait(timeout=10)
