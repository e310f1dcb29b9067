-- One running suspension per member AND library that set it, so that lifting the suspensions of one region leaves
-- those of the others in force. The member's suspension is the one that runs longest.
alter table national_suspension drop constraint national_suspension_pkey;
alter table national_suspension add primary key (member_number, set_by_library);
create index national_suspension_region_idx on national_suspension (member_number, set_by_region);
