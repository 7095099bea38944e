-- Chats the bot cannot write to (blocked it, never started it, or gone), until they write again.
CREATE TABLE unreachable_chats (
    telegram_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    since TEXT NOT NULL
);

-- What a batch is about ('broadcast:12'), so every batch of one broadcast can be found.
ALTER TABLE delivery_batches ADD COLUMN subject TEXT;
CREATE INDEX delivery_batches_by_subject ON delivery_batches (subject);

-- A broadcast that needs a second message (text too long for a caption) remembers both, for recall.
ALTER TABLE deliveries ADD COLUMN extra_message_id INTEGER;

-- The catalog of central-government services; every broadcast creates or updates its entry.
CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL UNIQUE,          -- casefolded title: the same service announced again
    description_html TEXT NOT NULL,
    link TEXT NOT NULL,
    owner_body TEXT NOT NULL,
    category TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A broadcast of a service: what was written, to whom, and its delivery batches.
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    author_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    body_html TEXT NOT NULL,                 -- the author's text with their entities, as Telegram HTML
    body_length INTEGER NOT NULL,            -- its length as Telegram counts it (UTF-16, no markup)
    link TEXT NOT NULL,
    owner_body TEXT NOT NULL,
    category TEXT NOT NULL,
    attachment_kind TEXT CHECK (attachment_kind IN ('document', 'photo')),
    attachment_file_id TEXT,
    audience TEXT NOT NULL,                  -- JSON, see bot.services.audience
    urgent INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled', 'recalled')),
    starts_at TEXT NOT NULL,                 -- when sending begins (UTC); later than created for a schedule
    batch_id INTEGER REFERENCES delivery_batches (id),
    progress_chat_id INTEGER,                -- the author's status message, edited while it sends
    progress_message_id INTEGER,
    created_at TEXT NOT NULL,
    corrected_at TEXT,
    recalled_at TEXT
);
CREATE INDEX broadcasts_by_batch ON broadcasts (batch_id);

-- One reaction per member per broadcast, changeable; kept with the member's place.
CREATE TABLE broadcast_reactions (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    telegram_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('use', 'similar', 'question')),
    place_code TEXT REFERENCES places (code),
    note TEXT,                               -- "similar": what they have; "question": the last question
    updated_at TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, telegram_id)
);

-- Questions about a broadcast, forwarded to its author; the author's reply goes back to the asker.
CREATE TABLE broadcast_questions (
    id INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    asker_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_chat_id INTEGER,
    author_message_id INTEGER,               -- the copy the author replies to
    created_at TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX broadcast_questions_by_copy ON broadcast_questions (author_chat_id, author_message_id);
