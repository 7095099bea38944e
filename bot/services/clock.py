"""Times as the database keeps them, read back as aware datetimes."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.clock import parse_stored as parse_stored
