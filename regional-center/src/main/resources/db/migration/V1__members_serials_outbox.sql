-- Members of this region's libraries. Personal data lives only here, never at the hub.
create table member (
    id                          bigint generated always as identity primary key,
    member_number               char(14)     not null unique,
    number_form                 varchar(16)  not null,
    issuing_library             char(6)      not null,
    name                        varchar(100) not null,
    birth_date                  date         not null,
    phone                       varchar(20)  not null,
    address                     varchar(300),
    -- keyed hash (HMAC-SHA256, hex) of the identity key (CI); the key itself is never stored
    identity_hash               char(64)     not null,
    category                    varchar(16)  not null,
    status                      varchar(16)  not null,
    status_reason               varchar(300),
    linked_to                   char(14),
    guardian_name               varchar(100),
    guardian_phone              varchar(20),
    guardian_consent_at         timestamptz,
    personal_data_consent_at    timestamptz  not null,
    third_party_transfer_consent_at timestamptz,
    enrolled_at                 timestamptz  not null,
    updated_at                  timestamptz  not null,
    version                     bigint       not null default 0
);

-- One person, one active number within the region (the hub enforces it nationally).
create unique index member_active_identity on member (identity_hash) where status not in ('LINKED', 'WITHDRAWN');

-- Libraries at which a member is registered (the issuing library first; imports add rows).
create table member_registration (
    member_id     bigint     not null references member (id),
    library_code  char(6)    not null,
    registered_at timestamptz not null,
    primary key (member_id, library_code)
);

-- Last serial issued per library and 2-digit year; incremented in the enrolling transaction, so gap-free.
create table member_serial (
    library_code  char(6)  not null,
    year_of_issue smallint not null,
    last_serial   integer  not null,
    primary key (library_code, year_of_issue)
);

-- Transactional outbox: written with the state change, published by the relay.
create table outbox_event (
    id           uuid         primary key,
    seq          bigint       generated always as identity unique,
    topic        varchar(200) not null,
    message_key  varchar(64)  not null,
    event_type   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Ids of national events already applied (idempotent consumer).
create table processed_event (
    event_id     varchar(64)  primary key,
    event_type   varchar(200) not null,
    processed_at timestamptz  not null
);
