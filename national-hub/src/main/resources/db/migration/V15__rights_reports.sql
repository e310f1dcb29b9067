-- What each region says it holds of a member's rights (issue 17), from its rights.held.v1 events: the latest move's
-- count after it. Reconciliation compares it with member_rights (the ledger) and with the open loans of national_loan;
-- a region without a row here holds what its active loans take (it has never been granted or given any right).
create table rights_report (
    member_number char(14)    not null,
    region        varchar(40) not null,
    held          integer     not null check (held >= 0),
    move_id       varchar(64) not null,
    moved_at      timestamptz not null,
    received_at   timestamptz not null,
    primary key (member_number, region)
);
