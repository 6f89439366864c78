-- A payment collection's status moves where Medusa moves it: creating a session leaves it `not_paid` (Medusa v2 derives
-- the status only after an authorization, capture or refund; v1 sets `awaiting` when an authorization is attempted).
-- Session replacement no longer sets `awaiting`; the ledger derives it (`refreshCollection`) once an attempt was made.
CREATE OR REPLACE FUNCTION kassa_replace_live_session(
    p_collection_id TEXT,
    p_session_id TEXT,
    p_provider_id TEXT,
    p_context JSONB,
    p_op_id TEXT,
    p_job_id TEXT,
    p_lease_until TIMESTAMPTZ(3),
    p_remote_providers TEXT[],
    p_reuse BOOLEAN,
    p_request JSONB,
    p_now TIMESTAMPTZ(3)
) RETURNS TABLE (
    outcome TEXT,
    session_id TEXT,
    amount_minor BIGINT,
    currency VARCHAR(3),
    replaced_id TEXT,
    replaced_provider_id TEXT
) LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    c RECORD;
    l RECORD;
BEGIN
    SELECT pc.status, pc."authorizedMinor", pc."amountMinor", pc.currency INTO c
      FROM "PaymentCollection" pc WHERE pc.id = p_collection_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'not_found';
        RETURN NEXT;
        RETURN;
    END IF;
    amount_minor := c."amountMinor";
    currency := c.currency;
    IF c.status = 'canceled' OR c."authorizedMinor" > 0 THEN
        outcome := 'invalid_state';
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT ps.id, ps."providerId", ps.status, ps."amountMinor" INTO l
      FROM "PaymentSession" ps WHERE ps."liveForCollectionId" = p_collection_id FOR UPDATE;
    IF FOUND THEN
        IF l.status IN ('requires_more', 'authorized')
           OR EXISTS (SELECT 1 FROM "Payment" p WHERE p."sessionId" = l.id AND p.flag IS NULL
                      AND p.status IN ('pending', 'requires_action', 'authorized', 'partially_captured', 'captured'))
           OR EXISTS (SELECT 1 FROM "PaymentOperation" o WHERE o."inFlightForSessionId" = l.id
                      AND o.kind IN ('authorize', 'complete_action')) THEN
            outcome := 'busy';
            session_id := l.id;
            RETURN NEXT;
            RETURN;
        END IF;
        IF p_reuse AND l."providerId" = p_provider_id AND l."amountMinor" = c."amountMinor" AND l.status IN ('pending', 'error') THEN
            outcome := 'existing';
            session_id := l.id;
            RETURN NEXT;
            RETURN;
        END IF;
        UPDATE "PaymentSession" SET "liveForCollectionId" = NULL, status = 'canceled', "updatedAt" = p_now WHERE id = l.id;
        replaced_id := l.id;
        replaced_provider_id := l."providerId";
        IF l."providerId" = ANY (p_remote_providers) THEN
            INSERT INTO "Job" (id, name, "uniqueKey", payload, "runAt", "createdAt")
            VALUES (p_job_id, 'session.cancel', 'session.cancel:' || l.id, jsonb_build_object('sessionId', l.id), p_now, p_now)
            ON CONFLICT ("uniqueKey") DO NOTHING;
        END IF;
    END IF;
    INSERT INTO "PaymentSession" (id, "collectionId", "liveForCollectionId", "providerId", currency, "amountMinor", status,
                                  "providerRef", data, context, "createdAt", "updatedAt")
    VALUES (p_session_id, p_collection_id, p_collection_id, p_provider_id, c.currency, c."amountMinor", 'pending',
            NULL, '{}'::jsonb, p_context, p_now, p_now);
    INSERT INTO "PaymentOperation" (id, "sessionId", kind, status, "inFlightForSessionId", "leaseUntil", "amountMinor", currency,
                                    reason, request, "createdAt")
    VALUES (p_op_id, p_session_id, 'initiate', 'pending', p_session_id, p_lease_until, c."amountMinor", c.currency,
            'session_created', p_request, p_now);
    outcome := 'created';
    session_id := p_session_id;
    RETURN NEXT;
END
$fn$;

-- Collections that only had a session created, and no attempt, go back to `not_paid`.
UPDATE "PaymentCollection" pc SET status = 'not_paid'
 WHERE pc.status = 'awaiting'
   AND NOT EXISTS (SELECT 1 FROM "Payment" p WHERE p."collectionId" = pc.id AND p.status <> 'initial');
