-- Imported copies (반입) of other regions' members, category modifiers, erasure and retention.

-- A provisional import has no profile yet, and erasure (withdrawal, retention) empties the personal fields.
alter table member
    alter column name drop not null,
    alter column birth_date drop not null,
    alter column phone drop not null,
    alter column identity_hash drop not null,
    alter column personal_data_consent_at drop not null;

alter table member
    -- true for a copy of a member whose home is another region; home_region names it (null while unknown)
    add column imported             boolean     not null default false,
    add column home_region          varchar(40),
    add column category_modifier    varchar(20),
    add column modifier_expires_on  date,
    -- bumped when personal fields change at home; copies fetch the profile again
    add column profile_version      bigint      not null default 1,
    -- a copy whose profile must still be fetched from the home region (provisional import, or a change announced)
    add column profile_pending      boolean     not null default false,
    add column import_consent_at    timestamptz,
    add column erased_at            timestamptz,
    add column last_activity_at     timestamptz;

update member set last_activity_at = updated_at;
alter table member alter column last_activity_at set not null;

create index member_profile_pending on member (id) where profile_pending;
create index member_retention on member (last_activity_at) where not imported and erased_at is null;

-- A library's own card password for the member (PBKDF2), and who registered the member there with which consent.
alter table member_registration
    add column password_hash varchar(200),
    add column requested_by  varchar(100),
    add column consent_at    timestamptz;

-- Every transfer of a member's data: at the home region (OUTGOING), at the importing region (INCOMING), or within
-- one region (LOCAL). Who asked, for which library, when, which fields, with which consent, and the outcome.
create table member_transfer_audit (
    id                bigint       generated always as identity primary key,
    member_number     char(14)     not null,
    direction         varchar(10)  not null,
    requesting_region varchar(40)  not null,
    library_code      char(6)      not null,
    requested_by      varchar(100) not null,
    purpose           varchar(10)  not null,
    fields            text         not null,
    consent_at        timestamptz,
    outcome           varchar(40)  not null,
    created_at        timestamptz  not null
);
create index member_transfer_audit_member on member_transfer_audit (member_number);
