-- 012: the audit log becomes a hash chain (server/audit/audit-chain.ts writes down the encoding).
-- Writers only INSERT rows (no lock: the id comes from the identity sequence), so bookings append
-- side by side; a separate sealing step, under the one row of audit_chain_head, gives the rows that
-- have committed their place in the chain (chain_seq 1, 2, 3 … in the order it seals them), the hash
-- of the entry before (prev_hash) and their own (entry_hash). `hub audit-verify` recomputes it.
ALTER TABLE audit_log
  ADD COLUMN chain_seq  bigint UNIQUE,
  ADD COLUMN prev_hash  text,
  ADD COLUMN entry_hash text,
  ADD CONSTRAINT audit_log_sealed_whole CHECK (
    (chain_seq IS NULL AND prev_hash IS NULL AND entry_hash IS NULL)
    OR (chain_seq IS NOT NULL AND prev_hash IS NOT NULL AND entry_hash IS NOT NULL));
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE chain_seq IS NULL;

-- The last sealed entry (seq 0 and 64 zeros: nothing sealed yet). Sealers lock this row.
CREATE TABLE audit_chain_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_seq  bigint NOT NULL,
  entry_hash text NOT NULL
);
INSERT INTO audit_chain_head (chain_seq, entry_hash) VALUES (0, repeat('0', 64));

-- Rows arrive unsealed; the one UPDATE allowed is sealing an unsealed row, its contents unchanged.
-- DELETE and TRUNCATE stay refused (migration 003). A table owner can still disable these triggers:
-- then the chain shows what was changed.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.chain_seq IS NOT NULL THEN
      RAISE EXCEPTION 'audit_log rows are sealed by the hub, not inserted sealed';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
     AND (NEW.id, NEW.at, NEW.staff_id, NEW.device_id, NEW.action, NEW.entity, NEW.entity_id,
          NEW.municipality_code, NEW.detail)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.staff_id, OLD.device_id, OLD.action, OLD.entity, OLD.entity_id,
          OLD.municipality_code, OLD.detail) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_insert_unsealed BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chain_seq > OLD.chain_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_head only moves forward';
END
$$;
CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only();

-- The online booking's audit entry, written with the booking by the database: hub_book_online
-- (migration 011) inserts the bookings in one statement, and this adds no round trip to that hot path.
-- Ids only: the coupon, the slot, the dose, the channel.
CREATE FUNCTION audit_online_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (at, staff_id, device_id, action, entity, entity_id, municipality_code, detail)
  VALUES (NEW.created_at, NULL, NULL, 'booking.book', 'booking', NEW.id::text, NEW.municipality_code,
          jsonb_build_object('before', '{}'::jsonb,
                             'after', jsonb_build_object('couponId', NEW.coupon_id, 'slotId', NEW.slot_id,
                                                         'doseNumber', NEW.dose_number, 'channel', NEW.channel,
                                                         'status', NEW.status)));
  RETURN NULL;
END
$$;
CREATE TRIGGER bookings_audit_online AFTER INSERT ON bookings
  FOR EACH ROW WHEN (NEW.channel = 'online') EXECUTE FUNCTION audit_online_booking();
