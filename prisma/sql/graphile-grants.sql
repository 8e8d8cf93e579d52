-- ── graphile-worker ↔ the application role ───────────────────────────────────────────────────────────
-- graphile-worker creates and migrates its own schema (graphile_worker) with the owner connection when a
-- worker starts (server/jobs/queue-schema.ts → ensureJobQueueSchema(), which then runs this file, also as the
-- owner). Idempotent: safe to run after every graphile-worker upgrade.
--
-- The app connects as `pult_app` and must be able to
--   * enqueue inside business transactions (transactional outbox): graphile_worker.add_job → add_jobs, which
--     are SECURITY INVOKER and write _private_tasks / _private_job_queues / _private_jobs;
--   * run the stale-run sweeper: read _private_jobs, force_unlock_workers (jobs + queues), remove_job;
--   * report the worker heartbeat: read _private_known_crontabs.
-- graphile-worker enables row-level security on its tables without policies (only the owner sees rows), so
-- `pult_app` also gets permissive policies on exactly those tables.

GRANT USAGE ON SCHEMA graphile_worker TO pult_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON graphile_worker._private_jobs TO pult_app;
GRANT SELECT, INSERT, UPDATE ON graphile_worker._private_job_queues TO pult_app;
GRANT SELECT, INSERT ON graphile_worker._private_tasks TO pult_app;
GRANT SELECT ON graphile_worker._private_known_crontabs TO pult_app;
GRANT SELECT ON graphile_worker.jobs TO pult_app;

GRANT EXECUTE ON FUNCTION
  graphile_worker.add_job(text, json, text, timestamptz, integer, text, integer, text[], text),
  graphile_worker.add_jobs(graphile_worker.job_spec[], boolean),
  graphile_worker.remove_job(text),
  graphile_worker.force_unlock_workers(text[])
TO pult_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['_private_jobs', '_private_job_queues', '_private_tasks', '_private_known_crontabs'] LOOP
    IF NOT EXISTS (
      SELECT 1 FROM pg_policies WHERE schemaname = 'graphile_worker' AND tablename = t AND policyname = 'pult_app_access'
    ) THEN
      EXECUTE format('CREATE POLICY pult_app_access ON graphile_worker.%I TO pult_app USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END
$$;
