-- Foundation schema: every organization-owned table carries org_id, and keys between
-- organization-owned tables include it, so rows can never point across organizations.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CONSTRAINT organizations_name_not_blank CHECK (btrim(name) <> ''),
  time_zone   text NOT NULL DEFAULT 'America/New_York',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organizations_name_key UNIQUE (name)
);

CREATE TABLE owners (
  id          uuid NOT NULL,
  org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name        text NOT NULL,
  email       text,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT owners_pkey PRIMARY KEY (id),
  CONSTRAINT owners_org_id_key UNIQUE (org_id, id)
);

CREATE TABLE neighborhoods (
  id          uuid NOT NULL,
  org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name        text NOT NULL,
  city        text,
  state       text,
  score       smallint CONSTRAINT neighborhoods_score_range CHECK (score BETWEEN 0 AND 100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT neighborhoods_pkey PRIMARY KEY (id),
  CONSTRAINT neighborhoods_org_id_key UNIQUE (org_id, id),
  CONSTRAINT neighborhoods_name_key UNIQUE (org_id, name, city, state)
);

CREATE TABLE tenants (
  id             uuid NOT NULL,
  org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  first_name     text NOT NULL,
  last_name      text NOT NULL,
  email          text,
  phone          text,
  status         text NOT NULL DEFAULT 'applicant'
                 CONSTRAINT tenants_status_check CHECK (status IN ('applicant', 'active', 'notice', 'past')),
  notes          text,
  created_by     uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  CONSTRAINT tenants_org_id_key UNIQUE (org_id, id)
);
CREATE INDEX tenants_org_name_idx ON tenants (org_id, last_name, first_name, id);
CREATE INDEX tenants_org_status_idx ON tenants (org_id, status);
CREATE INDEX tenants_search_trgm_idx ON tenants USING gin (
  (lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))) gin_trgm_ops
);

CREATE TABLE users (
  id             uuid NOT NULL,
  org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email          text NOT NULL,
  password_hash  text NOT NULL,
  display_name   text NOT NULL,
  role           text NOT NULL
                 CONSTRAINT users_role_check CHECK (role IN ('admin', 'property_manager', 'owner', 'tenant', 'technician')),
  owner_id       uuid,
  tenant_id      uuid,
  disabled_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_org_id_key UNIQUE (org_id, id),
  CONSTRAINT users_owner_fkey FOREIGN KEY (org_id, owner_id) REFERENCES owners (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT users_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT users_owner_role_check CHECK ((role = 'owner') = (owner_id IS NOT NULL)),
  CONSTRAINT users_tenant_role_check CHECK ((role = 'tenant') = (tenant_id IS NOT NULL))
);
-- Sign-in is by e-mail alone, so an address belongs to one account across the installation.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

ALTER TABLE tenants
  ADD CONSTRAINT tenants_created_by_fkey FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id) ON DELETE SET NULL (created_by);

CREATE TABLE sessions (
  id            uuid NOT NULL,
  org_id        uuid NOT NULL,
  user_id       uuid NOT NULL,
  refresh_hash  text NOT NULL,
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
  CONSTRAINT sessions_refresh_hash_key UNIQUE (refresh_hash)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE properties (
  id                  uuid NOT NULL,
  org_id              uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  owner_id            uuid,
  neighborhood_id     uuid,
  name                text NOT NULL CONSTRAINT properties_name_not_blank CHECK (btrim(name) <> ''),
  type                text NOT NULL
                      CONSTRAINT properties_type_check CHECK (type IN ('apartment', 'single_family', 'multi_family', 'condo', 'townhouse', 'commercial', 'mixed_use')),
  status              text NOT NULL DEFAULT 'active'
                      CONSTRAINT properties_status_check CHECK (status IN ('active', 'inactive', 'under_renovation', 'sold')),
  address_line1       text NOT NULL,
  address_line2       text,
  city                text NOT NULL,
  state               text NOT NULL,
  zip                 text,
  country             text NOT NULL DEFAULT 'US',
  market_value_cents  bigint CONSTRAINT properties_market_value_nonnegative CHECK (market_value_cents >= 0),
  year_built          smallint CONSTRAINT properties_year_built_range CHECK (year_built BETWEEN 1600 AND 2200),
  legal_units         integer CONSTRAINT properties_legal_units_nonnegative CHECK (legal_units >= 0),
  external_ref        text,
  attributes          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT properties_pkey PRIMARY KEY (id),
  CONSTRAINT properties_org_id_key UNIQUE (org_id, id),
  CONSTRAINT properties_external_ref_key UNIQUE (org_id, external_ref),
  CONSTRAINT properties_owner_fkey FOREIGN KEY (org_id, owner_id) REFERENCES owners (org_id, id) ON DELETE SET NULL (owner_id),
  CONSTRAINT properties_neighborhood_fkey FOREIGN KEY (org_id, neighborhood_id) REFERENCES neighborhoods (org_id, id) ON DELETE SET NULL (neighborhood_id)
);
CREATE INDEX properties_org_name_idx ON properties (org_id, name, id);
CREATE INDEX properties_org_status_type_idx ON properties (org_id, status, type);
CREATE INDEX properties_owner_idx ON properties (org_id, owner_id);
CREATE INDEX properties_search_trgm_idx ON properties USING gin (
  (lower(name || ' ' || address_line1 || ' ' || coalesce(address_line2, '') || ' ' || city || ' ' || state || ' ' || coalesce(zip, ''))) gin_trgm_ops
);

CREATE TABLE property_managers (
  org_id       uuid NOT NULL,
  property_id  uuid NOT NULL,
  user_id      uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT property_managers_pkey PRIMARY KEY (org_id, property_id, user_id),
  CONSTRAINT property_managers_property_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE,
  CONSTRAINT property_managers_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX property_managers_user_idx ON property_managers (org_id, user_id);

CREATE TABLE units (
  id                 uuid NOT NULL,
  org_id             uuid NOT NULL,
  property_id        uuid NOT NULL,
  unit_number        text NOT NULL CONSTRAINT units_unit_number_not_blank CHECK (btrim(unit_number) <> ''),
  bedrooms           smallint NOT NULL DEFAULT 0 CONSTRAINT units_bedrooms_range CHECK (bedrooms BETWEEN 0 AND 50),
  bathrooms          numeric(4, 1) NOT NULL DEFAULT 1 CONSTRAINT units_bathrooms_range CHECK (bathrooms BETWEEN 0 AND 50),
  square_feet        integer CONSTRAINT units_square_feet_positive CHECK (square_feet > 0),
  market_rent_cents  bigint CONSTRAINT units_market_rent_nonnegative CHECK (market_rent_cents >= 0),
  pet_policy         text NOT NULL DEFAULT 'unknown'
                     CONSTRAINT units_pet_policy_check CHECK (pet_policy IN ('none', 'cats', 'dogs', 'cats_and_dogs', 'unknown')),
  status             text NOT NULL DEFAULT 'available'
                     CONSTRAINT units_status_check CHECK (status IN ('available', 'unavailable', 'renovation')),
  external_ref       text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT units_pkey PRIMARY KEY (id),
  CONSTRAINT units_org_id_key UNIQUE (org_id, id),
  CONSTRAINT units_number_key UNIQUE (org_id, property_id, unit_number),
  CONSTRAINT units_external_ref_key UNIQUE (org_id, external_ref),
  CONSTRAINT units_property_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE
);
CREATE INDEX units_property_idx ON units (org_id, property_id, unit_number, id);

CREATE TABLE leases (
  id                          uuid NOT NULL,
  org_id                      uuid NOT NULL,
  unit_id                     uuid NOT NULL,
  start_date                  date NOT NULL,
  -- NULL end date: month-to-month, open-ended.
  end_date                    date,
  rent_cents                  bigint NOT NULL CONSTRAINT leases_rent_nonnegative CHECK (rent_cents >= 0),
  deposit_cents               bigint NOT NULL DEFAULT 0 CONSTRAINT leases_deposit_nonnegative CHECK (deposit_cents >= 0),
  due_day                     smallint NOT NULL DEFAULT 1 CONSTRAINT leases_due_day_range CHECK (due_day BETWEEN 1 AND 31),
  grace_days                  smallint NOT NULL DEFAULT 5 CONSTRAINT leases_grace_days_range CHECK (grace_days BETWEEN 0 AND 60),
  late_fee_kind               text NOT NULL DEFAULT 'none'
                              CONSTRAINT leases_late_fee_kind_check CHECK (late_fee_kind IN ('none', 'flat', 'percent')),
  late_fee_flat_cents         bigint NOT NULL DEFAULT 0 CONSTRAINT leases_late_fee_flat_nonnegative CHECK (late_fee_flat_cents >= 0),
  -- Basis points of the overdue rent: 500 = 5 %.
  late_fee_percent_bp         integer NOT NULL DEFAULT 0 CONSTRAINT leases_late_fee_percent_range CHECK (late_fee_percent_bp BETWEEN 0 AND 10000),
  late_fee_min_balance_cents  bigint NOT NULL DEFAULT 0 CONSTRAINT leases_late_fee_min_balance_nonnegative CHECK (late_fee_min_balance_cents >= 0),
  late_fee_cap_cents          bigint CONSTRAINT leases_late_fee_cap_nonnegative CHECK (late_fee_cap_cents >= 0),
  status                      text NOT NULL DEFAULT 'draft'
                              CONSTRAINT leases_status_check CHECK (status IN ('draft', 'active', 'ended', 'terminated')),
  terminated_on               date,
  period                      daterange GENERATED ALWAYS AS (daterange(start_date, end_date, '[]')) STORED,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leases_pkey PRIMARY KEY (id),
  CONSTRAINT leases_org_id_key UNIQUE (org_id, id),
  CONSTRAINT leases_unit_fkey FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT leases_end_after_start CHECK (end_date IS NULL OR end_date >= start_date),
  CONSTRAINT leases_terminated_on_check CHECK ((status = 'terminated') = (terminated_on IS NOT NULL)),
  CONSTRAINT leases_no_overlap EXCLUDE USING gist (org_id WITH =, unit_id WITH =, period WITH &&) WHERE (status = 'active')
);
CREATE INDEX leases_unit_idx ON leases (org_id, unit_id);
CREATE INDEX leases_period_idx ON leases USING gist (org_id, period);
CREATE INDEX leases_rent_idx ON leases (org_id, rent_cents);

CREATE TABLE lease_tenants (
  org_id      uuid NOT NULL,
  lease_id    uuid NOT NULL,
  tenant_id   uuid NOT NULL,
  is_primary  boolean NOT NULL DEFAULT false,
  CONSTRAINT lease_tenants_pkey PRIMARY KEY (org_id, lease_id, tenant_id),
  CONSTRAINT lease_tenants_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE CASCADE,
  CONSTRAINT lease_tenants_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX lease_tenants_tenant_idx ON lease_tenants (org_id, tenant_id);

CREATE TABLE charges (
  id                   uuid NOT NULL,
  org_id               uuid NOT NULL,
  lease_id             uuid NOT NULL,
  kind                 text NOT NULL
                       CONSTRAINT charges_kind_check CHECK (kind IN ('rent', 'late_fee', 'deposit', 'utility', 'other', 'credit')),
  description          text NOT NULL DEFAULT '',
  amount_cents         bigint NOT NULL CONSTRAINT charges_amount_nonzero CHECK (amount_cents <> 0),
  due_date             date NOT NULL,
  period_start         date,
  period_end           date,
  proration            text,
  reverses_charge_id   uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT charges_pkey PRIMARY KEY (id),
  CONSTRAINT charges_org_id_key UNIQUE (org_id, id),
  CONSTRAINT charges_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT charges_reverses_fkey FOREIGN KEY (org_id, reverses_charge_id) REFERENCES charges (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT charges_period_order CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);
CREATE INDEX charges_lease_due_idx ON charges (org_id, lease_id, due_date, id);
CREATE INDEX charges_due_idx ON charges (org_id, due_date);

CREATE TABLE payments (
  id                uuid NOT NULL,
  org_id            uuid NOT NULL,
  tenant_id         uuid NOT NULL,
  lease_id          uuid,
  amount_cents      bigint NOT NULL CONSTRAINT payments_amount_positive CHECK (amount_cents > 0),
  method            text NOT NULL
                    CONSTRAINT payments_method_check CHECK (method IN ('cash', 'check', 'ach', 'card', 'bank_transfer', 'money_order', 'other')),
  status            text NOT NULL DEFAULT 'pending'
                    CONSTRAINT payments_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'returned')),
  paid_on           date NOT NULL,
  reference         text,
  memo              text,
  idempotency_key   text,
  request_hash      text,
  created_by        uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_pkey PRIMARY KEY (id),
  CONSTRAINT payments_org_id_key UNIQUE (org_id, id),
  CONSTRAINT payments_idempotency_key UNIQUE (org_id, idempotency_key),
  CONSTRAINT payments_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT payments_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX payments_org_paid_idx ON payments (org_id, paid_on DESC, id DESC);
CREATE INDEX payments_tenant_idx ON payments (org_id, tenant_id);
CREATE INDEX payments_lease_idx ON payments (org_id, lease_id);
CREATE INDEX payments_reference_trgm_idx ON payments USING gin ((lower(coalesce(reference, ''))) gin_trgm_ops);

CREATE TABLE payment_allocations (
  id            uuid NOT NULL,
  org_id        uuid NOT NULL,
  payment_id    uuid NOT NULL,
  charge_id     uuid NOT NULL,
  -- Negative rows undo an earlier allocation (a returned or failed payment); rows are never edited.
  amount_cents  bigint NOT NULL CONSTRAINT payment_allocations_amount_nonzero CHECK (amount_cents <> 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_allocations_pkey PRIMARY KEY (id),
  CONSTRAINT payment_allocations_payment_fkey FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id) ON DELETE RESTRICT,
  CONSTRAINT payment_allocations_charge_fkey FOREIGN KEY (org_id, charge_id) REFERENCES charges (org_id, id) ON DELETE RESTRICT
);
CREATE INDEX payment_allocations_payment_idx ON payment_allocations (org_id, payment_id);
CREATE INDEX payment_allocations_charge_idx ON payment_allocations (org_id, charge_id);

CREATE TABLE maintenance_requests (
  id                uuid NOT NULL,
  org_id            uuid NOT NULL,
  property_id       uuid NOT NULL,
  unit_id           uuid,
  tenant_id         uuid,
  title             text NOT NULL CONSTRAINT maintenance_requests_title_not_blank CHECK (btrim(title) <> ''),
  description       text NOT NULL DEFAULT '',
  category          text NOT NULL DEFAULT 'general'
                    CONSTRAINT maintenance_requests_category_format CHECK (category ~ '^[a-z][a-z0-9_]*$'),
  subcategory       text,
  priority          text NOT NULL DEFAULT 'normal'
                    CONSTRAINT maintenance_requests_priority_check CHECK (priority IN ('low', 'normal', 'high', 'emergency')),
  status            text NOT NULL DEFAULT 'open'
                    CONSTRAINT maintenance_requests_status_check CHECK (status IN ('open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled')),
  assignee_id       uuid,
  source            text NOT NULL DEFAULT 'portal'
                    CONSTRAINT maintenance_requests_source_check CHECK (source IN ('portal', 'phone', 'email', 'inspection', 'hpd_complaint', 'hpd_violation', 'import')),
  location          text,
  external_ref      text,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT maintenance_requests_pkey PRIMARY KEY (id),
  CONSTRAINT maintenance_requests_org_id_key UNIQUE (org_id, id),
  CONSTRAINT maintenance_requests_external_ref_key UNIQUE (org_id, external_ref),
  CONSTRAINT maintenance_requests_property_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE,
  CONSTRAINT maintenance_requests_unit_fkey FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, id) ON DELETE SET NULL (unit_id),
  CONSTRAINT maintenance_requests_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE SET NULL (tenant_id),
  CONSTRAINT maintenance_requests_assignee_fkey FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id) ON DELETE SET NULL (assignee_id),
  CONSTRAINT maintenance_requests_completed_check CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);
CREATE INDEX maintenance_requests_org_requested_idx ON maintenance_requests (org_id, requested_at DESC, id DESC);
CREATE INDEX maintenance_requests_property_status_idx ON maintenance_requests (org_id, property_id, status);
CREATE INDEX maintenance_requests_tenant_status_idx ON maintenance_requests (org_id, tenant_id, status);
CREATE INDEX maintenance_requests_completed_idx ON maintenance_requests (org_id, completed_at);
CREATE INDEX maintenance_requests_search_trgm_idx ON maintenance_requests USING gin (
  (lower(title || ' ' || description)) gin_trgm_ops
);

CREATE TABLE work_orders (
  id                     uuid NOT NULL,
  org_id                 uuid NOT NULL,
  request_id             uuid NOT NULL,
  assignee_id            uuid,
  vendor                 text,
  status                 text NOT NULL DEFAULT 'scheduled'
                         CONSTRAINT work_orders_status_check CHECK (status IN ('scheduled', 'in_progress', 'on_hold', 'completed', 'cancelled')),
  scheduled_for          timestamptz,
  completed_at           timestamptz,
  estimated_cost_cents   bigint CONSTRAINT work_orders_estimated_cost_nonnegative CHECK (estimated_cost_cents >= 0),
  actual_cost_cents      bigint CONSTRAINT work_orders_actual_cost_nonnegative CHECK (actual_cost_cents >= 0),
  notes                  text,
  external_ref           text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT work_orders_pkey PRIMARY KEY (id),
  CONSTRAINT work_orders_org_id_key UNIQUE (org_id, id),
  CONSTRAINT work_orders_external_ref_key UNIQUE (org_id, external_ref),
  CONSTRAINT work_orders_request_fkey FOREIGN KEY (org_id, request_id) REFERENCES maintenance_requests (org_id, id) ON DELETE CASCADE,
  CONSTRAINT work_orders_assignee_fkey FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id) ON DELETE SET NULL (assignee_id),
  CONSTRAINT work_orders_completed_check CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);
CREATE INDEX work_orders_request_idx ON work_orders (org_id, request_id);
CREATE INDEX work_orders_assignee_idx ON work_orders (org_id, assignee_id, status);

CREATE TABLE request_comments (
  id          uuid NOT NULL,
  org_id      uuid NOT NULL,
  request_id  uuid NOT NULL,
  author_id   uuid,
  body        text NOT NULL CONSTRAINT request_comments_body_not_blank CHECK (btrim(body) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT request_comments_pkey PRIMARY KEY (id),
  CONSTRAINT request_comments_request_fkey FOREIGN KEY (org_id, request_id) REFERENCES maintenance_requests (org_id, id) ON DELETE CASCADE,
  CONSTRAINT request_comments_author_fkey FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id) ON DELETE SET NULL (author_id)
);
CREATE INDEX request_comments_request_idx ON request_comments (org_id, request_id, created_at, id);

CREATE TABLE documents (
  id            uuid NOT NULL,
  org_id        uuid NOT NULL,
  lease_id      uuid,
  tenant_id     uuid,
  property_id   uuid,
  request_id    uuid,
  file_name     text NOT NULL CONSTRAINT documents_file_name_not_blank CHECK (btrim(file_name) <> ''),
  content_type  text NOT NULL,
  size_bytes    integer NOT NULL CONSTRAINT documents_size_nonnegative CHECK (size_bytes >= 0),
  sha256        text NOT NULL,
  content       bytea NOT NULL,
  uploaded_by   uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT documents_pkey PRIMARY KEY (id),
  CONSTRAINT documents_one_subject CHECK (num_nonnulls(lease_id, tenant_id, property_id, request_id) = 1),
  CONSTRAINT documents_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE CASCADE,
  CONSTRAINT documents_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE CASCADE,
  CONSTRAINT documents_property_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE,
  CONSTRAINT documents_request_fkey FOREIGN KEY (org_id, request_id) REFERENCES maintenance_requests (org_id, id) ON DELETE CASCADE,
  CONSTRAINT documents_uploaded_by_fkey FOREIGN KEY (org_id, uploaded_by) REFERENCES users (org_id, id) ON DELETE SET NULL (uploaded_by)
);
CREATE INDEX documents_lease_idx ON documents (org_id, lease_id) WHERE lease_id IS NOT NULL;
CREATE INDEX documents_tenant_idx ON documents (org_id, tenant_id) WHERE tenant_id IS NOT NULL;
CREATE INDEX documents_property_idx ON documents (org_id, property_id) WHERE property_id IS NOT NULL;
CREATE INDEX documents_request_idx ON documents (org_id, request_id) WHERE request_id IS NOT NULL;

CREATE TABLE communication_logs (
  id           uuid NOT NULL,
  org_id       uuid NOT NULL,
  tenant_id    uuid,
  property_id  uuid,
  user_id      uuid,
  channel      text NOT NULL
               CONSTRAINT communication_logs_channel_check CHECK (channel IN ('email', 'sms', 'phone', 'letter', 'portal', 'in_person')),
  direction    text NOT NULL
               CONSTRAINT communication_logs_direction_check CHECK (direction IN ('inbound', 'outbound')),
  subject      text,
  body         text NOT NULL DEFAULT '',
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT communication_logs_pkey PRIMARY KEY (id),
  CONSTRAINT communication_logs_subject_check CHECK (num_nonnulls(tenant_id, property_id) >= 1),
  CONSTRAINT communication_logs_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE CASCADE,
  CONSTRAINT communication_logs_property_fkey FOREIGN KEY (org_id, property_id) REFERENCES properties (org_id, id) ON DELETE CASCADE,
  CONSTRAINT communication_logs_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE SET NULL (user_id)
);
CREATE INDEX communication_logs_tenant_idx ON communication_logs (org_id, tenant_id, occurred_at DESC);
CREATE INDEX communication_logs_property_idx ON communication_logs (org_id, property_id, occurred_at DESC);

CREATE TABLE notifications (
  id          uuid NOT NULL,
  org_id      uuid NOT NULL,
  user_id     uuid NOT NULL,
  title       text NOT NULL,
  message     text NOT NULL,
  type        text NOT NULL DEFAULT 'info'
              CONSTRAINT notifications_type_check CHECK (type IN ('info', 'success', 'warning', 'error')),
  read_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_pkey PRIMARY KEY (id),
  CONSTRAINT notifications_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_idx ON notifications (org_id, user_id, created_at DESC);

-- The outbox: each write appends its domain event in the same transaction.
CREATE TABLE events (
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  id           uuid NOT NULL,
  org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  topic        text NOT NULL
               CONSTRAINT events_topic_check CHECK (topic IN ('tenant', 'property', 'unit', 'lease', 'maintenance', 'work_order', 'payment', 'charge', 'document', 'communication', 'user', 'comment')),
  action       text NOT NULL CONSTRAINT events_action_check CHECK (action IN ('created', 'updated', 'deleted')),
  entity_id    uuid NOT NULL,
  actor_id     uuid,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_pkey PRIMARY KEY (seq),
  CONSTRAINT events_id_key UNIQUE (id)
);
CREATE INDEX events_org_seq_idx ON events (org_id, seq);

-- Installation-wide settings, such as the token signing secret when none is configured,
-- so that every node of one installation agrees on them.
CREATE TABLE instance_settings (
  key    text PRIMARY KEY,
  value  text NOT NULL
);
