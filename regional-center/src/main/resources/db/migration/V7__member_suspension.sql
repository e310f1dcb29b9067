-- A member's running suspension from borrowing (대출정지) as this region knows it: through suspended_until
-- (inclusive), set by a library for a reason. A new suspension only ever moves the end date later.
alter table member
    add column suspended_until      date,
    add column suspended_by_library char(6),
    add column suspension_reason    varchar(300),
    add column suspension_set_at    timestamptz;

-- A member's loans returned on a day (the items counted together for a suspension).
create index loan_member_returned on loan (member_number, returned_at) where returned_at is not null;
