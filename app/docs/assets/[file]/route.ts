export { docsAsset as GET } from "~/server/reference/http";
