-- One answer sheet per member per weekly cycle (an ISO week key, e.g. '2026-W48').
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    cycle TEXT NOT NULL,
    telegram_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'on_leave')),
    answers TEXT NOT NULL DEFAULT '{}',     -- JSON: question id → the answer (text, number, true/false)
    late INTEGER NOT NULL DEFAULT 0,        -- submitted after that cycle's digest
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (cycle, telegram_id)
);
CREATE INDEX checkins_by_member ON checkins (telegram_id, cycle);

-- Absences set with /away: no reminders, and digests count the member as away, until the end date.
CREATE TABLE absences (
    telegram_id INTEGER NOT NULL,
    starts_on TEXT NOT NULL,                -- dates in the configured zone, YYYY-MM-DD
    ends_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (telegram_id, starts_on)
);

-- Weeks a coordinator marked non-working for everyone: no reminders, no nudges, not in participation.
CREATE TABLE nonworking_cycles (
    cycle TEXT PRIMARY KEY,
    marked_by INTEGER,
    marked_at TEXT NOT NULL
);

-- The scheduled sends made for a cycle, so a restart neither repeats nor loses one.
CREATE TABLE checkin_sends (
    cycle TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'nudge', 'digest')),
    batch_id INTEGER REFERENCES delivery_batches (id),
    made_at TEXT NOT NULL,
    PRIMARY KEY (cycle, kind)
);
