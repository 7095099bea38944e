"""Faults for a bot subprocess of the end-to-end tests; Python imports this module at start-up when
its directory comes first on the child's PYTHONPATH (see tests/e2e/test_invite_process.py).

CDTO_TEST_KILL_AFTER_INVITE_CLAIM=1: the process SIGKILLs itself right after an invite's claim
statement has run, before anything else of the redemption (as a power cut would).
"""

from __future__ import annotations

import os
import signal
from typing import Any

if os.environ.get("CDTO_TEST_KILL_AFTER_INVITE_CLAIM") == "1":
    from storage import invites

    _claim = invites.claim

    async def _claim_then_die(*args: Any, **kwargs: Any) -> bool:
        claimed = await _claim(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return claimed

    invites.claim = _claim_then_die
