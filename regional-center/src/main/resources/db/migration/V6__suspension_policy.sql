-- Suspension policy (대출정지) per library, next to its loan policy: all null means the region's default. See
-- SuspensionPolicy for the formula. Closed days (휴관일) per library, maintained by operators, for policies that do not
-- count them as overdue.
alter table library_policy
    add column suspension_offset_before    integer,
    add column suspension_weight           numeric(5, 2),
    add column suspension_offset_after     integer,
    add column suspension_counting         varchar(10),
    add column suspension_skip_closed_days boolean,
    add column suspension_max_days         integer,
    add column suspension_warn_only        boolean;

create table library_closed_day (
    library_code char(6) not null,
    closed_on    date    not null,
    primary key (library_code, closed_on)
);
