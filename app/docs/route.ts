export { docsPage as GET } from "~/server/reference/http";
