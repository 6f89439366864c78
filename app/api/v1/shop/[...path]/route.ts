export { GET, POST } from "~/server/dialects/shop/router";
