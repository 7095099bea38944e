"""The audit log as coordinators read it: its pages, and erased people's pseudonyms."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.audit import AuditAction as AuditAction, AuditEntry as AuditEntry, page as page
from storage.personal_data import erased_number as erased_number
