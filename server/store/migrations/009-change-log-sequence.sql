-- 009: change-log numbers from a sequence. Until now every writer took its numbers from the one
-- change_log_head row as its last statement and held that row locked until its COMMIT had ended, so
-- writers queued one behind the other through every commit. A sequence hands numbers out without a
-- lock; how a reader still never skips a row is the horizon below (server/store/change-log.ts).
-- Stop every hub process before applying this: an older one would go on numbering from the head row.

CREATE SEQUENCE change_log_seq AS bigint OWNED BY change_log.seq;
-- Each number handed out must be covered by change_log_seq.last_value: keep CACHE 1 (the default).
SELECT setval('change_log_seq', last_seq + 1, false) FROM change_log_head WHERE id = 1;
ALTER TABLE change_log ALTER COLUMN seq SET DEFAULT nextval('change_log_seq');

-- A number whose transaction rolled back is settled by a row of op 'gap' (never served).
ALTER TABLE change_log DROP CONSTRAINT change_log_op_check;
ALTER TABLE change_log DROP CONSTRAINT change_log_check;
ALTER TABLE change_log ADD CONSTRAINT change_log_op_check CHECK (op IN ('upsert', 'delete', 'gap'));
ALTER TABLE change_log ADD CONSTRAINT change_log_payload_check CHECK ((op = 'upsert') = (payload IS NOT NULL));

COMMENT ON COLUMN change_log_head.last_seq IS
  'A horizon readers found: every seq up to it is settled (its row committed, or a gap). Writers leave it alone.';

-- The horizon: the highest number N such that every number up to N is settled, so a reader may serve
-- every row up to N and move its cursor there. Each number the sequence has handed out either has its
-- row committed, or its row is being committed (its entry in the primary key makes the INSERT below
-- wait for that transaction, at most wait_ms), or it never will (rolled back, or not written yet): the
-- INSERT then writes a gap row for it, and a writer that still comes with that number fails on the
-- primary key and runs its transaction again. When a writer takes longer than wait_ms, the horizon
-- stops just below its first number. `known`: a horizon the caller found before (a hub process keeps
-- its last one), so that only the numbers after it are looked at.
CREATE FUNCTION hub_change_log_horizon(wait_ms integer, known bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  kept bigint;
  settled bigint;
  handed_out bigint;
  previous_timeout text := current_setting('lock_timeout');
BEGIN
  SELECT last_seq INTO kept FROM change_log_head WHERE id = 1;
  settled := greatest(kept, known);
  SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO handed_out FROM change_log_seq;
  IF handed_out <= settled THEN
    RETURN settled;
  END IF;
  BEGIN
    PERFORM set_config('lock_timeout', greatest(wait_ms, 1) || 'ms', true);
    INSERT INTO change_log (seq, committed_at, entity, entity_id, op, payload, municipality_code)
    SELECT n, now(), 'gap', '', 'gap', NULL, NULL
      FROM generate_series(settled + 1, handed_out) AS n
     WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.seq = n)
    ON CONFLICT (seq) DO NOTHING;
    PERFORM set_config('lock_timeout', previous_timeout, true);
  EXCEPTION WHEN lock_not_available THEN
    SELECT coalesce(min(n) - 1, handed_out) INTO handed_out
      FROM generate_series(settled + 1, handed_out) AS n
     WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.seq = n);
    RETURN handed_out;
  END;
  -- Kept for readers without a horizon of their own, unless another reader (or the prune) writes it now.
  IF handed_out - kept >= 256 THEN
    UPDATE change_log_head SET last_seq = handed_out
     WHERE id = (SELECT id FROM change_log_head WHERE id = 1 AND last_seq < handed_out FOR UPDATE SKIP LOCKED);
  END IF;
  RETURN handed_out;
END
$$;
