import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { catalogRouter } from "./routers/catalog";
import { cartRouter } from "./routers/cart";
import { checkoutRouter } from "./routers/checkout";
import { dashboardRouter } from "./routers/dashboard";
import { ordersRouter } from "./routers/orders";
import { paymentsRouter } from "./routers/payments";

export const appRouter = createTRPCRouter({
  catalog: catalogRouter,
  account: accountRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  payments: paymentsRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
