export { mcpRoute as GET, mcpRoute as POST, mcpRoute as DELETE } from "~/server/reference/mcp";
