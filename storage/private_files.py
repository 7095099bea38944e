"""Files only their owner may read: the database, its backups and every export hold personal data.

Each is created with mode 0600 whatever the process umask, and the mode is set before a byte of
data goes in, so no other user on the machine ever gets a moment to read it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_MODE = 0o600


def open_private(path: Path) -> BinaryIO:
    """`path` opened for writing, emptied, and readable and writable by its owner only.

    An existing file keeps its mode through `O_CREAT`, so it is narrowed to 0600 too: what it held
    is gone (`O_TRUNC`) before then, and what is written comes after.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_MODE)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "wb")


def write_private(path: Path, content: bytes) -> None:
    """Write `content` to `path` as a file only its owner may read."""
    with open_private(path) as file:
        file.write(content)


def create_private_database(path: Path) -> None:
    """A new, empty file at `path` with mode 0600 (SQLite takes it for an empty database).

    SQLite gives the -wal, -shm and -journal files it creates beside a database the database file's
    own permissions, whatever the umask, so a 0600 database keeps them private too; the process
    umask, shared with every thread, is left alone. An existing database keeps the mode it has.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, PRIVATE_MODE)  # exactly 0600, even under an odd umask such as 0277
    finally:
        os.close(descriptor)
