"""Exactly one active scheduler: a lease in Redis (``SET NX PX``), renewed by its holder on every tick and
released on shutdown. A second ``newsflow beat`` (or ``watch`` against the same Redis) is a standby: it polls
nothing until the holder has failed to renew for the lease time (crashed, partitioned), then takes over.

Renewal and release are compare-and-set scripts on the holder's own random token, so a scheduler that lost the
lease (paused past it) can never extend or delete its successor's.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

import redis

log = logging.getLogger(__name__)

LOCK_KEY = "newsflow:scheduler:leader"

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class SchedulerLease:
    """This process's claim on the scheduler role."""

    def __init__(self, client: redis.Redis, *, lease_seconds: float, key: str = LOCK_KEY) -> None:
        self._client = client
        self._key = key
        self._lease_ms = max(1, int(lease_seconds * 1000))
        self.token = uuid.uuid4().hex
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def acquire_or_renew(self) -> bool:
        """Renew the lease if this process holds it, else try to take it; True when this process is the
        active scheduler now. A Redis error means "not the leader" (polling twice is worse than a late poll)."""
        try:
            if self._client.eval(_RENEW, 1, self._key, self.token, self._lease_ms):
                held = True
            else:
                held = bool(self._client.set(self._key, self.token, nx=True, px=self._lease_ms))
        except redis.RedisError as exc:
            log.warning("scheduler lease: Redis unavailable (%s): standing by", exc)
            held = False
        if held != self._held:
            log.info("scheduler lease %s: this process is now %s", self._key, "ACTIVE" if held else "standby")
        self._held = held
        return held

    def release(self) -> None:
        """Give the role up at once (a clean shutdown), so a standby need not wait for the lease to run out."""
        with contextlib.suppress(redis.RedisError):  # else the lease runs out by itself
            self._client.eval(_RELEASE, 1, self._key, self.token)
        self._held = False

    def holder(self) -> str | None:
        value = self._client.get(self._key)
        return value.decode() if isinstance(value, bytes) else value
