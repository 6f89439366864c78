export { GET, POST } from "~/server/dialects/magento/router";
