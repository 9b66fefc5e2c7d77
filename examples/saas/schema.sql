-- Acme Work: a multi-tenant B2B SaaS (projects, tasks, documents, CRM and billing), PostgreSQL 18.
--
-- This is the acceptance fixture of schemascope. It is written the way a competent team writes a
-- schema, with a small number of defects planted on purpose; examples/saas/expected.json lists every
-- planted defect (rule, table, columns, line) and the design choices that must NOT be flagged.
--
-- Conventions:
--   * organizations is the tenant root; tenant-owned tables carry organization_id NOT NULL with a
--     foreign key to it, and every foreign key has an index that starts with its columns.
--   * surrogate keys are bigint identities; lookup tables (countries, currencies) use natural codes.
--   * timestamps are timestamptz; created_at/updated_at everywhere (logs and versions: created_at).
--   * soft delete is a deleted_at timestamp, and unique keys on such tables exclude deleted rows.
--   * money is numeric (or bigint cents) with CHECKs; JSON is jsonb; secrets are stored as digests.

CREATE EXTENSION IF NOT EXISTS citext;

CREATE SCHEMA billing;

CREATE TYPE public.task_status AS ENUM ('backlog', 'todo', 'in_progress', 'in_review', 'done', 'cancelled');
CREATE TYPE billing.subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled', 'paused');
CREATE TYPE billing.order_status AS ENUM ('pending', 'paid', 'fulfilled', 'cancelled', 'refunded');
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');

CREATE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Global reference data
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.countries (
  code char(2) PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing.currencies (
  code char(3) PRIMARY KEY,
  name text NOT NULL,
  minor_units smallint NOT NULL DEFAULT 2 CHECK (minor_units BETWEEN 0 AND 4),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing.exchange_rates (
  base_currency char(3) NOT NULL REFERENCES billing.currencies (code),
  quote_currency char(3) NOT NULL REFERENCES billing.currencies (code),
  rate numeric(18, 8) NOT NULL CHECK (rate > 0),
  rate_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_rates_pair_date_idx ON billing.exchange_rates (base_currency, quote_currency, rate_date);
CREATE INDEX exchange_rates_quote_currency_idx ON billing.exchange_rates (quote_currency);

CREATE TABLE public.permissions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT permissions_code_key UNIQUE (code)
);

CREATE TABLE public.feature_flags (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  description text,
  rollout_percent smallint NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feature_flags_key_key UNIQUE (key)
);

CREATE TABLE public.announcements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing.plans (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  monthly_price numeric(10, 2) NOT NULL CHECK (monthly_price >= 0),
  annual_price numeric(10, 2) NOT NULL CHECK (annual_price >= 0),
  trial_days integer NOT NULL DEFAULT 14 CHECK (trial_days >= 0),
  available_for_signup boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT plans_code_key UNIQUE (code)
);
CREATE INDEX plans_currency_code_idx ON billing.plans (currency_code);

CREATE TABLE billing.plan_features (
  plan_id bigint NOT NULL REFERENCES billing.plans (id) ON DELETE CASCADE,
  feature_key text NOT NULL,
  limit_value integer CHECK (limit_value >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, feature_key)
);

-- ---------------------------------------------------------------------------------------------
-- Identity: users are global (one login, many organizations)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email citext NOT NULL,
  full_name text NOT NULL,
  password_hash text,
  avatar_url text,
  locale varchar(10) NOT NULL DEFAULT 'en',
  time_zone text NOT NULL DEFAULT 'UTC',
  email_verified_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_email_idx ON public.users (email);

CREATE TABLE public.user_sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  token_digest char(64) NOT NULL,
  ip_address inet,
  user_agent text,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_sessions_token_digest_key UNIQUE (token_digest)
);
CREATE INDEX user_sessions_user_id_idx ON public.user_sessions (user_id);

CREATE TABLE public.user_identities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  provider text NOT NULL,
  provider_uid text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_identities_provider_uid_key UNIQUE (provider, provider_uid)
);
CREATE INDEX user_identities_user_id_idx ON public.user_identities (user_id);

CREATE TABLE public.password_reset_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES public.users (id),
  token_digest char(64) NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT password_reset_tokens_token_digest_key UNIQUE (token_digest)
);
CREATE INDEX password_reset_tokens_user_id_idx ON public.password_reset_tokens (user_id);

CREATE TABLE public.user_preferences (
  user_id bigint PRIMARY KEY REFERENCES public.users (id) ON DELETE CASCADE,
  theme text NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark')),
  week_starts_on smallint NOT NULL DEFAULT 1 CHECK (week_starts_on BETWEEN 0 AND 6),
  email_digest boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Tenancy and RBAC
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.organizations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL,
  billing_email citext NOT NULL,
  country_code char(2) REFERENCES public.countries (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX organizations_slug_key ON public.organizations (slug) WHERE deleted_at IS NULL;
CREATE INDEX organizations_country_code_idx ON public.organizations (country_code);

CREATE TABLE public.organization_settings (
  organization_id bigint PRIMARY KEY REFERENCES public.organizations (id) ON DELETE CASCADE,
  display_name text NOT NULL,
  logo_url text,
  primary_color text NOT NULL DEFAULT '#1f6feb',
  default_locale varchar(10) NOT NULL DEFAULT 'en',
  default_time_zone text NOT NULL DEFAULT 'UTC',
  week_starts_on smallint NOT NULL DEFAULT 1,
  date_format text NOT NULL DEFAULT 'YYYY-MM-DD',
  allow_public_projects boolean NOT NULL DEFAULT false,
  allow_guest_users boolean NOT NULL DEFAULT false,
  allow_api_access boolean NOT NULL DEFAULT true,
  allow_webhooks boolean NOT NULL DEFAULT true,
  allow_integrations boolean NOT NULL DEFAULT true,
  allow_file_uploads boolean NOT NULL DEFAULT true,
  allow_exports boolean NOT NULL DEFAULT true,
  allow_imports boolean NOT NULL DEFAULT true,
  require_sso boolean NOT NULL DEFAULT false,
  require_two_factor boolean NOT NULL DEFAULT false,
  enforce_ip_allowlist boolean NOT NULL DEFAULT false,
  session_lifetime_hours integer NOT NULL DEFAULT 336 CHECK (session_lifetime_hours > 0),
  idle_timeout_minutes integer NOT NULL DEFAULT 60 CHECK (idle_timeout_minutes > 0),
  password_min_length smallint NOT NULL DEFAULT 12,
  max_file_size_mb integer NOT NULL DEFAULT 100,
  storage_quota_gb integer NOT NULL DEFAULT 50,
  default_task_view text NOT NULL DEFAULT 'board',
  default_project_visibility text NOT NULL DEFAULT 'private',
  enable_time_tracking boolean NOT NULL DEFAULT true,
  enable_sprints boolean NOT NULL DEFAULT true,
  enable_milestones boolean NOT NULL DEFAULT true,
  enable_documents boolean NOT NULL DEFAULT true,
  enable_crm boolean NOT NULL DEFAULT false,
  enable_forms boolean NOT NULL DEFAULT false,
  enable_automations boolean NOT NULL DEFAULT false,
  enable_dashboards boolean NOT NULL DEFAULT true,
  enable_goals boolean NOT NULL DEFAULT false,
  enable_support_desk boolean NOT NULL DEFAULT false,
  enable_knowledge_base boolean NOT NULL DEFAULT false,
  enable_calendar boolean NOT NULL DEFAULT true,
  notify_on_assignment boolean NOT NULL DEFAULT true,
  notify_on_mention boolean NOT NULL DEFAULT true,
  notify_on_comment boolean NOT NULL DEFAULT true,
  notify_on_due_date boolean NOT NULL DEFAULT true,
  notify_on_status_change boolean NOT NULL DEFAULT false,
  digest_frequency text NOT NULL DEFAULT 'daily',
  invoice_prefix text NOT NULL DEFAULT 'INV',
  invoice_footer text,
  fiscal_year_start_month smallint NOT NULL DEFAULT 1,
  default_payment_terms_days integer NOT NULL DEFAULT 30,
  support_email citext,
  support_url text,
  custom_css text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.roles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  is_system boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT roles_organization_id_name_key UNIQUE (organization_id, name)
);

CREATE TABLE public.role_permissions (
  organization_id bigint NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  role_id bigint NOT NULL REFERENCES public.roles (id) ON DELETE CASCADE,
  permission_id bigint NOT NULL REFERENCES public.permissions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_id, permission_id)
);
CREATE INDEX role_permissions_organization_id_idx ON public.role_permissions (organization_id);
CREATE INDEX role_permissions_permission_id_idx ON public.role_permissions (permission_id);

CREATE TABLE public.memberships (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  role_id bigint NOT NULL REFERENCES public.roles (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memberships_organization_id_user_id_key UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON public.memberships (user_id);
CREATE INDEX memberships_role_id_idx ON public.memberships (role_id);

CREATE TABLE public.invitations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  email citext NOT NULL,
  role_id bigint NOT NULL REFERENCES public.roles (id),
  invited_by_id bigint NOT NULL REFERENCES public.users (id),
  token_digest char(64) NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invitations_token_digest_key UNIQUE (token_digest)
);
CREATE INDEX invitations_organization_id_idx ON public.invitations (organization_id, created_at);
CREATE UNIQUE INDEX invitations_pending_email_key ON public.invitations (organization_id, email) WHERE accepted_at IS NULL;
CREATE INDEX invitations_role_id_idx ON public.invitations (role_id);
CREATE INDEX invitations_invited_by_id_idx ON public.invitations (invited_by_id);

CREATE TABLE public.user_groups (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  description text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_groups_organization_id_name_key UNIQUE (organization_id, name)
);

CREATE TABLE public.group_members (
  group_id bigint NOT NULL REFERENCES public.user_groups (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_id_idx ON public.group_members (user_id);
CREATE INDEX group_members_organization_id_idx ON public.group_members (organization_id);

CREATE TABLE public.organization_feature_flags (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  feature_flag_id bigint NOT NULL REFERENCES public.feature_flags (id) ON DELETE CASCADE,
  enabled boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organization_feature_flags_org_flag_key UNIQUE (organization_id, feature_flag_id)
);
CREATE INDEX organization_feature_flags_feature_flag_id_idx ON public.organization_feature_flags (feature_flag_id);

CREATE TABLE public.custom_domains (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  hostname text NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT custom_domains_hostname_key UNIQUE (hostname)
);
CREATE INDEX custom_domains_organization_id_idx ON public.custom_domains (organization_id);

CREATE TABLE public.sso_connections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  protocol text NOT NULL CHECK (protocol IN ('saml', 'oidc')),
  issuer_url text NOT NULL,
  client_identifier text,
  client_secret_encrypted text,
  certificate_pem text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sso_connections_organization_id_key UNIQUE (organization_id)
);

CREATE TABLE public.ip_allowlist_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  cidr cidr NOT NULL,
  description text,
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ip_allowlist_entries_org_cidr_key UNIQUE (organization_id, cidr)
);
CREATE INDEX ip_allowlist_entries_created_by_id_idx ON public.ip_allowlist_entries (created_by_id);

-- ---------------------------------------------------------------------------------------------
-- Work management
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  slug text NOT NULL,
  description text,
  owner_id bigint NOT NULL REFERENCES public.users (id),
  start_date date,
  end_date date,
  progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT projects_organization_id_id_key UNIQUE (organization_id, id)
);
CREATE INDEX projects_organization_id_idx ON public.projects (organization_id, created_at DESC);
CREATE UNIQUE INDEX projects_org_slug_key ON public.projects (organization_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX projects_owner_id_idx ON public.projects (owner_id);

CREATE TABLE public.project_members (
  project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  access_level text NOT NULL DEFAULT 'member' CHECK (access_level IN ('viewer', 'member', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_id_idx ON public.project_members (user_id);
CREATE INDEX project_members_organization_id_idx ON public.project_members (organization_id);

CREATE TABLE public.project_updates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL,
  project_id bigint NOT NULL,
  author_id bigint NOT NULL REFERENCES public.users (id),
  health text NOT NULL CHECK (health IN ('on_track', 'at_risk', 'off_track')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT project_updates_project_fkey FOREIGN KEY (organization_id, project_id)
    REFERENCES public.projects (organization_id, id)
);
CREATE INDEX project_updates_project_idx ON public.project_updates (organization_id, project_id, created_at DESC);
CREATE INDEX project_updates_author_id_idx ON public.project_updates (author_id);

CREATE TABLE public.workflow_states (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  maps_to public.task_status NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workflow_states_project_id_name_key UNIQUE (project_id, name)
);
CREATE INDEX workflow_states_organization_id_idx ON public.workflow_states (organization_id);

CREATE TABLE public.milestones (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id),
  name text NOT NULL,
  due_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX milestones_organization_id_idx ON public.milestones (organization_id);
CREATE INDEX milestones_project_id_idx ON public.milestones (project_id, due_on);

CREATE TABLE public.sprints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id),
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sprints_ends_after_start CHECK (ends_on >= starts_on)
);
CREATE INDEX sprints_organization_id_idx ON public.sprints (organization_id);
CREATE INDEX sprints_project_id_idx ON public.sprints (project_id, starts_on);

CREATE TABLE public.tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id),
  milestone_id bigint REFERENCES public.milestones (id),
  sprint_id bigint REFERENCES public.sprints (id),
  parent_id bigint REFERENCES public.tasks (id),
  title text NOT NULL,
  description text,
  status public.task_status NOT NULL DEFAULT 'todo',
  priority char(10) NOT NULL DEFAULT 'normal',
  assignee_id bigint REFERENCES public.users (id),
  reporter_id bigint NOT NULL REFERENCES public.users (id),
  estimate_minutes integer CHECK (estimate_minutes >= 0),
  due_at timestamptz,
  completed_at timestamp,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX tasks_org_project_idx ON public.tasks (organization_id, project_id);
CREATE INDEX tasks_milestone_id_idx ON public.tasks (milestone_id);
CREATE INDEX tasks_sprint_id_idx ON public.tasks (sprint_id);
CREATE INDEX tasks_parent_id_idx ON public.tasks (parent_id);
CREATE INDEX tasks_assignee_due_idx ON public.tasks (assignee_id, due_at);
CREATE INDEX tasks_open_by_assignee_idx ON public.tasks (assignee_id) WHERE completed_at IS NULL AND deleted_at IS NULL;
CREATE INDEX tasks_reporter_id_idx ON public.tasks (reporter_id);
CREATE INDEX tasks_title_search_idx ON public.tasks USING gin (to_tsvector('simple', title));

CREATE TABLE public.task_watchers (
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_watchers_organization_id_idx ON public.task_watchers (organization_id);
CREATE INDEX task_watchers_task_id_idx ON public.task_watchers (task_id);
CREATE INDEX task_watchers_user_id_idx ON public.task_watchers (user_id);

CREATE TABLE public.task_dependencies (
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  depends_on_task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, depends_on_task_id),
  CONSTRAINT task_dependencies_not_self CHECK (task_id <> depends_on_task_id)
);
CREATE INDEX task_dependencies_depends_on_task_id_idx ON public.task_dependencies (depends_on_task_id);
CREATE INDEX task_dependencies_organization_id_idx ON public.task_dependencies (organization_id);

CREATE TABLE public.checklist_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checklist_items_task_id_idx ON public.checklist_items (task_id, position);

CREATE TABLE public.labels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL DEFAULT 1 REFERENCES public.organizations (id),
  name text NOT NULL,
  color text NOT NULL DEFAULT '#8b949e' CHECK (color ~ '^#[0-9a-f]{6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT labels_organization_id_name_key UNIQUE (organization_id, name)
);

CREATE TABLE public.task_labels (
  task_id bigint NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
  label_id bigint NOT NULL REFERENCES public.labels (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, label_id)
);
CREATE INDEX task_labels_label_id_idx ON public.task_labels (label_id);
CREATE INDEX task_labels_organization_id_idx ON public.task_labels (organization_id);

CREATE TABLE public.comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint REFERENCES public.organizations (id),
  task_id integer NOT NULL REFERENCES public.tasks (id),
  author_id bigint NOT NULL REFERENCES public.users (id),
  body text NOT NULL,
  edited_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX comments_organization_id_idx ON public.comments (organization_id);
CREATE INDEX comments_task_created_idx ON public.comments (task_id, created_at);
CREATE INDEX idx_comments_task_id_created_at ON public.comments (task_id, created_at);

CREATE TABLE public.comment_reactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_id bigint NOT NULL REFERENCES public.comments (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  emoji text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT comment_reactions_comment_user_emoji_key UNIQUE (comment_id, user_id, emoji)
);
CREATE INDEX comment_reactions_user_id_idx ON public.comment_reactions (user_id);

CREATE TABLE public.attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint REFERENCES public.organizations (id),
  task_id bigint REFERENCES public.tasks (id),
  comment_id bigint REFERENCES public.comments (id),
  uploaded_by_id bigint NOT NULL REFERENCES public.users (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  byte_size bigint NOT NULL CHECK (byte_size >= 0),
  storage_key text NOT NULL,
  checksum_sha256 char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT attachments_one_parent CHECK (num_nonnulls(task_id, comment_id) = 1)
);
CREATE INDEX attachments_organization_id_idx ON public.attachments (organization_id);
CREATE INDEX attachments_task_id_idx ON public.attachments (task_id);
CREATE INDEX attachments_comment_id_idx ON public.attachments (comment_id);
CREATE INDEX attachments_uploaded_by_id_idx ON public.attachments (uploaded_by_id);

CREATE TABLE public.tags (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT tags_organization_id_name_key UNIQUE (organization_id, name)
);

CREATE TABLE public.taggings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  tag_id bigint NOT NULL REFERENCES public.tags (id) ON DELETE CASCADE,
  taggable_type text NOT NULL,
  taggable_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT taggings_tag_taggable_key UNIQUE (tag_id, taggable_type, taggable_id)
);
CREATE INDEX taggings_organization_id_idx ON public.taggings (organization_id);
CREATE INDEX taggings_taggable_idx ON public.taggings (taggable_type, taggable_id);

CREATE TABLE public.time_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL,
  project_id bigint NOT NULL,
  task_id bigint REFERENCES public.tasks (id),
  user_id bigint NOT NULL REFERENCES public.users (id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  billable boolean NOT NULL DEFAULT true,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT time_entries_ends_after_start CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE INDEX time_entries_organization_id_idx ON public.time_entries (organization_id, started_at);
CREATE INDEX time_entries_project_id_idx ON public.time_entries (project_id);
CREATE INDEX time_entries_task_id_idx ON public.time_entries (task_id);
CREATE INDEX time_entries_user_id_idx ON public.time_entries (user_id, started_at);

CREATE TABLE public.calendar_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint REFERENCES public.projects (id),
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_events_organization_id_idx ON public.calendar_events (organization_id);
CREATE INDEX calendar_events_project_id_idx ON public.calendar_events (project_id);
CREATE INDEX calendar_events_created_by_id_idx ON public.calendar_events (created_by_id);
CREATE INDEX calendar_events_period_idx ON public.calendar_events USING gist (tstzrange(starts_at, ends_at));

CREATE TABLE public.reminders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  user_id bigint NOT NULL REFERENCES public.users (id),
  task_id bigint NOT NULL REFERENCES public.tasks (id),
  remind_at_local timestamp NOT NULL,
  time_zone text NOT NULL,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reminders_organization_id_idx ON public.reminders (organization_id);
CREATE INDEX reminders_user_id_idx ON public.reminders (user_id);
CREATE INDEX reminders_task_id_idx ON public.reminders (task_id);

CREATE TABLE public.saved_views (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  user_id bigint NOT NULL REFERENCES public.users (id),
  name text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX saved_views_organization_id_idx ON public.saved_views (organization_id);
CREATE INDEX saved_views_user_id_idx ON public.saved_views (user_id);

CREATE TABLE public.favorites (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT favorites_user_id_project_id_key UNIQUE (user_id, project_id)
);
CREATE INDEX favorites_organization_id_idx ON public.favorites (organization_id);
CREATE INDEX favorites_project_id_idx ON public.favorites (project_id);

CREATE TABLE public.objectives (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  owner_id bigint NOT NULL REFERENCES public.users (id),
  title text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT objectives_period CHECK (period_end >= period_start)
);
CREATE INDEX objectives_organization_id_idx ON public.objectives (organization_id, period_start);
CREATE INDEX objectives_owner_id_idx ON public.objectives (owner_id);

CREATE TABLE public.key_results (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  objective_id bigint NOT NULL REFERENCES public.objectives (id) ON DELETE CASCADE,
  title text NOT NULL,
  target_value numeric(14, 2) NOT NULL,
  current_value numeric(14, 2) NOT NULL DEFAULT 0,
  progress_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (progress_percent >= 0 AND progress_percent <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX key_results_organization_id_idx ON public.key_results (organization_id);
CREATE INDEX key_results_objective_id_idx ON public.key_results (objective_id);

-- ---------------------------------------------------------------------------------------------
-- Documents and templates
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.folders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  parent_id bigint REFERENCES public.folders (id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX folders_organization_id_idx ON public.folders (organization_id);
CREATE INDEX folders_parent_id_idx ON public.folders (parent_id);

CREATE TABLE public.documents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  folder_id bigint REFERENCES public.folders (id),
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  is_deleted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_organization_id_idx ON public.documents (organization_id, updated_at DESC);
CREATE INDEX documents_folder_id_idx ON public.documents (folder_id);
CREATE INDEX documents_created_by_id_idx ON public.documents (created_by_id);

CREATE TABLE public.document_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  document_id integer NOT NULL REFERENCES public.documents (id),
  version integer NOT NULL CHECK (version > 0),
  body text NOT NULL,
  author_id bigint NOT NULL REFERENCES public.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT document_versions_document_id_version_key UNIQUE (document_id, version)
);
CREATE INDEX document_versions_organization_id_idx ON public.document_versions (organization_id);
CREATE INDEX document_versions_author_id_idx ON public.document_versions (author_id);

CREATE TABLE public.knowledge_base_articles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  author_id bigint NOT NULL REFERENCES public.users (id),
  title text NOT NULL,
  slug text NOT NULL,
  body text NOT NULL,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX knowledge_base_articles_organization_id_idx ON public.knowledge_base_articles (organization_id);
CREATE UNIQUE INDEX knowledge_base_articles_org_slug_key ON public.knowledge_base_articles (organization_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX knowledge_base_articles_author_id_idx ON public.knowledge_base_articles (author_id);

CREATE TABLE public.project_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX project_templates_organization_id_idx ON public.project_templates (organization_id);

CREATE TABLE public.task_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_template_id bigint NOT NULL REFERENCES public.project_templates (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_templates_organization_id_idx ON public.task_templates (organization_id);
CREATE INDEX task_templates_project_template_id_idx ON public.task_templates (project_template_id, position);

CREATE TABLE public.email_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  template_key text NOT NULL,
  subject text NOT NULL,
  body_html text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX email_templates_organization_id_idx ON public.email_templates (organization_id);
CREATE UNIQUE INDEX email_templates_org_key_key ON public.email_templates (organization_id, template_key) WHERE deleted_at IS NULL;

CREATE TABLE public.outbound_emails (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  email_template_id bigint REFERENCES public.email_templates (id),
  to_address citext NOT NULL,
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'bounced', 'failed')),
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_emails_organization_id_idx ON public.outbound_emails (organization_id, created_at);
CREATE INDEX outbound_emails_email_template_id_idx ON public.outbound_emails (email_template_id);
CREATE INDEX outbound_emails_queued_idx ON public.outbound_emails (created_at) WHERE status = 'queued';

-- ---------------------------------------------------------------------------------------------
-- Forms, automations, dashboards
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.forms (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX forms_organization_id_idx ON public.forms (organization_id);
CREATE INDEX forms_project_id_idx ON public.forms (project_id);

CREATE TABLE public.form_fields (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  form_id bigint NOT NULL REFERENCES public.forms (id) ON DELETE CASCADE,
  label text NOT NULL,
  field_type text NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'select', 'checkbox')),
  position integer NOT NULL,
  required boolean NOT NULL DEFAULT false,
  choices jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_fields_organization_id_idx ON public.form_fields (organization_id);
CREATE INDEX form_fields_form_id_idx ON public.form_fields (form_id, position);

CREATE TABLE public.form_submissions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  form_id bigint NOT NULL REFERENCES public.forms (id),
  answers jsonb NOT NULL,
  submitter_email citext,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_submissions_organization_id_idx ON public.form_submissions (organization_id);
CREATE INDEX form_submissions_form_id_idx ON public.form_submissions (form_id, created_at);

CREATE TABLE public.automations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint NOT NULL REFERENCES public.projects (id),
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  name text NOT NULL,
  trigger_event text NOT NULL,
  conditions jsonb NOT NULL DEFAULT '[]',
  actions jsonb NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX automations_organization_id_idx ON public.automations (organization_id);
CREATE INDEX automations_project_id_idx ON public.automations (project_id);
CREATE INDEX automations_created_by_id_idx ON public.automations (created_by_id);

CREATE TABLE public.automation_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  automation_id bigint NOT NULL REFERENCES public.automations (id),
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT automation_runs_finished_after_start CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX automation_runs_organization_id_idx ON public.automation_runs (organization_id);
CREATE INDEX automation_runs_automation_id_idx ON public.automation_runs (automation_id, started_at DESC);

CREATE TABLE public.dashboards (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  owner_id bigint NOT NULL REFERENCES public.users (id),
  name text NOT NULL,
  layout jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX dashboards_organization_id_idx ON public.dashboards (organization_id);
CREATE INDEX dashboards_owner_id_idx ON public.dashboards (owner_id);

CREATE TABLE public.dashboard_widgets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  dashboard_id bigint NOT NULL REFERENCES public.dashboards (id) ON DELETE CASCADE,
  widget_type text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_widgets_organization_id_idx ON public.dashboard_widgets (organization_id);
CREATE INDEX dashboard_widgets_dashboard_id_idx ON public.dashboard_widgets (dashboard_id, position);

-- ---------------------------------------------------------------------------------------------
-- CRM and support
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  owner_id bigint REFERENCES public.users (id),
  first_name text,
  last_name text,
  email citext,
  phone text,
  job_title text,
  company_name text,
  linkedin_url text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_organization_id_idx ON public.contacts (organization_id, lower(last_name));
CREATE INDEX contacts_owner_id_idx ON public.contacts (owner_id);

CREATE TABLE public.expenses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  company_id bigint NOT NULL,
  project_id bigint REFERENCES public.projects (id),
  submitted_by_id bigint NOT NULL REFERENCES public.users (id),
  amount double precision NOT NULL CHECK (amount >= 0),
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  description text NOT NULL,
  spent_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expenses_organization_id_idx ON public.expenses (organization_id, spent_on);
CREATE INDEX expenses_company_id_idx ON public.expenses (company_id);
CREATE INDEX expenses_project_id_idx ON public.expenses (project_id);
CREATE INDEX expenses_submitted_by_id_idx ON public.expenses (submitted_by_id);
CREATE INDEX expenses_currency_code_idx ON public.expenses (currency_code);

CREATE TABLE public.support_tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  requester_id bigint NOT NULL REFERENCES public.users (id),
  assignee_id bigint REFERENCES public.users (id),
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  solved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_tickets_organization_id_idx ON public.support_tickets (organization_id, status);
CREATE INDEX support_tickets_requester_id_idx ON public.support_tickets (requester_id);
CREATE INDEX support_tickets_assignee_id_idx ON public.support_tickets (assignee_id);

CREATE TABLE public.ticket_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  ticket_id bigint NOT NULL REFERENCES public.support_tickets (id) ON DELETE CASCADE,
  author_id bigint NOT NULL REFERENCES public.users (id),
  body text NOT NULL,
  internal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_organization_id_idx ON public.ticket_messages (organization_id);
CREATE INDEX ticket_messages_ticket_id_idx ON public.ticket_messages (ticket_id, created_at);
CREATE INDEX ticket_messages_author_id_idx ON public.ticket_messages (author_id);

-- ---------------------------------------------------------------------------------------------
-- Platform: API keys, webhooks, integrations, notifications, audit
-- ---------------------------------------------------------------------------------------------

CREATE TABLE public.api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  name text NOT NULL,
  key_prefix varchar(12) NOT NULL,
  token_digest char(64) NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT api_keys_token_digest_key UNIQUE (token_digest)
);
CREATE INDEX api_keys_organization_id_idx ON public.api_keys (organization_id);
CREATE INDEX api_keys_created_by_id_idx ON public.api_keys (created_by_id);

CREATE TABLE public.webhooks (
  id serial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  url text NOT NULL,
  secret text NOT NULL,
  events text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  timeout_seconds integer NOT NULL DEFAULT 10 CHECK (timeout_seconds BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhooks_organization_id_idx ON public.webhooks (organization_id);

CREATE TABLE public.webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  webhook_id integer NOT NULL REFERENCES public.webhooks (id),
  event_type text NOT NULL,
  payload text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
  response_code smallint,
  delivered_at timestamp,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_organization_id_idx ON public.webhook_deliveries (organization_id);
CREATE INDEX webhook_deliveries_webhook_id_idx ON public.webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_pending_idx ON public.webhook_deliveries (created_at) WHERE status = 'pending';

CREATE TABLE public.integrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  provider text NOT NULL,
  connected_by_id bigint NOT NULL REFERENCES public.users (id),
  access_token text NOT NULL,
  encrypted_refresh_token text,
  metadata text NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT integrations_organization_id_provider_key UNIQUE (organization_id, provider)
);
CREATE INDEX integrations_connected_by_id_idx ON public.integrations (connected_by_id);

CREATE TABLE public.notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  user_id bigint NOT NULL REFERENCES public.users (id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_organization_id_idx ON public.notifications (organization_id);
CREATE INDEX notifications_user_id_idx ON public.notifications (user_id);
CREATE INDEX notifications_user_created_idx ON public.notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON public.notifications (user_id, created_at DESC) WHERE read_at IS NULL;

CREATE TABLE public.notification_preferences (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'in_app', 'push')),
  kind text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notification_preferences_key UNIQUE (organization_id, user_id, channel, kind)
);
CREATE INDEX notification_preferences_user_id_idx ON public.notification_preferences (user_id);

CREATE TABLE public.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  actor_id bigint REFERENCES public.users (id) ON DELETE SET NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id bigint NOT NULL,
  changes jsonb NOT NULL DEFAULT '{}',
  ip_address inet,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_organization_id_idx ON public.audit_log (organization_id, created_at DESC);
CREATE INDEX audit_log_actor_id_idx ON public.audit_log (actor_id);
CREATE INDEX audit_log_subject_idx ON public.audit_log (subject_type, subject_id);

CREATE TABLE public.activity_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  project_id bigint REFERENCES public.projects (id),
  actor_id bigint REFERENCES public.users (id) ON DELETE SET NULL,
  verb text NOT NULL,
  object_type text NOT NULL,
  object_ref bigint NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_events_organization_id_idx ON public.activity_events (organization_id, created_at DESC);
CREATE INDEX activity_events_project_id_idx ON public.activity_events (project_id, created_at DESC);
CREATE INDEX activity_events_actor_id_idx ON public.activity_events (actor_id);

CREATE TABLE public.data_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  requested_by_id bigint NOT NULL REFERENCES public.users (id),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
  file_url text,
  completed_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_exports_organization_id_idx ON public.data_exports (organization_id, created_at);
CREATE INDEX data_exports_requested_by_id_idx ON public.data_exports (requested_by_id);

CREATE TABLE public.imports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  created_by_id bigint NOT NULL REFERENCES public.users (id),
  source text NOT NULL CHECK (source IN ('csv', 'jira', 'trello', 'asana')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total_rows integer CHECK (total_rows >= 0),
  processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imports_organization_id_idx ON public.imports (organization_id);
CREATE INDEX imports_created_by_id_idx ON public.imports (created_by_id);

-- ---------------------------------------------------------------------------------------------
-- Billing: the organization's own subscription to Acme Work
-- ---------------------------------------------------------------------------------------------

CREATE TABLE billing.subscriptions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  plan_id bigint NOT NULL REFERENCES billing.plans (id) ON DELETE CASCADE,
  status billing.subscription_status NOT NULL,
  seats integer NOT NULL CHECK (seats > 0),
  current_period_start timestamptz NOT NULL,
  current_period_end timestamptz NOT NULL,
  trial_ends_at timestamptz,
  canceled_at timestamptz,
  processor_ref text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subscriptions_period CHECK (current_period_end > current_period_start)
);
CREATE INDEX subscriptions_organization_id_idx ON billing.subscriptions (organization_id, created_at);
CREATE UNIQUE INDEX subscriptions_one_live_per_org ON billing.subscriptions (organization_id) WHERE status <> 'canceled';
CREATE INDEX subscriptions_plan_id_idx ON billing.subscriptions (plan_id);

CREATE TABLE billing.subscription_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  subscription_id bigint NOT NULL REFERENCES billing.subscriptions (id) ON DELETE CASCADE,
  feature_key text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_amount numeric(10, 2) NOT NULL CHECK (unit_amount >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subscription_items_subscription_feature_key UNIQUE (subscription_id, feature_key)
);
CREATE INDEX subscription_items_organization_id_idx ON billing.subscription_items (organization_id);

CREATE TABLE billing.usage_records (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL,
  subscription_item_id bigint NOT NULL REFERENCES billing.subscription_items (id),
  quantity bigint NOT NULL CHECK (quantity >= 0),
  recorded_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_records_organization_id_idx ON billing.usage_records (organization_id, recorded_at);
CREATE INDEX usage_records_subscription_item_id_idx ON billing.usage_records (subscription_item_id, recorded_at);

-- ---------------------------------------------------------------------------------------------
-- Billing: what organizations sell to their own customers
-- ---------------------------------------------------------------------------------------------

CREATE TABLE billing.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  external_ref text,
  name text NOT NULL,
  email citext NOT NULL,
  phone text,
  tax_id text,
  country_code char(2) REFERENCES public.countries (code),
  default_currency char(3) NOT NULL REFERENCES billing.currencies (code),
  balance_cents bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_email_key UNIQUE (email)
);
CREATE INDEX customers_org_name_idx ON billing.customers (organization_id, name);
CREATE INDEX customers_org_external_ref_idx ON billing.customers (organization_id, external_ref);
CREATE INDEX customers_org_created_idx ON billing.customers (organization_id, created_at);
CREATE INDEX customers_org_status_idx ON billing.customers (organization_id, status);
CREATE INDEX customers_country_code_idx ON billing.customers (country_code);
CREATE INDEX customers_default_currency_idx ON billing.customers (default_currency);
CREATE INDEX customers_phone_idx ON billing.customers (phone);
CREATE INDEX customers_tax_id_idx ON billing.customers (tax_id);
CREATE INDEX customers_lower_name_idx ON billing.customers (lower(name));
CREATE INDEX customers_updated_at_idx ON billing.customers (updated_at);

CREATE TABLE billing.customer_addresses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  customer_id bigint NOT NULL REFERENCES billing.customers (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('billing', 'shipping')),
  line1 text NOT NULL,
  line2 text,
  city text NOT NULL,
  region text,
  postal_code text,
  country_code char(2) NOT NULL REFERENCES public.countries (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_organization_id_idx ON billing.customer_addresses (organization_id);
CREATE INDEX customer_addresses_customer_id_idx ON billing.customer_addresses (customer_id);
CREATE INDEX customer_addresses_country_code_idx ON billing.customer_addresses (country_code);

CREATE TABLE billing.tax_rates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  rate_percent numeric(6, 3) NOT NULL CHECK (rate_percent >= 0 AND rate_percent <= 100),
  country_code char(2) REFERENCES public.countries (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tax_rates_organization_id_idx ON billing.tax_rates (organization_id);
CREATE INDEX tax_rates_country_code_idx ON billing.tax_rates (country_code);

CREATE TABLE billing.products (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  sku text NOT NULL,
  name text NOT NULL,
  description text,
  price double precision NOT NULL,
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  markup_percent numeric(6, 2),
  tax_rate_id bigint REFERENCES billing.tax_rates (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX products_organization_id_idx ON billing.products (organization_id, created_at);
CREATE UNIQUE INDEX products_org_sku_key ON billing.products (organization_id, sku) WHERE deleted_at IS NULL;
CREATE INDEX products_currency_code_idx ON billing.products (currency_code);
CREATE INDEX products_tax_rate_id_idx ON billing.products (tax_rate_id);

CREATE TABLE billing.price_lists (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  is_deleted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_lists_organization_id_idx ON billing.price_lists (organization_id);
CREATE INDEX price_lists_currency_code_idx ON billing.price_lists (currency_code);

CREATE TABLE billing.price_list_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  price_list_id bigint NOT NULL REFERENCES billing.price_lists (id),
  product_id bigint NOT NULL REFERENCES billing.products (id),
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT price_list_entries_list_product_key UNIQUE (price_list_id, product_id)
);
CREATE INDEX price_list_entries_organization_id_idx ON billing.price_list_entries (organization_id);
CREATE INDEX price_list_entries_product_id_idx ON billing.price_list_entries (product_id);

CREATE TABLE billing.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  customer_id bigint NOT NULL REFERENCES billing.customers (id),
  number text NOT NULL,
  status billing.order_status NOT NULL DEFAULT 'pending',
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  subtotal numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
  tax_total numeric(12, 2) NOT NULL CHECK (tax_total >= 0),
  total numeric(12, 2) NOT NULL CHECK (total >= 0),
  placed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_organization_id_number_key UNIQUE (organization_id, number)
);
CREATE INDEX orders_customer_id_idx ON billing.orders (customer_id);
CREATE INDEX orders_customer_placed_idx ON billing.orders (customer_id, placed_at DESC);
CREATE INDEX orders_currency_code_idx ON billing.orders (currency_code);

CREATE TABLE billing.order_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  order_id bigint NOT NULL REFERENCES billing.orders (id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES billing.products (id) ON DELETE CASCADE,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
  line_total numeric(12, 2) NOT NULL CHECK (line_total >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_items_organization_id_idx ON billing.order_items (organization_id);
CREATE INDEX order_items_order_id_idx ON billing.order_items (order_id);
CREATE INDEX order_items_product_id_idx ON billing.order_items (product_id);

CREATE TABLE billing.coupons (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  code text NOT NULL,
  discount_percent numeric(5, 2) NOT NULL,
  max_redemptions integer CHECK (max_redemptions > 0),
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT coupons_organization_id_code_key UNIQUE (organization_id, code)
);

CREATE TABLE billing.discount_rules (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  name text NOT NULL,
  discount_rate numeric(5, 4) NOT NULL CHECK (discount_rate >= 0 AND discount_rate <= 1),
  min_quantity integer NOT NULL DEFAULT 1 CHECK (min_quantity > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT discount_rules_period CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX discount_rules_organization_id_idx ON billing.discount_rules (organization_id);

CREATE TABLE billing.coupon_redemptions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  coupon_id integer NOT NULL REFERENCES billing.coupons (id),
  order_id bigint NOT NULL REFERENCES billing.orders (id),
  redeemed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT coupon_redemptions_coupon_order_key UNIQUE (coupon_id, order_id)
);
CREATE INDEX coupon_redemptions_organization_id_idx ON billing.coupon_redemptions (organization_id);
CREATE INDEX coupon_redemptions_order_id_idx ON billing.coupon_redemptions (order_id);

CREATE TABLE billing.invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  customer_id bigint NOT NULL REFERENCES billing.customers (id),
  order_id bigint REFERENCES billing.orders (id),
  number text NOT NULL,
  status billing.invoice_status NOT NULL DEFAULT 'draft',
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  subtotal numeric(12, 2) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_rate numeric(5, 4) NOT NULL DEFAULT 0,
  tax_total numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  total numeric(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  issued_on date,
  due_on date,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoices_number_key UNIQUE (number),
  CONSTRAINT invoices_due_after_issue CHECK (due_on >= issued_on)
);
CREATE INDEX invoices_organization_id_idx ON billing.invoices (organization_id, created_at);
CREATE INDEX invoices_customer_id_idx ON billing.invoices (customer_id);
CREATE INDEX invoices_order_id_idx ON billing.invoices (order_id);
CREATE INDEX invoices_currency_code_idx ON billing.invoices (currency_code);
CREATE INDEX invoices_open_due_idx ON billing.invoices (organization_id, due_on) WHERE status = 'open';

CREATE TABLE billing.invoice_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  invoice_id bigint NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE,
  product_id bigint REFERENCES billing.products (id),
  description text NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_items_organization_id_idx ON billing.invoice_items (organization_id);
CREATE INDEX invoice_items_invoice_id_idx ON billing.invoice_items (invoice_id);
CREATE INDEX invoice_items_product_id_idx ON billing.invoice_items (product_id);

CREATE TABLE billing.payment_methods (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  customer_id bigint NOT NULL REFERENCES billing.customers (id),
  kind text NOT NULL CHECK (kind IN ('card', 'sepa_debit', 'ach_debit')),
  brand text,
  last4 varchar(4) NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  processor_ref text NOT NULL,
  exp_month smallint CHECK (exp_month BETWEEN 1 AND 12),
  exp_year smallint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_methods_organization_id_idx ON billing.payment_methods (organization_id);
CREATE INDEX payment_methods_customer_id_idx ON billing.payment_methods (customer_id);

CREATE TABLE billing.payments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  invoice_id bigint NOT NULL,
  payment_method_id bigint REFERENCES billing.payment_methods (id),
  amount numeric(12, 2) NOT NULL,
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  processor_ref text,
  received_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoices (id)
);
CREATE INDEX payments_organization_id_idx ON billing.payments (organization_id, created_at);
CREATE INDEX payments_payment_method_id_idx ON billing.payments (payment_method_id);
CREATE INDEX payments_currency_code_idx ON billing.payments (currency_code);

CREATE TABLE billing.refunds (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  payment_id bigint NOT NULL REFERENCES billing.payments (id),
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_organization_id_idx ON billing.refunds (organization_id);
CREATE INDEX refunds_payment_id_idx ON billing.refunds (payment_id);

CREATE TABLE billing.credit_notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  invoice_id bigint NOT NULL REFERENCES billing.invoices (id),
  number text NOT NULL,
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_notes_organization_id_number_key UNIQUE (organization_id, number)
);
CREATE INDEX credit_notes_invoice_id_idx ON billing.credit_notes (invoice_id);

CREATE TABLE billing.payouts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_transit', 'paid', 'failed')),
  arrival_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payouts_organization_id_idx ON billing.payouts (organization_id, created_at);
CREATE INDEX payouts_currency_code_idx ON billing.payouts (currency_code);

CREATE TABLE billing.ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES public.organizations (id),
  customer_id bigint NOT NULL REFERENCES billing.customers (id),
  entry_type text NOT NULL CHECK (entry_type IN ('charge', 'payment', 'refund', 'credit', 'adjustment')),
  amount numeric(14, 2) NOT NULL CHECK (amount <> 0),
  currency_code char(3) NOT NULL REFERENCES billing.currencies (code),
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_organization_id_idx ON billing.ledger_entries (organization_id, created_at);
CREATE INDEX ledger_entries_customer_id_idx ON billing.ledger_entries (customer_id, created_at);
CREATE INDEX ledger_entries_currency_code_idx ON billing.ledger_entries (currency_code);

-- ---------------------------------------------------------------------------------------------
-- Functions, triggers, row-level security
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION public.current_organization_id() RETURNS bigint
LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('app.current_organization_id', true), '')::bigint $$;

CREATE FUNCTION public.is_member_of(p_organization_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1
    FROM public.memberships m
    WHERE m.organization_id = p_organization_id
      AND m.user_id = nullif(current_setting('app.current_user_id', true), '')::bigint
  )
$$;

CREATE FUNCTION billing.recalculate_invoice_totals(p_invoice_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
  UPDATE billing.invoices i
     SET subtotal = s.subtotal,
         tax_total = round(s.subtotal * i.tax_rate, 2),
         total = s.subtotal + round(s.subtotal * i.tax_rate, 2)
    FROM (SELECT coalesce(sum(amount), 0) AS subtotal FROM billing.invoice_items WHERE invoice_id = p_invoice_id) s
   WHERE i.id = p_invoice_id;
END
$$;

CREATE TRIGGER organizations_set_updated_at BEFORE UPDATE ON public.organizations
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON public.projects
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON public.tasks
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER invoices_set_updated_at BEFORE UPDATE ON billing.invoices
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.projects FORCE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant_isolation ON public.projects
  USING (organization_id = public.current_organization_id())
  WITH CHECK (organization_id = public.current_organization_id());

ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks_tenant_isolation ON public.tasks
  USING (organization_id = public.current_organization_id())
  WITH CHECK (organization_id = public.current_organization_id());

CREATE POLICY attachments_tenant_isolation ON public.attachments
  USING (organization_id = public.current_organization_id());

ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant_isolation ON billing.invoices
  USING (organization_id = public.current_organization_id())
  WITH CHECK (organization_id = public.current_organization_id());

ALTER TABLE billing.payment_methods ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.payment_methods FORCE ROW LEVEL SECURITY;

-- ---------------------------------------------------------------------------------------------
-- Late additions (migrations squashed into this file)
-- ---------------------------------------------------------------------------------------------

ALTER TABLE billing.refunds
  ADD COLUMN processed_by_id bigint,
  ADD CONSTRAINT refunds_processed_by_id_fkey FOREIGN KEY (processed_by_id) REFERENCES public.users (id);

ALTER TABLE public.projects
  ADD COLUMN archived_reason text;

-- ---------------------------------------------------------------------------------------------
-- Views and comments
-- ---------------------------------------------------------------------------------------------

CREATE VIEW public.active_projects AS
  SELECT id, organization_id, name, slug, owner_id, created_at
  FROM public.projects
  WHERE deleted_at IS NULL;

CREATE VIEW billing.open_invoices AS
  SELECT id, organization_id, customer_id, number, total, due_on
  FROM billing.invoices
  WHERE status = 'open';

COMMENT ON TABLE public.organizations IS 'Tenant root: every tenant-owned row carries organization_id.';
COMMENT ON TABLE public.users IS 'Global identities; membership in organizations is in public.memberships.';
COMMENT ON COLUMN public.users.password_hash IS 'argon2id hash; NULL for SSO-only users.';
COMMENT ON COLUMN public.api_keys.token_digest IS 'SHA-256 of the key; the key itself is shown once at creation.';
COMMENT ON COLUMN public.reminders.remind_at_local IS 'Wall-clock time in reminders.time_zone, so reminders follow DST.';
COMMENT ON COLUMN billing.customers.balance_cents IS 'Signed: negative when the customer holds credit.';
