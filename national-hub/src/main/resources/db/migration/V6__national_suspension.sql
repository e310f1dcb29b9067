-- Suspensions from borrowing (대출정지) as the federation knows them: one running suspension per member, through
-- suspended_until (inclusive), set by a library of a region, for a reason. Only ever moved later. Reservations of a
-- suspended member are refused here, so a suspension set in one region holds in every other one as soon as its event
-- is applied. Holds no personal data.
create table national_suspension (
    member_number   char(14)     primary key,
    suspended_until date         not null,
    set_by_library  char(6)      not null,
    set_by_region   varchar(64)  not null,
    reason          varchar(300) not null,
    set_at          timestamptz  not null,
    updated_at      timestamptz  not null
);
create index national_suspension_until_idx on national_suspension (suspended_until desc);
