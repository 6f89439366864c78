export { live as GET } from "~/server/ops/health";
