export { GET } from "~/server/dialects/http/health";
