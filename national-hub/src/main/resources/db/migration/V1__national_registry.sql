-- National registry of unified member numbers. Holds NO name, phone, address, birth date or identity key:
-- only the keyed identity hash that regions send, so that one person holds one number nationwide.
create table national_member (
    member_number   char(14)     primary key,
    number_form     varchar(16)  not null,
    issuing_library char(6)      not null,
    region          varchar(64)  not null,
    identity_hash   varchar(128) not null,
    category        varchar(16)  not null,
    status          varchar(16)  not null,
    linked_to       char(14),
    registered_at   timestamptz  not null,
    updated_at      timestamptz  not null,
    constraint national_member_linked_has_target check (status <> 'LINKED' or linked_to is not null)
);

-- One person, one active number: guards against two numbers of one person arriving on different partitions.
create unique index national_member_active_identity_ux
    on national_member (identity_hash)
    where status not in ('LINKED', 'WITHDRAWN');

create index national_member_linked_idx on national_member (updated_at desc) where status = 'LINKED';

-- Envelope ids of consumed events, written in the same transaction as the registry change (idempotent consumer).
create table processed_event (
    event_id     varchar(128) primary key,
    event_type   varchar(128) not null,
    processed_at timestamptz  not null
);

-- Numbers the hub refused (numbering standard), for monitoring.
create table refused_number (
    id            bigint generated always as identity primary key,
    member_number varchar(64)  not null,
    region        varchar(64)  not null,
    error_code    varchar(64)  not null,
    reason        varchar(512),
    event_id      varchar(128) not null,
    refused_at    timestamptz  not null
);

create index refused_number_refused_at_idx on refused_number (refused_at desc);

-- Transactional outbox: rows written with the decision, published to Kafka by the relay in seq order.
create table outbox_event (
    id           uuid         primary key,
    seq          bigint generated always as identity,
    topic        varchar(255) not null,
    message_key  varchar(64)  not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);

create unique index outbox_event_seq_ux on outbox_event (seq);
create index outbox_event_unpublished_idx on outbox_event (seq) where published_at is null;
