-- CreateEnum
CREATE TYPE "CaptureMode" AS ENUM ('automatic', 'manual');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('owner', 'operator', 'viewer');

-- AlterEnum
ALTER TYPE "OrderPaymentStatus" ADD VALUE 'authorized';

-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN     "label" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "revokedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "source" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "PaymentSession" ADD COLUMN     "source" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "note" TEXT,
ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "Region" ADD COLUMN     "captureMode" "CaptureMode" NOT NULL DEFAULT 'automatic';

-- CreateTable
CREATE TABLE "Staff" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "staffId" TEXT,
    "staffEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "amountMinor" BIGINT,
    "currency" VARCHAR(3),
    "outcome" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB,
    "ip" TEXT NOT NULL DEFAULT '',
    "surface" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSession_tokenHash_key" ON "StaffSession"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_id_idx" ON "AuditEntry"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_targetType_targetId_createdAt_idx" ON "AuditEntry"("targetType", "targetId", "createdAt");

-- CreateIndex
CREATE INDEX "Payment_createdAt_id_idx" ON "Payment"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Payment_status_createdAt_id_idx" ON "Payment"("status", "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: no staff action's record can be edited or removed, whatever the caller.
CREATE OR REPLACE FUNCTION kassa_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'AuditEntry is append-only' USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION kassa_audit_append_only();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
    FOR EACH STATEMENT EXECUTE FUNCTION kassa_audit_append_only();

-- Payments made through commercetools have no session; every other surface names itself on the session.
UPDATE "Payment" SET source = 'commercetools' WHERE "sessionId" IS NULL;

-- A session names the surface that started it (p_request.source), for the merchant console's filters.
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
                                  "providerRef", data, context, source, "createdAt", "updatedAt")
    VALUES (p_session_id, p_collection_id, p_collection_id, p_provider_id, c.currency, c."amountMinor", 'pending',
            NULL, '{}'::jsonb, p_context, COALESCE(p_request->>'source', ''), p_now, p_now);
    INSERT INTO "PaymentOperation" (id, "sessionId", kind, status, "inFlightForSessionId", "leaseUntil", "amountMinor", currency,
                                    reason, request, "createdAt")
    VALUES (p_op_id, p_session_id, 'initiate', 'pending', p_session_id, p_lease_until, c."amountMinor", c.currency,
            'session_created', p_request, p_now);
    outcome := 'created';
    session_id := p_session_id;
    RETURN NEXT;
END
$fn$;
