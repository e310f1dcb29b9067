-- One outbox for both services (service-runtime): the same table shape as the hub's (V9 there). The index rename and
-- the widened topic are catalog-only changes; the default only serves rows written without a type.
alter table outbox_event alter column event_type set default '';
alter table outbox_event alter column topic type varchar(255);
alter index outbox_event_unpublished rename to outbox_event_unpublished_idx;
