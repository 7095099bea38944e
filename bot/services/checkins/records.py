"""Check-in records: sheets, drafts, absences, non-working weeks, each member's finished weeks."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.checkin_weeks import first_cycle as first_cycle, region_held_by as region_held_by
from storage.checkins import (
    Checkin as Checkin,
    SheetLine as SheetLine,
    absence_on as absence_on,
    end_absences as end_absences,
    finished_count as finished_count,
    finished_page as finished_page,
    get_checkin as get_checkin,
    is_nonworking as is_nonworking,
    mark_on_leave as mark_on_leave,
    newer_finished as newer_finished,
    save_draft as save_draft,
    send_made as send_made,
    set_absence as set_absence,
    submit as submit,
)
