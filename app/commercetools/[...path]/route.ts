export { GET, POST, DELETE } from "~/server/dialects/commercetools/router";
