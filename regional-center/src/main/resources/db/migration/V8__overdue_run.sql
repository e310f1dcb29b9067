-- The daily overdue run marks each loan found past its due date once (and announces loan.overdue.v1 for notices).
alter table loan add column overdue_marked_at timestamptz;
create index loan_overdue_unmarked on loan (due_on) where returned_at is null and overdue_marked_at is null;
