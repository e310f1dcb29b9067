-- The library that expelled a member (제명): only that library (or the region's operator) lifts the expulsion. Null for
-- members not expelled, and for expulsions recorded before this column existed (their issuing library lifts them).
alter table member add column expelled_by_library char(6);
