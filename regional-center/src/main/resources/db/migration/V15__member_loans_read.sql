-- Every read of a member's loans nationwide (GET /api/v1/members/{n}/loans) that was answered: when, by which client,
-- for which library (a library system) and region. The member's number is removed with the member's personal data
-- (withdrawal, retention, the home region's erasure of a copy): the audit never outlives it.
create table member_loans_read (
    id            bigint       generated always as identity primary key,
    read_at       timestamptz  not null,
    client_id     varchar(255) not null,
    library_code  char(6),
    region        varchar(40)  not null,
    member_number char(14)
);
create index member_loans_read_member on member_loans_read (member_number) where member_number is not null;
