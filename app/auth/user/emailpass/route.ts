export { userEmailPassPOST as POST } from "~/server/dialects/medusa-admin/router";
