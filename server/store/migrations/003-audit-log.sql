-- 003: the hub's audit log of staff changes (who, when, what, which record, before and after).
-- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so the application cannot rewrite it.
CREATE TABLE audit_log (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                 timestamptz NOT NULL,
  staff_id           uuid,
  device_id          uuid,
  action             text NOT NULL,
  entity             text NOT NULL,
  entity_id          text NOT NULL,
  municipality_code  text,
  -- {"before": {...}, "after": {...}} of the fields that changed.
  detail             jsonb NOT NULL
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
