-- National dashboard (issue 15): today's counts and the 48-hour and 90-day series read time ranges of the ledger's
-- checkouts and returns and of the registry's registrations. Without these indexes each refresh would scan the whole
-- ledger. (Partial: rows without the time are never asked for.) The daily statistics per library will take over the
-- longer series; these stay for "today".
create index national_loan_checked_out_at_idx on national_loan (checked_out_at) where checked_out_at is not null;
create index national_loan_returned_at_idx on national_loan (returned_at) where returned_at is not null;
create index national_member_registered_at_idx on national_member (registered_at);
