-- National loan ledger (issue 4): the hub is the authority on a member's national loan count. Holds loan ids,
-- member numbers, library codes and barcodes only: no name, phone, address or identity key.
--
-- status: RESERVED (a region asked for a place and has not confirmed yet; counted), ACTIVE (loan.created arrived;
-- counted), RETURNED (ended), RELEASED (the region gave the place back, or told the hub the loan does not exist).
-- A reservation never expires by itself: it is settled by the loan's event, a release, or by asking its region.
create table national_loan (
    loan_id             varchar(36)  primary key,
    member_number       char(14)     not null,
    library_code        char(6)      not null,
    owning_library      char(6),
    item_barcode        varchar(19),
    region              varchar(64),
    status              varchar(16)  not null,
    degraded            boolean      not null default false,
    renewals            integer      not null default 0,
    due_on              date,
    checked_out_at      timestamptz,
    returned_at         timestamptz,
    returned_at_library char(6),
    reserved_at         timestamptz,
    confirmed_at        timestamptz,
    updated_at          timestamptz  not null,
    constraint national_loan_status_ck check (status in ('RESERVED', 'ACTIVE', 'RETURNED', 'RELEASED'))
);

-- A member's open loans (the national count, taken under a per-member advisory lock on every reservation).
create index national_loan_member_open_idx on national_loan (member_number, library_code)
    where status in ('RESERVED', 'ACTIVE');

-- Reservations waiting for settlement, oldest first.
create index national_loan_reserved_idx on national_loan (reserved_at) where status = 'RESERVED';

-- Reconciliation: a region's loans by status.
create index national_loan_region_status_idx on national_loan (region, status, loan_id);

-- Degraded loans (made while the hub was unreachable) that took a member past the national cap. Reported as a
-- cap.overrun.v1 event and on GET /api/v1/national/overruns.
create table cap_overrun (
    id            bigint generated always as identity primary key,
    member_number char(14)    not null,
    national_cap  integer     not null,
    active_loans  integer     not null,
    loan_ids      text        not null,
    detected_at   timestamptz not null
);

create index cap_overrun_detected_at_idx on cap_overrun (detected_at desc, id desc);
