-- 타관반납 transit in the national ledger: an item returned away from its owning library travels home
-- (RETURNED_ELSEWHERE -> SHIPPED -> BACK_HOME). The owning region keeps the loan and decides each step; the hub keeps
-- this copy from loan.returned and loan.transit-changed events (and at once from the steps it routes), so that the
-- library where the item was returned, in another region, can list what it holds for shipping.
alter table national_loan
    add column transit            varchar(20),
    add column transit_updated_at timestamptz,
    add constraint national_loan_transit_ck check (transit in ('RETURNED_ELSEWHERE', 'SHIPPED', 'BACK_HOME'));

-- Returns of earlier versions: the returned-elsewhere state follows from the two library codes.
update national_loan set transit = 'RETURNED_ELSEWHERE', transit_updated_at = returned_at
    where status = 'RETURNED' and returned_at_library is not null and returned_at_library <> library_code;

create index national_loan_transit_at_idx on national_loan (returned_at_library)
    where transit in ('RETURNED_ELSEWHERE', 'SHIPPED');
create index national_loan_transit_home_idx on national_loan (library_code)
    where transit in ('RETURNED_ELSEWHERE', 'SHIPPED');
