-- A fresh export of personal invite links ends each person's earlier unused ones: find them by person.
CREATE INDEX invites_unused_by_person ON invites (person_id) WHERE used_at IS NULL;
