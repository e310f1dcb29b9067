-- Housekeeping: published outbox rows and the ids of applied events are kept for a while (for inspection, and to drop
-- a late redelivery), then deleted in small batches by age; these indexes keep that cheap.
create index outbox_event_created_at on outbox_event (created_at);
create index processed_event_processed_at on processed_event (processed_at);
