export { POST } from "~/server/webhooks/route";
