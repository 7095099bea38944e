-- A request the bot files for a stranger whose @username matches an unbound roster entry: which entry.
-- Usernames can be released and taken by anyone, so a coordinator decides; approving binds the
-- requester to that entry, its contacts kept. No foreign key: an entry deleted meanwhile must not
-- turn the request into an ordinary one for its post (the service refuses to approve it instead).
ALTER TABLE join_requests ADD COLUMN matched_person_id INTEGER;

-- When a rejected requester may ask again is read from their latest decision.
CREATE INDEX join_requests_by_user ON join_requests (telegram_id, decided_at);
