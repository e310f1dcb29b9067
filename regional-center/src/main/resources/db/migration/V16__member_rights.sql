-- The rights of the national cap this region holds per member (issue 17, the escrow method): a checkout here lends on
-- a free right (held above the member's active loans here) without asking the hub. Changed only under the member's
-- advisory lock, the one every checkout takes. A member without a row holds none.
create table member_rights (
    member_number char(14)    primary key,
    held          integer     not null check (held >= 0),
    updated_at    timestamptz not null
);

-- Every move of rights, by its id: CREDITED (the hub granted them here) or GIVEN (this region gave them back when the
-- hub asked). The same id again changes nothing and answers the recorded count.
create table rights_move (
    move_id       varchar(64) primary key,
    member_number char(14)    not null,
    kind          varchar(16) not null check (kind in ('CREDITED', 'GIVEN')),
    count         integer     not null check (count >= 0),
    moved_at      timestamptz not null
);
create index rights_move_member_idx on rights_move (member_number, moved_at);
