-- Erased people: each erasure takes the next number, and the person's id in rows that stay (past
-- check-ins, reactions, authored broadcasts, the audit log) becomes its negative: a pseudonym shown
-- as "erased person #N", which no Telegram account can have, so writing to the bot again never
-- brings the old rows back to the new account.
CREATE TABLE erased_people (
    id INTEGER PRIMARY KEY,
    erased_at TEXT NOT NULL
);
