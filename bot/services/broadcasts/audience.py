"""Audiences of a broadcast: everyone, tiers, regions, coordinators, or who did not react to one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from storage import audiences, broadcasts
from storage.audiences import Member
from storage.db import Database

AudienceKind = Literal["all", "tiers", "regions", "coordinators", "no_reaction"]


@dataclass(frozen=True)
class Audience:
    """Who a broadcast is for; tiers and regions allow several."""

    kind: AudienceKind
    tiers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # region place codes
    broadcast_id: int | None = None  # for no_reaction

    def to_json(self) -> str:
        """As stored with the broadcast."""
        return json.dumps(
            {
                "kind": self.kind,
                "tiers": list(self.tiers),
                "regions": list(self.regions),
                "broadcast_id": self.broadcast_id,
            }
        )

    @classmethod
    def from_json(cls, stored: str) -> Audience:
        """Back from the broadcast."""
        data = json.loads(stored)
        return cls(data["kind"], tuple(data["tiers"]), tuple(data["regions"]), data["broadcast_id"])


async def members_of(db: Database, audience: Audience, admin_ids: frozenset[int]) -> list[Member]:
    """The reachable members an audience means now (unreachable chats are left out)."""
    if audience.kind == "coordinators":
        return await audiences.coordinators(db, admin_ids)
    members = await audiences.reachable_members(db)
    if audience.kind == "tiers":
        return [m for m in members if m.tier in audience.tiers]
    if audience.kind == "regions":
        return [m for m in members if m.region_code in audience.regions]
    if audience.kind == "no_reaction":
        if audience.broadcast_id is None:
            return []
        silent = set(await broadcasts.recipients_without_reaction(db, audience.broadcast_id))
        return [m for m in members if m.telegram_id in silent]
    return members
