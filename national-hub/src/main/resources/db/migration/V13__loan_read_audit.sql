-- Who read a member's loans at the hub (issue 16): every answered GET /api/v1/national/members/{n}/loans leaves one
-- row, written in the same transaction as the read (no answer without its row): the member number, the caller (its
-- principal and OIDC client), the role it read as (region-service with its region, or national-monitor) and when.
-- Kept chaekieum.hub.loan-retention like the ledger's member numbers, then deleted by the hub's retention run.
create table loan_read_audit (
    id            bigint generated always as identity primary key,
    member_number char(14)     not null,
    read_by       varchar(100) not null,
    client_id     varchar(100),
    read_as       varchar(40)  not null,
    region        varchar(64),
    read_at       timestamptz  not null
);
create index loan_read_audit_read_at_idx on loan_read_audit (read_at);
create index loan_read_audit_member_idx on loan_read_audit (member_number, read_at);
