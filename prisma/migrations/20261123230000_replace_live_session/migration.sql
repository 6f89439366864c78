-- One round trip for "a new session replaces the collection's live one" (Medusa v2's payment-session creation).
-- A single SQL statement cannot do it safely: its one snapshot would not see a live session committed by a concurrent
-- caller while it waited for the collection lock, and the insert would break the unique live index. In a PL/pgSQL
-- function each statement takes a fresh snapshot (READ COMMITTED), so after the lock the retiring UPDATE sees the
-- winner's session. The call runs in one implicit transaction: all of it or none of it.
--
-- Answers one row: outcome 'created' | 'not_found' | 'invalid_state', the collection's status before, and the session
-- taken out of play (if any) so the caller can cancel its intent at the provider.
CREATE FUNCTION kassa_replace_live_session(
    p_collection_id TEXT,
    p_session_id TEXT,
    p_provider_id TEXT,
    p_currency VARCHAR(3),
    p_amount_minor BIGINT,
    p_provider_ref TEXT,
    p_data JSONB,
    p_context JSONB,
    p_now TIMESTAMPTZ(3)
) RETURNS TABLE (
    outcome TEXT,
    collection_status TEXT,
    replaced_id TEXT,
    replaced_provider_id TEXT,
    replaced_data JSONB
) LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    c RECORD;
BEGIN
    SELECT pc.status, pc."authorizedMinor" INTO c FROM "PaymentCollection" pc WHERE pc.id = p_collection_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'not_found';
        RETURN NEXT;
        RETURN;
    END IF;
    collection_status := c.status::text;
    IF c.status = 'canceled' OR c."authorizedMinor" > 0 THEN
        outcome := 'invalid_state';
        RETURN NEXT;
        RETURN;
    END IF;
    UPDATE "PaymentSession" ps
       SET "liveForCollectionId" = NULL, status = 'canceled', "updatedAt" = p_now
     WHERE ps."liveForCollectionId" = p_collection_id
    RETURNING ps.id, ps."providerId", ps.data INTO replaced_id, replaced_provider_id, replaced_data;
    INSERT INTO "PaymentSession" (id, "collectionId", "liveForCollectionId", "providerId", currency, "amountMinor", status,
                                  "providerRef", data, context, "createdAt", "updatedAt")
    VALUES (p_session_id, p_collection_id, p_collection_id, p_provider_id, p_currency, p_amount_minor, 'pending',
            p_provider_ref, p_data, p_context, p_now, p_now);
    IF c.status = 'not_paid' THEN
        UPDATE "PaymentCollection" SET status = 'awaiting', "updatedAt" = p_now WHERE id = p_collection_id;
    END IF;
    outcome := 'created';
    RETURN NEXT;
END
$fn$;
