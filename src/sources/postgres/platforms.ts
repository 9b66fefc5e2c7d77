// Hosted platforms whose migrations assume objects the platform creates before any migration runs.
// Supabase projects reference auth.users, auth.uid(), the `extensions` schema and its roles; without
// them most of a Supabase schema would fail to load. We create minimal stand-ins before the user's
// migrations and leave the platform's own schemas out of the review.

export interface Platform {
  name: string;
  /** SQL run in the embedded engine before the user's statements. */
  prelude: string;
  /** Schemas that belong to the platform, not to the user: not reviewed. */
  platformSchemas: string[];
  /** Extensions the prelude needs from the embedded engine. */
  extensions: string[];
}

const SUPABASE: Platform = {
  name: 'Supabase',
  extensions: ['pgcrypto', 'uuid-ossp'],
  platformSchemas: ['auth', 'extensions', 'storage', 'realtime', 'graphql', 'graphql_public', 'vault', 'supabase_functions'],
  prelude: `
DO $$ BEGIN
  CREATE ROLE anon NOLOGIN; CREATE ROLE authenticated NOLOGIN; CREATE ROLE service_role NOLOGIN;
  CREATE ROLE supabase_admin NOLOGIN; CREATE ROLE supabase_auth_admin NOLOGIN; CREATE ROLE authenticator NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA extensions;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE IF NOT EXISTS auth.users (
  id uuid PRIMARY KEY, email text, phone text, role text,
  raw_app_meta_data jsonb, raw_user_meta_data jsonb,
  created_at timestamptz, updated_at timestamptz
);
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$;
CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT NULL::text $$;
CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$ SELECT NULL::text $$;
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT '{}'::jsonb $$;
CREATE SCHEMA IF NOT EXISTS storage;
SET search_path TO public, extensions;`,
};

/** The platform a set of migration files targets, judged by where they live. */
export function detectPlatform(paths: string[]): Platform | undefined {
  return paths.some((p) => p.split(/[\\/]/).includes('supabase')) ? SUPABASE : undefined;
}
