"""What each role may do, written from the product design and the issues, not read from bot.access."""

from __future__ import annotations

from bot.access import Action, Role

# What each role may do, written from the product design and the issues, not read from bot.access.
# Columns: stranger, pending, member, coordinator, admin.
_MATRIX = """
start            S P M C A
help             S P M C A
cancel           S P M C A
language         S P M C A
feedback         S P M C A
answer_feedback  . . . . A
join             S P . . .
me               S P M C A
edit_profile     . . M C A
stats            S P M C A
stats_chart      . . . C A
invite           . . . C A
pending          . . . C A
decide_request   . . . C A
setstatus        . . . C A
export           . . . C A
import_roster    . . . C A
invitelinks      . . . C A
audit            . . . C A
grant            . . . . A
revoke           . . . . A
whois            S P M C A
find             . . M C A
roster           S P M C A
broadcast        . . . C A
broadcasts       . . . C A
manage_broadcast . . . C A
answer_question  . . . C A
services         . . M C A
checkin          . . M C A
away             . . M C A
checkins         . . . C A
mycheckins       . . M C A
react            . . M C A
"""


_COLUMNS = (Role.STRANGER, Role.PENDING, Role.MEMBER, Role.COORDINATOR, Role.ADMIN)


EXPECTED: dict[Action, set[Role]] = {
    Action(name): {role for role, mark in zip(_COLUMNS, marks, strict=True) if mark != "."}
    for name, *marks in (line.split() for line in _MATRIX.strip().splitlines())
}
