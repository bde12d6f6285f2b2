-- 016: every desk's audit chain, as the desk sent it in its sync round (server/audit/desk-audit-chains.ts).
-- One chain per device from position 1; the hub recomputes each link before it keeps an entry, so a
-- device's rows here always verify (domain/audit-chain.ts spells the hash). Ids only, no resident's data.
-- Append-only like audit_log: UPDATE, DELETE and TRUNCATE are refused; `hub audit-verify` recomputes
-- every device's chain, so a table owner who disables the trigger is found out at the first broken link.
CREATE TABLE desk_audit_log (
  device_id    uuid NOT NULL REFERENCES devices (id),
  chain_seq    bigint NOT NULL CHECK (chain_seq >= 1),
  at           text NOT NULL,
  staff_id     text,
  action       text NOT NULL,
  entity       text NOT NULL,
  entity_ids   jsonb NOT NULL,
  detail       jsonb NOT NULL,
  prev_hash    text NOT NULL,
  entry_hash   text NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (device_id, chain_seq)
);
CREATE INDEX desk_audit_log_by_time ON desk_audit_log (at);

CREATE FUNCTION desk_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'desk_audit_log is append-only';
END
$$;
CREATE TRIGGER desk_audit_log_no_update_delete BEFORE UPDATE OR DELETE ON desk_audit_log
  FOR EACH ROW EXECUTE FUNCTION desk_audit_log_append_only();
CREATE TRIGGER desk_audit_log_no_truncate BEFORE TRUNCATE ON desk_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION desk_audit_log_append_only();
