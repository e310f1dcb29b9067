-- Member lifecycle (issue 3): category modifiers with an expiry date, and withdrawal (탈퇴) erasing the identity hash.
-- The hub keeps number and status of a withdrawn member, nothing that could find the person again.

alter table national_member
    add column category_modifier   varchar(32),
    add column modifier_expires_on date;

alter table national_member alter column identity_hash drop not null;

-- Erase any hash a withdrawn row may still hold, then make the rules constraints: a withdrawn number holds no identity
-- hash; an active number always holds one. A LINKED (retired) number may lose its hash too: when the number it is
-- linked to withdraws, the person's hash is erased from every number of theirs.
update national_member set identity_hash = null where status = 'WITHDRAWN';

alter table national_member
    add constraint national_member_withdrawn_has_no_identity
        check (status <> 'WITHDRAWN' or identity_hash is null),
    add constraint national_member_active_has_identity
        check (status in ('WITHDRAWN', 'LINKED') or identity_hash is not null);

-- national_member_active_identity_ux (V1, unique on identity_hash where status not in ('LINKED', 'WITHDRAWN'))
-- stays as it is: withdrawn rows are outside it and their hash is null anyway.
