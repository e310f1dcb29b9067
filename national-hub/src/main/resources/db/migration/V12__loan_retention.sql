-- Privacy of the national loan ledger (issue 16): the hub needs a member's number on a loan only while the loan can
-- count towards the member's national cap. Returned loans (and released reservations) lose it after
-- chaekieum.hub.loan-retention, and at once when the member withdraws (RegistryService); the row stays with its library,
-- item, region, dates and transit, so that the dashboard's series, the transits and the overruns' scope stay as they
-- were. A cap overrun loses its member number the same way. Nulling, not a token: a token would still link one
-- person's loans together.
alter table national_loan alter column member_number drop not null;
alter table cap_overrun alter column member_number drop not null;

-- The ended loans that still name a member: by member (withdrawal) and by age (the retention run). Both only hold the
-- rows of the retention period: an anonymised row leaves them.
create index national_loan_named_ended_member_idx on national_loan (member_number)
    where member_number is not null and status in ('RETURNED', 'RELEASED');
create index national_loan_named_ended_at_idx on national_loan ((coalesce(returned_at, updated_at)))
    where member_number is not null and status in ('RETURNED', 'RELEASED');
