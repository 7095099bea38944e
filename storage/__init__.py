"""Every SQL statement of the bot lives in this package, on one aiosqlite connection."""
