-- Places of the codifier (KATOTTH) that carry posts: 25 regions, hromadas, cities.
CREATE TABLE places (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'hromada', 'city')),
    name_uk TEXT NOT NULL,
    name_en TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES places (code),
    raion_code TEXT,
    raion_name_uk TEXT,
    raion_name_en TEXT,
    hromada_code TEXT REFERENCES places (code)
);
CREATE INDEX places_by_region ON places (region_code, kind);

-- People of the network: post holders and approved members, in Telegram or not yet (imported).
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    telegram_id INTEGER UNIQUE,  -- no foreign key: an imported holder may not have written to the bot yet
    full_name TEXT NOT NULL,
    telegram_username TEXT,
    phone TEXT,
    email TEXT,
    contacts_visible_to TEXT NOT NULL DEFAULT 'members'
        CHECK (contacts_visible_to IN ('members', 'coordinators')),
    privacy_accepted_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX people_by_username ON people (lower(telegram_username));
CREATE INDEX people_by_phone ON people (phone);

-- One post per region (regional), per hromada (municipal), and per city a coordinator created.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    tier TEXT NOT NULL CHECK (tier IN ('regional', 'city', 'municipal')),
    place_code TEXT NOT NULL REFERENCES places (code),
    status TEXT NOT NULL DEFAULT 'vacant' CHECK (status IN ('vacant', 'appointing', 'appointed')),
    holder_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (tier, place_code)
);
-- A person holds at most one post.
CREATE UNIQUE INDEX posts_one_per_holder ON posts (holder_id) WHERE holder_id IS NOT NULL;
CREATE INDEX posts_by_status ON posts (tier, status);

-- Who held each post and when; the name stays after the person deletes their data.
CREATE TABLE post_history (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    full_name TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX post_history_by_post ON post_history (post_id, started_at);

-- One-time invite links to a post; only the token's hash is stored.
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    person_id INTEGER REFERENCES people (id) ON DELETE CASCADE,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by INTEGER
);

-- Strangers asking to join; the first coordinator's decision wins.
CREATE TABLE join_requests (
    id INTEGER PRIMARY KEY,
    telegram_id INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('regional', 'city', 'municipal')),
    place_code TEXT NOT NULL REFERENCES places (code),
    phone TEXT,
    email TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected')),
    decided_by INTEGER,
    decided_at TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX join_requests_one_open ON join_requests (telegram_id) WHERE status = 'open';

-- The coordinators' copies of a request, so the first decision can update everyone's buttons.
CREATE TABLE join_request_copies (
    request_id INTEGER NOT NULL REFERENCES join_requests (id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (request_id, chat_id)
);
