-- The ledger. Charges are never edited: a correction, write-off, credit or deposit application is
-- a negative charge row that names the charge it reduces. Scheduled postings (rent, deposit) are
-- unique per lease, kind and period, and a late fee is unique per charge, so a billing run may be
-- repeated or raced without posting anything twice.

ALTER TABLE charges
  ADD COLUMN adjustment text
    CONSTRAINT charges_adjustment_check CHECK (adjustment IN ('reversal', 'write_off', 'credit', 'deposit_applied')),
  ADD COLUMN scheduled boolean NOT NULL DEFAULT false,
  ADD COLUMN source_charge_id uuid,
  ADD COLUMN created_by uuid,
  ADD CONSTRAINT charges_source_fkey FOREIGN KEY (org_id, source_charge_id) REFERENCES charges (org_id, id) ON DELETE RESTRICT,
  ADD CONSTRAINT charges_created_by_fkey FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id) ON DELETE SET NULL (created_by),
  -- A positive row is a charge; a negative row is an adjustment of the charge it names.
  ADD CONSTRAINT charges_adjustment_shape CHECK (
    (amount_cents > 0 AND adjustment IS NULL AND reverses_charge_id IS NULL)
    OR (amount_cents < 0 AND adjustment IS NOT NULL AND reverses_charge_id IS NOT NULL)
  );

CREATE UNIQUE INDEX charges_schedule_key ON charges (org_id, lease_id, kind, period_start) WHERE scheduled;
CREATE UNIQUE INDEX charges_late_fee_key ON charges (org_id, source_charge_id) WHERE kind = 'late_fee' AND adjustment IS NULL;
CREATE INDEX charges_reverses_idx ON charges (org_id, reverses_charge_id) WHERE reverses_charge_id IS NOT NULL;

-- The calendar day an allocation takes effect (the payment's day, or the charge's when paid ahead),
-- so balances and ageing can be read as of any date.
ALTER TABLE payment_allocations ADD COLUMN effective_on date;

-- The day a succeeded payment was returned, refunded or failed, as the ledger shows it.
ALTER TABLE payments ADD COLUMN reversed_on date;

-- The management fee an owner statement deducts, in basis points of collected income.
ALTER TABLE properties ADD COLUMN management_fee_bp integer NOT NULL DEFAULT 0
  CONSTRAINT properties_management_fee_range CHECK (management_fee_bp BETWEEN 0 AND 10000);

-- A deposit is held as a liability; at move-out its disposition applies part of it to itemized
-- deductions and refunds the rest, once per lease.
CREATE TABLE deposit_dispositions (
  id                uuid NOT NULL,
  org_id            uuid NOT NULL,
  lease_id          uuid NOT NULL,
  disposed_on       date NOT NULL,
  held_cents        bigint NOT NULL CONSTRAINT deposit_dispositions_held_nonnegative CHECK (held_cents >= 0),
  deductions_cents  bigint NOT NULL CONSTRAINT deposit_dispositions_deductions_nonnegative CHECK (deductions_cents >= 0),
  applied_cents     bigint NOT NULL CONSTRAINT deposit_dispositions_applied_nonnegative CHECK (applied_cents >= 0),
  refund_cents      bigint NOT NULL CONSTRAINT deposit_dispositions_refund_nonnegative CHECK (refund_cents >= 0),
  refund_method     text
                    CONSTRAINT deposit_dispositions_refund_method_check CHECK (refund_method IN ('cash', 'check', 'ach', 'card', 'bank_transfer', 'money_order', 'other')),
  refund_reference  text,
  notes             text,
  created_by        uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deposit_dispositions_pkey PRIMARY KEY (id),
  CONSTRAINT deposit_dispositions_org_id_key UNIQUE (org_id, id),
  CONSTRAINT deposit_dispositions_lease_key UNIQUE (org_id, lease_id),
  CONSTRAINT deposit_dispositions_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT deposit_dispositions_created_by_fkey FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id) ON DELETE SET NULL (created_by),
  CONSTRAINT deposit_dispositions_balanced CHECK (held_cents = applied_cents + refund_cents AND applied_cents <= deductions_cents)
);

CREATE TABLE deposit_deductions (
  id              uuid NOT NULL,
  org_id          uuid NOT NULL,
  disposition_id  uuid NOT NULL,
  position        smallint NOT NULL,
  description     text NOT NULL CONSTRAINT deposit_deductions_description_not_blank CHECK (btrim(description) <> ''),
  amount_cents    bigint NOT NULL CONSTRAINT deposit_deductions_amount_positive CHECK (amount_cents > 0),
  -- The charge the deduction is for: an open one named by the caller, or one posted for it.
  charge_id       uuid NOT NULL,
  applied_cents   bigint NOT NULL CONSTRAINT deposit_deductions_applied_range CHECK (applied_cents >= 0 AND applied_cents <= amount_cents),
  CONSTRAINT deposit_deductions_pkey PRIMARY KEY (id),
  CONSTRAINT deposit_deductions_position_key UNIQUE (org_id, disposition_id, position),
  CONSTRAINT deposit_deductions_disposition_fkey FOREIGN KEY (org_id, disposition_id) REFERENCES deposit_dispositions (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT deposit_deductions_charge_fkey FOREIGN KEY (org_id, charge_id) REFERENCES charges (org_id, id) ON DELETE RESTRICT
);

-- Each charge with what adjusted it and what was allocated to it: the balance is the sum of entries.
CREATE VIEW charge_balances AS
SELECT
  c.org_id,
  c.id AS charge_id,
  c.lease_id,
  c.kind,
  c.due_date,
  c.amount_cents,
  coalesce(adj.total, 0)::bigint AS adjusted_cents,
  coalesce(alloc.total, 0)::bigint AS allocated_cents,
  (c.amount_cents + coalesce(adj.total, 0) - coalesce(alloc.total, 0))::bigint AS balance_cents
FROM charges c
LEFT JOIN LATERAL (
  SELECT sum(r.amount_cents) AS total FROM charges r WHERE r.org_id = c.org_id AND r.reverses_charge_id = c.id
) adj ON true
LEFT JOIN LATERAL (
  SELECT sum(a.amount_cents) AS total FROM payment_allocations a WHERE a.org_id = c.org_id AND a.charge_id = c.id
) alloc ON true
WHERE c.adjustment IS NULL;
