-- AlterTable
ALTER TABLE "Cart" ADD COLUMN     "billingAddress" JSONB;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "billingAddress" JSONB,
ADD COLUMN     "shippingAddress" JSONB;
