export { metricsHandler as GET } from "~/server/ops/routes";
