-- An overrun names the rule a loan went past: NATIONAL_CAP (degraded loans took the member past the national cap), or
-- a rule a local library system's loan report overrode (e.g. MEMBER_SUSPENDED, LIBRARY_CAP_REACHED), one row per loan
-- and rule (loan_ids then holds that one loan), recorded once however often the event is consumed.
alter table cap_overrun add column rule varchar(40) not null default 'NATIONAL_CAP';
create unique index cap_overrun_loan_rule on cap_overrun (loan_ids, rule) where rule <> 'NATIONAL_CAP';
