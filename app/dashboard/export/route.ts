export { exportCsv as GET } from "~/server/console/export-route";
