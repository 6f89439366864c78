-- AlterTable
ALTER TABLE "CartLine" ADD COLUMN     "number" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "number" SERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "CartLine_number_key" ON "CartLine"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_number_key" ON "Customer"("number");
