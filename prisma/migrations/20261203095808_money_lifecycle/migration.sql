-- CreateEnum
CREATE TYPE "PaymentFlag" AS ENUM ('retired_session', 'canceled_collection', 'completed_cart', 'amount_mismatch');

-- CreateEnum
CREATE TYPE "PaymentOperationKind" AS ENUM ('initiate', 'update_amount', 'authorize', 'complete_action', 'capture', 'refund', 'cancel');

-- CreateEnum
CREATE TYPE "PaymentOperationStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "flag" "PaymentFlag",
ADD COLUMN     "flaggedAt" TIMESTAMPTZ(3),
ADD COLUMN     "returnedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PaymentOperation" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "paymentId" TEXT,
    "kind" "PaymentOperationKind" NOT NULL,
    "status" "PaymentOperationStatus" NOT NULL DEFAULT 'pending',
    "inFlightForSessionId" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "amountMinor" BIGINT,
    "currency" VARCHAR(3) NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "request" JSONB,
    "error" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PaymentOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uniqueKey" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 10,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaymentOperation_inFlightForSessionId_key" ON "PaymentOperation"("inFlightForSessionId");

-- CreateIndex
CREATE INDEX "PaymentOperation_sessionId_createdAt_idx" ON "PaymentOperation"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentOperation_status_leaseUntil_idx" ON "PaymentOperation"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "Job_uniqueKey_key" ON "Job"("uniqueKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- AddForeignKey
ALTER TABLE "PaymentOperation" ADD CONSTRAINT "PaymentOperation_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "PaymentSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
