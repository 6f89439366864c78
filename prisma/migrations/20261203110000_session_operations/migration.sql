-- Session replacement records its provider call first (docs/payments.md, "atomic phases"): the new session is inserted
-- without provider data, beside a pending `initiate` operation whose id is the provider's idempotency key; the caller
-- commits, calls the provider, then `kassa_finish_initiate` stores the answer. A crash in between leaves the pending
-- operation for reconciliation to finish with the same key.
--
-- It also refuses to replace a session whose payment is under way (3-D Secure, settling, being confirmed): the money of
-- such a session may still arrive, so replacing it could charge the cart twice. With `p_reuse` (the shop API's
-- payment intent), a live session of the same provider for the collection's amount is answered instead of a new one.
-- A replaced session of a provider that keeps state remotely (Stripe) gets a `session.cancel` job in the same commit.
DROP FUNCTION IF EXISTS kassa_replace_live_session(TEXT, TEXT, TEXT, VARCHAR, BIGINT, TEXT, JSONB, JSONB, TIMESTAMPTZ);

CREATE FUNCTION kassa_replace_live_session(
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
    IF c.status = 'not_paid' THEN
        UPDATE "PaymentCollection" SET status = 'awaiting', "updatedAt" = p_now WHERE id = p_collection_id;
    END IF;
    outcome := 'created';
    session_id := p_session_id;
    RETURN NEXT;
END
$fn$;

-- The initiate call's answer, in one round trip and in the house lock order (collection, then session): store the
-- provider's intent on the session and finish the operation. A failed call (p_ok false) takes the new session out of play.
CREATE FUNCTION kassa_finish_initiate(
    p_op_id TEXT,
    p_session_id TEXT,
    p_ok BOOLEAN,
    p_provider_ref TEXT,
    p_data JSONB,
    p_amount_minor BIGINT,
    p_error JSONB,
    p_now TIMESTAMPTZ(3)
) RETURNS VOID LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
    PERFORM 1 FROM "PaymentCollection" pc
      WHERE pc.id = (SELECT "collectionId" FROM "PaymentSession" WHERE id = p_session_id) FOR UPDATE;
    PERFORM 1 FROM "PaymentSession" WHERE id = p_session_id FOR UPDATE;
    UPDATE "PaymentOperation"
       SET status = CASE WHEN p_ok THEN 'succeeded'::"PaymentOperationStatus" ELSE 'failed'::"PaymentOperationStatus" END,
           "inFlightForSessionId" = NULL, "completedAt" = p_now, error = p_error
     WHERE id = p_op_id AND status = 'pending';
    IF p_ok THEN
        UPDATE "PaymentSession" SET "providerRef" = p_provider_ref, data = p_data, "amountMinor" = p_amount_minor, "updatedAt" = p_now
         WHERE id = p_session_id;
    ELSE
        UPDATE "PaymentSession" SET "liveForCollectionId" = NULL, status = 'canceled', "updatedAt" = p_now
         WHERE id = p_session_id AND "providerRef" IS NULL;
    END IF;
END
$fn$;
