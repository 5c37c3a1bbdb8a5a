-- Rent entries posted because a lease's last day moved: a reversal of rent billed past a last day
-- that came earlier, or rent billed again for days a later last day covers again. Marked so that
-- a last day moving back restores only what a move took, never a manager's own reversal.
ALTER TABLE charges ADD COLUMN term_change boolean NOT NULL DEFAULT false;

-- Reversals posted for a last day before this column existed, known by the words they were given.
UPDATE charges SET term_change = true
 WHERE kind = 'rent' AND adjustment = 'reversal'
   AND (description LIKE 'Reversal of "%": the lease''s last day is ____-__-__'
     OR description LIKE 'Reversal of "%" after ____-__-__, the lease''s last day');
