export { GET, POST } from "~/server/dialects/medusa-admin/router";
