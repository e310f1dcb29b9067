-- Loans a local library system (KOLAS III) reports after the fact. A reported loan carries the key it has in the
-- library's own system (로컬KEY), the rules it went past (error codes, comma-separated), and when it was undone (K21:
-- ended as if never lent, no suspension rule).
alter table loan add column local_key varchar(64);
alter table loan add column overrode text;
alter table loan add column undone_at timestamptz;
-- One ACTIVE loan per library and key: an undone return (K22) records a new loan with the key of the returned one.
create unique index loan_local_key_active on loan (library_code, local_key)
    where local_key is not null and returned_at is null;
-- Every loan of a key, latest first: whether a report exists looks at any loan with the key.
create index loan_local_key on loan (library_code, local_key, checked_out_at desc) where local_key is not null;

-- Reports kept until they can be applied: a loan of a member whose registration has not reached this region yet, of an
-- item whose previous loan has not ended yet, or a return reported before its loan. Retried oldest first.
create table loan_report_waiting (
    id                  uuid        primary key,
    library_code        char(6)     not null,
    local_key           varchar(64) not null,
    kind                varchar(10) not null,
    member_number       char(14),
    item_barcode        varchar(19),
    checked_out_at      timestamptz,
    due_on              date,
    returned_at_library char(6),
    returned_at         timestamptz,
    waiting_for         varchar(40) not null,
    received_at         timestamptz not null,
    attempts            integer     not null default 0,
    last_tried_at       timestamptz,
    applied_at          timestamptz,
    outcome             varchar(40),
    constraint loan_report_waiting_kind check (kind in ('LOAN', 'RETURN'))
);
-- One open report per library, key and kind: the same report drained twice is the same report.
create unique index loan_report_waiting_open on loan_report_waiting (library_code, local_key, kind)
    where applied_at is null;
create index loan_report_waiting_oldest on loan_report_waiting (received_at, id) where applied_at is null;
create index loan_report_waiting_member on loan_report_waiting (member_number) where applied_at is null;
