-- A loan's item, whatever its state: a return routed from another region is matched by item, return time and library
-- (its retry gets the first answer), and a transit step finds the item's latest return. Without this index both read
-- every loan of the region, and cost more with every loan ever made.
create index loan_item_history on loan (item_barcode, returned_at desc);
