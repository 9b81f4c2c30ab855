"""The one cache of Slack user-group members, scoped to one app (`SlackRegistry.groups`).

Why one: the question flow (who is an officer, for the audience of an answer) and the intake
dialog (who may act on a case) must make the same decision from the same membership, with the
same lifetime and locking. Why cached: every click and every private answer needs membership,
and it rarely changes; a minute is short enough for a removal to take effect quickly. A failed
lookup counts as "not a member" (access is refused, never widened) and is not cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("tilsynsbot.slack.groups")

GROUP_TTL_S = 60.0


class GroupCache:
    """Members of Slack user groups, cached per group for `ttl_s` seconds; thread-safe."""

    def __init__(self, ttl_s: float = GROUP_TTL_S, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def members(self, client: WebClient, group: str) -> frozenset[str]:
        now = self._monotonic()
        with self._lock:
            cached = self._cache.get(group)
            if cached and cached[0] > now:
                return cached[1]
        try:
            users = client.usergroups_users_list(usergroup=group).get("users") or []
        except SlackApiError as error:
            log.warning("usergroup lookup failed group=%s error=%s", group, error.response.get("error"))
            return frozenset()
        members = frozenset(str(u) for u in users)
        with self._lock:
            self._cache[group] = (now + self.ttl_s, members)
        return members

    def groups_of(self, client: WebClient, user_id: str, groups: Iterable[str]) -> frozenset[str]:
        """Those of `groups` that `user_id` belongs to."""
        return frozenset(g for g in groups if user_id in self.members(client, g))
