-- Who each cycle asked: the post holders at the time of its reminder, with their post's tier and
-- place, so a past cycle's participation stays what it was after posts change hands.
CREATE TABLE checkin_expected (
    cycle TEXT NOT NULL,
    telegram_id INTEGER NOT NULL,
    tier TEXT,
    place_code TEXT,
    region_code TEXT,
    PRIMARY KEY (cycle, telegram_id)
);
