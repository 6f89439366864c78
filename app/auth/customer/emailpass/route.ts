export { emailPassPOST as POST } from "~/server/dialects/medusa/router";
