-- A saved answer belongs to the client that sent the request (its token's azp, client id or subject) as well as to the
-- kind of write and the library: two library systems acting for the same library never get each other's answers.
-- Answers saved before carry no client ('') and are only ever expired. Expiry deletes by age (created_at).
alter table idempotency_record add column client_id varchar(255) not null default '';
alter table idempotency_record drop constraint idempotency_record_pkey;
alter table idempotency_record add constraint idempotency_record_pkey primary key (client_id, scope, idem_key);
create index idempotency_record_created_at on idempotency_record (created_at);
