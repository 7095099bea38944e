"""The audit log: who changed what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.clock import utc_now
from storage.db import Database


class AuditAction(StrEnum):
    """Every action the audit log records (each has its words in the catalogs: audit.action.<value>)."""

    POST_STATUS = "post.status"
    POST_CREATED = "post.created"
    POST_APPOINTED = "post.appointed"
    POST_LEFT = "post.left"
    ROLE_GRANTED = "role.granted"
    ROLE_REVOKED = "role.revoked"
    JOIN_REQUESTED = "join.requested"
    JOIN_APPROVED = "join.approved"
    JOIN_REJECTED = "join.rejected"
    INVITE_CREATED = "invite.created"
    INVITE_REDEEMED = "invite.redeemed"
    INVITE_EXPORTED = "invite.exported"
    PERSON_BOUND = "person.bound"
    DATA_DELETED = "data.deleted"
    FEEDBACK_SENT = "feedback.sent"
    ROSTER_IMPORTED = "roster.imported"
    CHECKIN_NONWORKING = "checkin.nonworking"
    CHECKIN_WORKING = "checkin.working"
    BROADCAST_PUBLISHED = "broadcast.published"
    BROADCAST_CANCELLED = "broadcast.cancelled"
    BROADCAST_RECALLED = "broadcast.recalled"
    BROADCAST_CORRECTED = "broadcast.corrected"
    BROADCAST_REMINDED = "broadcast.reminded"


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action."""

    at: str
    actor_id: int | None
    action: str
    subject: str
    details: str


async def record(
    db: Database, actor_id: int | None, action: AuditAction, subject: str = "", details: str = ""
) -> None:
    """Append an entry."""
    await db.execute(
        "INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (?, ?, ?, ?, ?)",
        (utc_now(), actor_id, action, subject, details),
    )


async def latest(db: Database, limit: int = 20) -> list[AuditEntry]:
    """The newest entries first."""
    rows = await db.fetch_all(
        "SELECT at, actor_id, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
    )
    return [AuditEntry(r["at"], r["actor_id"], r["action"], r["subject"], r["details"]) for r in rows]


async def page(db: Database, limit: int, offset: int) -> list[AuditEntry]:
    """`limit` entries after skipping the `offset` newest, newest first."""
    rows = await db.fetch_all(
        "SELECT at, actor_id, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [AuditEntry(r["at"], r["actor_id"], r["action"], r["subject"], r["details"]) for r in rows]
