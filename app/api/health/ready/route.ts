export { ready as GET } from "~/server/ops/health";
