-- The national cap split into rights that regions hold (issue 17, the escrow method). One row per member and region
-- that holds rights for the member; the rights no region holds are the member's cap minus the sum of the rows (the cap
-- is not stored: it follows the member's home region's setting, and a change of it (un)allocates the difference).
-- Changed only under the member's advisory lock, the same one the loan ledger takes.
create table member_rights (
    member_number char(14)    not null,
    region        varchar(40) not null,
    held          integer     not null check (held >= 0),
    updated_at    timestamptz not null,
    primary key (member_number, region)
);

-- Every move of rights, by the id its region gave it: GRANTED (hub to region) or GIVEN (region back to the hub). The
-- same id again answers the recorded move and changes nothing: a region that lost an answer asks again with its id.
create table rights_move (
    move_id       varchar(64) primary key,
    member_number char(14)    not null,
    region        varchar(40) not null,
    kind          varchar(16) not null check (kind in ('GRANTED', 'GIVEN')),
    count         integer     not null check (count >= 0),
    moved_at      timestamptz not null
);
create index rights_move_member_idx on rights_move (member_number, moved_at);
