-- One outbox for both services (service-runtime): the hub's table gets the event_type column the regional centers'
-- has had since V1 (the CloudEvents type, for operators and queries; the relay does not read it). Existing rows take
-- it from their envelope; the default only serves rows written without it.
alter table outbox_event add column event_type varchar(200) not null default '';
update outbox_event set event_type = coalesce(payload::jsonb ->> 'type', '');
