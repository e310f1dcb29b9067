-- National statistics (issue 15): daily figures per library, counted from the member events the hub consumes
-- (StatisticsConsumer). They are derived data, rebuildable from the topic, and live in a schema of their own: a
-- rebuild deletes and recounts them without touching the national record (public schema), and a reporting role can be
-- granted this schema alone. Only the statistics consumer and a rebuild write here, never a request of a region.
create schema if not exists statistics;

-- One row per library and Korean day with any activity. Sized for 2,000 libraries: 730,000 rows a year (about 340 MB
-- with the indexes, measured). Every query names a period, so the primary key leads with the day and a period is one
-- range of it; a region operator's queries use (region, day) (90 days of a region of 91 libraries: 10 to 15 ms), one
-- library's (library_code, day) (a year: 5 to 15 ms). Rows are inserted about in day order, so a period sits on
-- neighbouring pages. The counters of today's rows are updated all day long: fillfactor 70 leaves room on each page
-- so that these updates stay HOT (no indexed column ever changes) and neither the table nor its indexes bloat.
create table statistics.library_day (
    day                      date        not null,
    library_code             char(6)     not null,
    region                   varchar(40) not null,
    checkouts                integer     not null default 0,
    degraded_checkouts       integer     not null default 0,
    returns                  integer     not null default 0,
    returns_elsewhere        integer     not null default 0,
    renewals                 integer     not null default 0,
    enrollments              integer     not null default 0,
    imports                  integer     not null default 0,
    suspensions              integer     not null default 0,
    refused_national_cap     integer     not null default 0,
    refused_library_cap      integer     not null default 0,
    refused_suspended        integer     not null default 0,
    refused_cap_unverifiable integer     not null default 0,
    refused_other            integer     not null default 0,
    borrowers                integer     not null default 0,
    constraint library_day_pkey primary key (day, library_code)
) with (fillfactor = 70);
create index library_day_region_day on statistics.library_day (region, day);
create index library_day_library_day on statistics.library_day (library_code, day);

-- The same figures per region and day, written in the same transaction as the libraries' rows: the national overview
-- (by region, per day or month) reads 22 rows a day instead of 2,000. Measured on a loaded 2-core machine with a year
-- of 2,000 libraries in 22 regions: 90 days by region from library_day took 130 to 290 ms (an index range or a
-- parallel scan of 180,000 rows and their sums), from region_day 5 to 15 ms; a year by month 17 to 45 ms.
-- Distinct borrowers here are the sum over the region's library-days, as when library rows are summed.
create table statistics.region_day (
    day                      date        not null,
    region                   varchar(40) not null,
    checkouts                integer     not null default 0,
    degraded_checkouts       integer     not null default 0,
    returns                  integer     not null default 0,
    returns_elsewhere        integer     not null default 0,
    renewals                 integer     not null default 0,
    enrollments              integer     not null default 0,
    imports                  integer     not null default 0,
    suspensions              integer     not null default 0,
    refused_national_cap     integer     not null default 0,
    refused_library_cap      integer     not null default 0,
    refused_suspended        integer     not null default 0,
    refused_cap_unverifiable integer     not null default 0,
    refused_other            integer     not null default 0,
    borrowers                integer     not null default 0,
    constraint region_day_pkey primary key (day, region)
) with (fillfactor = 70);

-- Ids of the events counted, by the generation (reading of the topic) that counted them: an event is counted once
-- per generation, in the same transaction as its figures (idempotent). Kept chaekieum.statistics.keep-counted-event-ids
-- (30 days), then deleted by the statistics housekeeping (counted_at).
create table statistics.counted_event (
    event_id   varchar(128) not null,
    generation integer      not null,
    counted_at timestamptz  not null,
    constraint counted_event_pkey primary key (event_id, generation)
);
create index counted_event_counted_at on statistics.counted_event (counted_at);

-- The members who borrowed at a library on a day, to count each once (distinct borrowers): member numbers only (the
-- hub holds no name), kept chaekieum.statistics.keep-borrowers (3 days) after they were written, then deleted.
create table statistics.library_day_borrower (
    day           date        not null,
    library_code  char(6)     not null,
    member_number char(14)    not null,
    counted_at    timestamptz not null,
    constraint library_day_borrower_pkey primary key (day, library_code, member_number)
);
create index library_day_borrower_counted_at on statistics.library_day_borrower (counted_at);

-- Which reading of the topic the figures come from. A rebuild from a day increments the generation, deletes the
-- figures from that day on, and the new generation's consumer group reads the topic again from read_from (a day
-- before). Generation 1 is the first reading, from the topic's beginning.
create table statistics.generation (
    id           smallint     primary key check (id = 1),
    generation   integer      not null,
    rebuild_from date,
    read_from    timestamptz,
    requested_at timestamptz  not null,
    requested_by varchar(100)
);
insert into statistics.generation (id, generation, requested_at) values (1, 1, now());
