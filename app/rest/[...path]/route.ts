export { GET, POST, PUT, DELETE } from "~/server/dialects/magento/router";
