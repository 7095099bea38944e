-- Everyone who has written to the bot, with the language they chose and their role.
CREATE TABLE users (
    telegram_id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT,
    username TEXT,
    telegram_language TEXT,
    language TEXT CHECK (language IN ('uk', 'en')),
    role TEXT NOT NULL DEFAULT 'stranger'
        CHECK (role IN ('stranger', 'pending', 'member', 'coordinator')),
    menu_version TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX users_username ON users (lower(username));

-- python-telegram-bot persistence: per-user flow data and conversation states, written on change.
CREATE TABLE persisted_user_data (
    user_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE persisted_conversations (
    name TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (name, conversation_key)
);

-- Messages to the admins through /feedback, and the admins' answers.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    topic TEXT NOT NULL CHECK (topic IN ('question', 'idea', 'problem', 'other')),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE feedback_copies (
    feedback_id INTEGER NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    admin_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (admin_id, message_id)
);
CREATE TABLE feedback_answers (
    id INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    admin_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Who did what, when: roles, posts, broadcasts, imports.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Small facts about the deployment, e.g. which version of the command menus Telegram holds.
CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
