export { GET, POST, DELETE } from "~/server/dialects/medusa/router";
