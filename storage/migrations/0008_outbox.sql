-- The outbox: a batch of prepared messages (a broadcast, a round of reminders), one row per recipient.
CREATE TABLE delivery_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                     -- who uses it: 'broadcast', 'checkin_reminder', …
    owner_id INTEGER,                       -- Telegram id of the author; NULL for the bot itself
    created_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'cancelled'))
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES delivery_batches (id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    payload TEXT NOT NULL,                  -- JSON: text (HTML), keyboard, attachment file_id
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unreachable', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,          -- Unix seconds: survives restarts, unlike a monotonic clock
    last_error TEXT,
    message_id INTEGER,
    sent_at TEXT,
    UNIQUE (batch_id, chat_id)
);

-- The worker's one hot query: the next due pending rows.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_by_batch ON deliveries (batch_id, status);
