"""Reports on broadcasts: reactions to one broadcast or one service, counts per service."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.broadcast_reports import (
    ReactionRow as ReactionRow,
    broadcasts_per_service as broadcasts_per_service,
    count_broadcasts as count_broadcasts,
    reactions_to_broadcast as reactions_to_broadcast,
    reactions_to_service as reactions_to_service,
)
