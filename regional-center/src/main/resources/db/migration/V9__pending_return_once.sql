-- A return kept while the owning region could not be reached is one per item: the same book scanned again (or a
-- concurrent twin of the request) finds the open one instead of keeping a second. Twins kept before this index
-- existed are closed as duplicates of the earliest, which alone is applied.
update pending_return p set applied_at = now(), outcome = 'DUPLICATE'
where p.applied_at is null
  and exists (select 1 from pending_return q
              where q.item_barcode = p.item_barcode and q.applied_at is null
                and (q.created_at, q.id) < (p.created_at, p.id));
create unique index pending_return_open_item on pending_return (item_barcode) where applied_at is null;
