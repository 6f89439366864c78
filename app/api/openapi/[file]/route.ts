export { openApiRoute as GET } from "~/server/reference/http";
