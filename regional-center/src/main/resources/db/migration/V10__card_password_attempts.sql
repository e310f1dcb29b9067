-- Wrong card passwords in a row for a member at a library (the library's own card password, kept at import): how many,
-- since when, and until when the password is locked after too many. Kept with the registration, so that every replica
-- counts the same attempts and a restart forgets none; the row is locked while an attempt is counted.
alter table member_registration
    add column password_failures       integer     not null default 0,
    add column password_failures_since timestamptz,
    add column password_locked_until   timestamptz;
