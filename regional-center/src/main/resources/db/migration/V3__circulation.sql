-- Circulation: each library's loan policy, loans made at this region's libraries, idempotent writes, and returns at
-- this region of other regions' items that wait for the hub.

create table library_policy (
    library_code        char(6)     primary key,
    loan_cap            integer     not null,
    loan_period_days    integer     not null,
    renewal_limit       integer     not null,
    renewal_days        integer     not null,
    multi_child_loan_cap integer,
    updated_at          timestamptz not null
);

-- A loan lives in the region of the library that lent it (the item's owning library). member_number is nulled when
-- the member's data is erased: the history stays, anonymised.
create table loan (
    id                  uuid        primary key,
    member_number       char(14),
    library_code        char(6)     not null,
    item_barcode        varchar(19) not null,
    checked_out_at      timestamptz not null,
    due_on              date        not null,
    renewals            integer     not null default 0,
    -- made while the national hub could not be asked (the degraded rule); the hub checks it when it learns of it
    degraded            boolean     not null default false,
    returned_at         timestamptz,
    returned_at_library char(6),
    transit             varchar(20),
    transit_updated_at  timestamptz,
    version             bigint      not null default 0
);
-- An item is on loan at most once.
create unique index loan_item_on_loan on loan (item_barcode) where returned_at is null;
create index loan_member_active on loan (member_number) where returned_at is null;

-- The first answer to a write with an Idempotency-Key, written in the transaction of the write itself.
create table idempotency_record (
    scope           varchar(100) not null,
    idem_key        varchar(200) not null,
    request_hash    char(64)     not null,
    response_status integer      not null,
    response_body   text         not null,
    created_at      timestamptz  not null,
    primary key (scope, idem_key)
);

-- Returns at this region of items owned by another region, recorded while the hub could not be reached.
create table pending_return (
    id                  uuid        primary key,
    item_barcode        varchar(19) not null,
    returned_at_library char(6)     not null,
    returned_at         timestamptz not null,
    created_at          timestamptz not null,
    applied_at          timestamptz,
    outcome             varchar(40)
);
create index pending_return_open on pending_return (created_at) where applied_at is null;
