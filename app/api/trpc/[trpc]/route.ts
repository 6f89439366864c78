export { GET, POST } from "~/server/trpc/handler";
