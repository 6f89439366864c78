import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { catalogRouter } from "./routers/catalog";

export const appRouter = createTRPCRouter({
  catalog: catalogRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
