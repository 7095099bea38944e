"""Handler groups: python-telegram-bot tries the groups in ascending order, and in each the first match.

Every group number of the bot is here, so their order reads in one place; everything else is in the
default group 0. Within a group, the order of registration (bot/app.py, then each feature's register)
decides.
"""

from __future__ import annotations

# Who is writing, before anything else: binds imported holders, records the sighting.
IDENTIFY = -10
# The /broadcast flow: a file at its attachment step must not reach the roster import, nor its typed
# title another flow. Replies to question copies share the group, after the flow.
BROADCAST_COMPOSE = -2
QUESTION_REPLIES = -2
# The reaction buttons' text step: before /feedback's handler of replies and other flows' text steps.
REACTION_TEXT = -1
